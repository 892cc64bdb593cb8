"""The minutes form: what the chair typed, the API's shape of it, and refusals in their words.

The scheduling service checks everything (the same schemas and patient-data
guard as the API); this module only turns the form into the API's shape and
a refusal into an error summary linked to the fields. Items follow the
agenda's order, so the service's `items.<i>` is the form's item `i`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup

from contracts.api.meetings import ATTENDANCE
from contracts.errors import Invalid
from gateway.pages.case_form import highlighted
from gateway.pages.dates import as_typed, blank, iso
from gateway.pages.words import words

ITEM_TEXTS = ("discussion", "recommendations", "agreed_plan")
# The due date is the NHS three-field date: `...-due_date-day`, `-month` and `-year`.
ACTION_KEY = re.compile(
    r"^items-(\d+)-actions-(\d+)-(owner_id|description|due_date-(?:day|month|year))$"
)

# What is asked for when a field is empty, and its name inside a message.
ASK = {
    "discussion": ("Enter the discussion of", "The discussion of"),
    "recommendations": ("Enter the recommendations for", "The recommendations for"),
    "agreed_plan": ("Enter the agreed plan for", "The agreed plan for"),
    "owner_id": ("Choose who will do", "The owner of"),
    "description": ("Say what will be done for", "The description of"),
    "due_date": ("Enter the date due for", "The due date of"),
}


@dataclass
class Problems:
    """What the form shows after a refusal: the summary, a message per field, the previews."""

    summary: list[dict] = field(default_factory=list)  # [{"field": id, "message"}]
    messages: dict[str, str] = field(default_factory=dict)
    previews: dict[str, Markup] = field(default_factory=dict)

    def add(self, field_id: str, message: str) -> None:
        self.summary.append({"field": field_id, "message": message})
        self.messages.setdefault(field_id, message)


def blank_action() -> dict:
    return {"owner_id": "", "description": "", "due_date": blank()}


def _filled(action: dict) -> bool:
    return bool(action["owner_id"] or action["description"] or any(action["due_date"].values()))


def written(form, agenda: list[dict]) -> dict:
    """The form as the chair typed it, one item per agenda item (in the agenda's order).

    Text is matched to its case by the case id sent with it, not by position, so
    an agenda that changed while the form was open never files notes under the
    wrong patient. Action rows left wholly empty are dropped.
    """
    sent: dict[str, dict] = {}
    index = 0
    while f"items-{index}-case_id" in form:
        item = {name: _text(form, f"items-{index}-{name}") for name in ITEM_TEXTS}
        item["not_reached"] = form.get(f"items-{index}-not_reached") == "yes"
        item["actions"] = _actions(form, index)
        sent[form[f"items-{index}-case_id"]] = item
        index += 1
    attendance = {
        key.removeprefix("attendance-"): value
        for key, value in form.items()
        if key.startswith("attendance-") and value in ATTENDANCE
    }
    return {"items": _in_agenda_order(agenda, sent), "attendance": attendance}


def restored(saved: dict | None, agenda: list[dict]) -> dict:
    """A saved draft (or nothing yet) as the form shows it."""
    saved = saved or {"items": [], "attendance": []}
    sent = {
        item["case_id"]: {
            **{name: item.get(name) or "" for name in ITEM_TEXTS},
            "not_reached": bool(item.get("not_reached")),
            "actions": [
                {
                    "owner_id": action.get("owner_id") or "",
                    "description": action.get("description") or "",
                    "due_date": as_typed(action.get("due_date")),
                }
                for action in item.get("actions", [])
            ],
        }
        for item in saved["items"]
    }
    attendance = {row["clinician_id"]: row["status"] for row in saved["attendance"]}
    return {"items": _in_agenda_order(agenda, sent), "attendance": attendance}


def _in_agenda_order(agenda: list[dict], sent: dict[str, dict]) -> list[dict]:
    empty = {**dict.fromkeys(ITEM_TEXTS, ""), "not_reached": False, "actions": []}
    return [
        {**empty, **sent.get(item["case_id"], {}), "case_id": item["case_id"]} for item in agenda
    ]


def _text(form, key: str) -> str:
    return form.get(key, "").replace("\r\n", "\n").strip()


def _actions(form, item: int) -> list[dict]:
    rows: dict[int, dict] = {}
    for key in form:
        found = ACTION_KEY.match(key)
        if found and int(found[1]) == item:
            row = rows.setdefault(int(found[2]), blank_action())
            name, _, part = found[3].partition("-")
            if part:
                row[name][part] = _text(form, key)
            else:
                row[name] = _text(form, key)
    return [rows[j] for j in sorted(rows) if _filled(rows[j])]


def as_minutes(sheet: dict, *, draft: bool) -> dict:
    """`written` in the API's shape. A draft may leave anything empty; published minutes
    may not, and an empty field is sent empty so the service names it."""
    items = []
    for item in sheet["items"]:
        actions = [
            {
                "owner_id": action["owner_id"] or (None if draft else ""),
                "description": action["description"],
                "due_date": iso(action["due_date"]),
            }
            for action in item["actions"]
        ]
        keys = ("case_id", "not_reached", *ITEM_TEXTS)
        # A case not reached keeps no actions: it is discussed at its next conference.
        items.append(
            {**{k: item[k] for k in keys}, "actions": [] if item["not_reached"] else actions}
        )
    attendance = [
        {"clinician_id": person, "status": status} for person, status in sheet["attendance"].items()
    ]
    return {"items": items, "attendance": attendance}


def problems(refusal: Invalid, sheet: dict, titles: dict[str, str]) -> Problems:
    """The service's refusal as messages on the form's fields (ids as `field_id` makes them)."""
    found = Problems()
    guarded = refusal.code == "PATIENT_IDENTIFIABLE_DATA"
    for path, messages in sorted(_flat(refusal.fields or {}).items()):
        parts = path.split(".")
        if parts[0] == "items" and len(parts) >= 3 and parts[1].isdigit():
            _item_problem(found, sheet, titles, parts, messages, guarded)
        elif parts[0] == "attendance":
            found.add("attendance", "Attendance: " + _joined(messages))
        else:
            found.add(_first_field_id(sheet), _joined(messages))
    if not found.summary:
        found.add(_first_field_id(sheet), refusal.message)
    return found


def _item_problem(found, sheet, titles, parts, messages, guarded) -> None:
    i = int(parts[1])
    item = sheet["items"][i] if i < len(sheet["items"]) else None
    if item is None:
        found.add(_first_field_id(sheet), _joined(messages))
        return
    title = f"‘{titles.get(item['case_id'], 'this case')}’"
    if parts[2] == "actions" and len(parts) == 5 and parts[3].isdigit():
        j, name = int(parts[3]), parts[4]
        value = item["actions"][j][name] if j < len(item["actions"]) else ""
        where = f"action {j + 1} for {title}"
        field_id = f"items-{i}-actions-{j}-{name}"
        if name == "due_date":  # a three-field date: typed as parts, linked by its day
            value, field_id = iso(value or {}) or "", field_id + "-day"
    else:
        name = parts[2]
        value = item.get(name, "")
        where = title
        field_id = f"items-{i}-{name}"
    ask, named = ASK.get(name, ("Check", "The answer for"))
    if guarded:
        kinds = sorted({words(hit["kind"]) for hit in messages})
        found.add(
            field_id,
            f"{named} {where} contains {' and '.join(kinds)}: reword it so that nobody "
            "could identify the patient",
        )
        found.previews[field_id] = highlighted(value, messages, "kind", "")
    elif not value:
        found.add(field_id, f"{ask} {where}")
    elif name == "due_date":
        found.add(field_id, f"{named} {where} must be a real date")
    else:
        found.add(field_id, f"{named} {where}: {_joined(messages)}")


def _flat(fields: dict, prefix: str = "") -> dict[str, list]:
    """`{"items": {"0": {"discussion": [...]}}}` and `{"items.0.discussion": [...]}` alike."""
    flat: dict[str, list] = {}
    for key, value in fields.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flat(value, path + "."))
        else:
            flat[path] = value if isinstance(value, list) else [value]
    return flat


def _joined(messages: list) -> str:
    return "; ".join(str(m) for m in messages)


def _first_field_id(sheet: dict) -> str:
    return "items-0-discussion" if sheet["items"] else "publish"
