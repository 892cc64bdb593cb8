"""A service's refusal of a form (`Invalid`) as the NHS error summary and a message per field.

The services check every form with the API's own schemas; these words only
translate marshmallow's messages into what the person should do next.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from contracts import api
from contracts.errors import Invalid
from gateway.pages.words import words


@dataclass(frozen=True)
class Question:
    name: str
    label: str
    missing: str  # what to do when it is left empty, as the error summary says it


@dataclass
class Refusal:
    summary: list[dict] = field(default_factory=list)  # [{"field", "message"}], in form order
    messages: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.summary.append({"field": name, "message": message})
        self.messages.setdefault(name, message)


def refusal(error: Invalid, questions: tuple[Question, ...]) -> Refusal:
    """What to show for `error`; a message about the whole form goes to the first question."""
    found = Refusal()
    by_name = {q.name: q for q in questions}
    for question in questions:
        if question.name in error.fields:
            found.add(question.name, _in_words(question, error.code, error.fields[question.name]))
    for name, messages in error.fields.items():
        if name not in by_name:
            found.add(questions[0].name, f"{words(name)}: {_joined(messages)}")
    if not found.summary:
        found.add(questions[0].name, error.message)
    return found


def _in_words(question: Question, code: str, messages) -> str:
    if code == "PATIENT_IDENTIFIABLE_DATA":  # the hits: [{"kind", "start", "end"}]
        kinds = sorted({words(hit["kind"]) for hit in messages})
        return (
            f"{question.label} contains {' and '.join(kinds)}: reword it so that nobody "
            "could identify the patient"
        )
    text = _joined(messages)
    if "Missing data" in text or "Field may not be null" in text or api.NEEDED_TO_SUBMIT in text:
        return question.missing
    if "Not a valid integer" in text:
        return f"{question.label} must be a whole number"
    if "Not a valid date" in text:
        return f"{question.label} must be a real date"
    return f"{question.label}: {text}"


def _joined(messages) -> str:
    if isinstance(messages, dict):  # a message per item of a list
        messages = [m for item in messages.values() for m in item]
    return "; ".join(map(str, messages)) if isinstance(messages, list) else str(messages)
