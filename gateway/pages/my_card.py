"""Changing my own contact card: what I know, and how and when colleagues can reach me.

The cases service checks the card with the API's schema (PUT /api/v1/clinicians/{id}/card
calls the same RPC); this page turns the form into that shape and the refusal back into
messages on the form's own fields. Name, band, service and site come from the staff
directory, so they are shown, not asked.
"""

from __future__ import annotations

from contracts import policy
from contracts.errors import Invalid
from contracts.schemas import EXPERTISE_LEVELS, PROFESSIONAL_ROLES, TAG
from gateway.calls import call
from gateway.pages.directory import LEVELS, ROLES
from gateway.pages.refusals import Question, refusal
from gateway.pages.web import Visit, page, redirect
from gateway.pages.words import as_tag, tag_words

MAX_AREAS = 20  # as the card's schema allows
SPARE_ROWS = 3  # empty rows to add areas without any script
TEXTS = ("happy_to_help_with", "availability", "preferred_contact")
# Areas are stored as tags (words.as_tag), so only length and a first letter can be wrong.
BAD_AREA = ["use only letters, numbers and spaces, from 2 to 40 of them"]


class MyCardPage:
    @page("GET", "/me/card", policy.EDIT_CARD)
    def my_card_form(self, visit: Visit):
        me = visit.person
        card = call(self.cases, "get_card", me["id"], me)
        form = {
            "role": card["role"],
            "areas": [(tag_words(i["area"]), i["level"]) for i in card["expertise"]],
            **{name: card[name] for name in TEXTS},
        }
        return self._card_form(visit, card, form, None)

    @page("POST", "/me/card", policy.EDIT_CARD)
    def save_my_card(self, visit: Visit):
        me = visit.person
        form = written(visit.form)
        try:
            call(self.cases, "update_card", me["id"], card_changes(form), me)
        except Invalid as error:
            card = call(self.cases, "get_card", me["id"], me)
            return self._card_form(visit, card, form, on_rows(error), status=422)
        return redirect(f"/clinicians/{me['id']}?saved=1")

    def _card_form(self, visit: Visit, card: dict, form: dict, refused: Invalid | None, status=200):
        areas = form["areas"][:MAX_AREAS]
        spare = max(0, min(SPARE_ROWS, MAX_AREAS - len(areas)))
        found = refusal(refused, questions(len(areas) + spare)) if refused else None
        return visit.page(
            "card_edit.html",
            status,
            card=card,
            form={**form, "areas": areas + [("", "")] * spare},
            errors=found.summary if found else [],
            messages=found.messages if found else {},
            roles=[(code, ROLES[code]) for code in PROFESSIONAL_ROLES],
            levels=[(level, LEVELS[level].removesuffix(" in")) for level in EXPERTISE_LEVELS],
        )


def written(form) -> dict:
    """The form as the clinician filled it in, rows in their order, empty ones left out."""
    rows = []
    for n in range(MAX_AREAS + SPARE_ROWS):
        area = form.get(f"area-{n}", "").strip()
        level = form.get(f"level-{n}", "")
        if area or level:
            rows.append((area, level))
    return {
        "role": form.get("role", ""),
        "areas": rows,
        **{name: form.get(name, "").replace("\r\n", "\n").strip() for name in TEXTS},
    }


def card_changes(form: dict) -> dict:
    """The API's card; a part left empty is left out, for the service's schema to name."""
    expertise = []
    for area, level in form["areas"]:
        item = {"area": as_tag(area)} if area else {}
        expertise.append({**item, "level": level} if level else item)
    changes = {"expertise": expertise, **{name: form[name] for name in TEXTS}}
    if form["role"]:
        changes["role"] = form["role"]
    return changes


def questions(rows: int) -> tuple[Question, ...]:
    per_row = []
    for n in range(rows):
        per_row += [
            Question(f"area-{n}", f"Area {n + 1}", f"Enter area {n + 1}, or clear its level"),
            Question(
                f"level-{n}",
                f"Level of area {n + 1}",
                f"Select how much you know about area {n + 1}",
            ),
        ]
    return (
        Question("role", "Your role", "Select your role"),
        *per_row,
        Question("happy_to_help_with", "What you are happy to help with", ""),
        Question("availability", "When you can help", ""),
        Question("preferred_contact", "How to reach you", ""),
    )


def on_rows(error: Invalid) -> Invalid:
    """The refusal with each expertise message on its row's fields ("area-2", "level-2"):
    the rows sent are the rows shown again, in the same order."""
    fields = dict(error.fields)
    per_item = fields.pop("expertise", {})
    if not isinstance(per_item, dict):  # about the list as a whole, e.g. too many areas
        fields["area-0"] = per_item
        per_item = {}
    for index, messages in per_item.items():
        for part, text in messages.items():
            fields[f"{part}-{index}"] = (
                BAD_AREA if part == "area" and _is_a_tag_rule(text) else text
            )
    return Invalid(error.code, error.message, fields)


def _is_a_tag_rule(messages) -> bool:
    return TAG.error in messages
