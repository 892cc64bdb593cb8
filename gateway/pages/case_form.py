"""The case form: its fields in clinicians' words, what it sends, and the guards' answers shown.

The cases service checks everything (the same schema and guards as the API);
this module only turns a form into the API's shape and a refusal into an error
summary, with the exact words a guard found highlighted under their field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from contracts import privacy, red_flags
from contracts.errors import Invalid
from contracts.kinds import not_asked_of
from contracts.schemas import (
    AGE_BANDS,
    BODY_REGIONS,
    CASE_KINDS,
    INTENDED_PLANS,
    SEXES,
    START_MSK_RISKS,
    URGENCIES,
)
from gateway.pages.words import as_tag, tag_words, words


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    hint: str = ""
    choices: tuple[str, ...] = ()
    kind: str = "text"  # text, long_text, choice, number or tags
    missing: str = ""  # what the error says when a required field is empty


NO_IDENTIFIERS = (
    "Never write anything that could identify the patient: no names, dates of birth or other "
    "full dates, NHS or hospital numbers, addresses, postcodes, phone numbers or email addresses."
)

FIELDS = (
    Field(
        "kind",
        "What is the case about?",
        "One patient, a group of patients with something in common, or a professional topic.",
        CASE_KINDS,
        "choice",
        "Select what the case is about",
    ),
    Field(
        "title",
        "Title",
        "A few words your peers will see on the agenda, for example "
        "'Lateral elbow pain not settling'.",
        missing="Enter a title",
    ),
    Field(
        "summary",
        "Summary",
        "The clinical story: age in decades ('in their forties'), history, findings and what "
        "has been tried. Use relative times ('3 weeks ago'). " + NO_IDENTIFIERS,
        kind="long_text",
        missing="Enter a summary of the case",
    ),
    Field(
        "question",
        "Your question for the conference",
        "What do you want your peers to help you decide?",
        kind="long_text",
        missing="Enter your question for the conference",
    ),
    Field("body_region", "Body region", "Needed for a patient case.", BODY_REGIONS, "choice"),
    Field(
        "urgency",
        "How soon should it be discussed?",
        "Red flags cannot wait for a conference: escalate them now through your local "
        "urgent pathway.",
        URGENCIES,
        "choice",
        "Select how soon it should be discussed",
    ),
    Field(
        "intended_plan",
        "What do you plan to do now?",
        "What you would do without the conference's view: it shows what peer support changed.",
        INTENDED_PLANS,
        "choice",
        "Select what you plan to do now",
    ),
    Field("age_band", "Age band", choices=AGE_BANDS, kind="choice"),
    Field("sex", "Sex", choices=SEXES, kind="choice"),
    Field("duration_weeks", "How many weeks has the problem lasted?", kind="number"),
    Field(
        "treatment_so_far",
        "Treatment so far (optional)",
        "Treatments and how long each was tried.",
        kind="long_text",
    ),
    Field("start_msk_risk", "STarT MSK risk (optional)", choices=START_MSK_RISKS, kind="choice"),
    Field(
        "msk_hq_baseline",
        "MSK-HQ score at the start (optional)",
        "From 0 to 56; higher is better.",
        kind="number",
    ),
    Field(
        "tags",
        "Conditions or skills (optional)",
        "Separated by commas, for example: frozen shoulder, hand OA. "
        "They help find the colleagues best placed to help.",
        kind="tags",
    ),
)
BY_NAME = {f.name: f for f in FIELDS}
# The kinds of case that ask each field the others do not: the form shows such a field
# only for those (case_kind.js hides it as the kind changes; without the script the
# server still sends only what the chosen kind asks).
ASKED_ONLY_BY = {
    f.name: " ".join(kind for kind in CASE_KINDS if f.name not in not_asked_of(kind))
    for f in FIELDS
    if any(f.name in not_asked_of(kind) for kind in CASE_KINDS)
}
SEPARATORS = re.compile(r"[,;\n]+")  # a condition is often more than one word


@dataclass
class Problems:
    """What the form shows after a refusal: the summary, a message per field, the previews."""

    summary: list[dict] = field(default_factory=list)  # [{"field", "message"}]
    messages: dict[str, str] = field(default_factory=dict)
    previews: dict[str, Markup] = field(default_factory=dict)
    red_flags: bool = False  # the presenter is asked whether they escalated
    flagged: str = ""  # the first field with a red flag: the question goes beside it

    def add(self, name: str, message: str) -> None:
        target = name if name in BY_NAME else "kind"  # a message about the whole form
        self.summary.append({"field": target, "message": message})
        self.messages.setdefault(target, message)


def written(form) -> dict:
    """The form's fields as the clinician wrote them (line ends as the server counts them)."""
    return {f.name: form.get(f.name, "").replace("\r\n", "\n").strip() for f in FIELDS}


def as_written(stored: dict) -> dict:
    """A stored case as the form shows it, to be changed."""
    shown = {}
    for f in FIELDS:
        value = stored.get(f.name)
        if f.kind == "tags":
            shown[f.name] = ", ".join(map(tag_words, value or ()))
        else:
            shown[f.name] = "" if value is None else str(value)
    return shown


ESCALATION = ("red_flags_escalated", "escalation_pathway", "escalated_to")


def escalation_of(form) -> dict:
    """How the presenter escalated red flags, as the form says it ({} if not ticked)."""
    if form.get("red_flags_escalated") != "yes":
        return {}
    return {
        "red_flags_escalated": True,
        "escalation_pathway": form.get("escalation_pathway") or None,
        "escalated_to": form.get("escalated_to", "").strip() or None,
    }


def case_details(case: dict, *, draft: bool, escalated: dict) -> dict:
    """What `written` becomes in the API's shape; what cannot be read is left for the
    service's schema to name (a number that is not one stays text)."""
    details: dict = {"draft": draft}
    not_asked = not_asked_of(case.get("kind"))
    for name, value in case.items():
        kind = BY_NAME[name].kind
        if name in not_asked:  # hidden for this kind: what it held is not this case's
            continue
        if kind == "tags":
            details[name] = [as_tag(words) for words in SEPARATORS.split(value) if words.strip()]
        elif value and kind == "number":
            details[name] = int(value) if value.isdigit() else value
        elif value:
            details[name] = value
    details.update(escalated)
    return details


WRITTEN = tuple(f.name for f in FIELDS if f.kind in ("text", "long_text"))
GUARDS = (
    ("PATIENT_IDENTIFIABLE_DATA", privacy.check_fields),
    ("RED_FLAGS", red_flags.check_fields),
)


def findings(case: dict) -> dict[str, Markup]:
    """What the service's guards would refuse, per field, shown on the exact words: the same
    checks (contracts), run as the clinician types so nothing has to be sent to find out."""
    texts = {name: case.get(name, "") for name in WRITTEN}
    shown: dict[str, Markup] = {}
    for code, check in GUARDS:
        hits = check(texts)
        if not hits:
            continue
        found = problems(Invalid(code, "", hits), case)
        for name in hits:
            shown.setdefault(
                name,
                Markup(
                    '<div class="nhsuk-inset-text"><p>{}</p><p class="app-preview">{}</p></div>'
                ).format(found.messages[name], found.previews[name]),
            )
    return shown


def problems(error: Invalid, case: dict) -> Problems:
    found = Problems()
    if error.code == "PATIENT_IDENTIFIABLE_DATA":
        for name, hits in error.fields.items():
            kinds = sorted({words(hit["kind"]) for hit in hits})
            found.add(
                name,
                f"{_label(name)} contains {' and '.join(kinds)}: reword it so that nobody "
                "could identify the patient",
            )
            found.previews[name] = highlighted(case.get(name, ""), hits, "kind", "")
    elif error.code == "RED_FLAGS":
        found.red_flags = True
        found.flagged = next((f.name for f in FIELDS if f.name in error.fields), "")
        found.summary.append(
            {
                "field": "red_flags_escalated",
                "message": "Escalate the red flags now through your local urgent pathway, "
                "then say how and tick to confirm",
            }
        )
        for name, hits in error.fields.items():
            flags = sorted({words(hit["flag"]) for hit in hits})
            found.add(
                name,
                f"{_label(name)} mentions {' and '.join(flags)}: escalate now through your "
                "local urgent pathway, then say below that you have",
            )
            found.previews[name] = highlighted(case.get(name, ""), hits, "flag", "red-flag")
    elif error.code == "ESCALATION_NOT_RECORDED":
        found.red_flags = True
        for name in error.fields:
            message = (
                "Select the urgent pathway you used"
                if name == "escalation_pathway"
                else ("Say whom you escalated to (a team or role)")
            )
            found.summary.append({"field": name, "message": message})
            found.messages[name] = message
    else:
        for name, messages in error.fields.items():
            found.add(name, _in_words(name, messages))
    if not found.summary:
        found.add("kind", error.message)
    return found


def highlighted(text: str, hits: list[dict], what: str, style: str) -> Markup:
    """`text` with each hit's span in a <mark>, and its kind said for screen readers."""
    css = "app-found" + (f" app-found--{style}" if style else "")
    parts, at = [], 0
    for hit in sorted(hits, key=lambda h: h["start"]):
        start, end = int(hit["start"]), int(hit["end"])
        parts.append(escape(text[at:start]))
        parts.append(
            Markup(
                '<mark class="{}">{}</mark><span class="nhsuk-u-visually-hidden"> ({})</span>'
            ).format(css, text[start:end], words(hit[what]))
        )
        at = end
    parts.append(escape(text[at:]))
    return Markup("").join(parts)


def _label(name: str) -> str:
    spec = BY_NAME.get(name)
    return spec.label.removesuffix(" (optional)") if spec else "The case"


def _in_words(name: str, messages) -> str:
    if isinstance(messages, dict):  # one message per item of a list, e.g. tags
        messages = [m for item in messages.values() for m in item]
    text = "; ".join(str(m) for m in messages) if isinstance(messages, list) else str(messages)
    spec = BY_NAME.get(name)
    if spec and ("Missing data" in text or text == "required for a patient_case"):
        return spec.missing or ("Select " if spec.kind == "choice" else "Enter ") + _lower_first(
            spec.label
        )
    if spec and spec.kind == "number" and "integer" in text:
        return f"{_label(name)} must be a whole number"
    return f"{_label(name)}: {text}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
