"""The checks a case's content passes before it is stored: new, draft, submitted or edited.

Nothing that could identify a patient is ever stored, not even in a draft
(Caldicott: the minimum necessary). Red flags are checked whenever the case
goes to, or is already with, peer support; a draft is the presenter's notebook,
so its check waits until it is submitted.
"""

from __future__ import annotations

from contracts import api
from contracts.errors import Invalid
from contracts.kinds import not_asked_of
from mskpeer.platform.validation import (
    load,
    refuse_patient_identifiers,
    refuse_unescalated_red_flags,
)
from services.cases.domain import DRAFT, FREE_TEXT, Case


def checked_submission(payload) -> dict:
    """A new case, or a draft with `"draft": true`, loaded and guarded."""
    details = load(api.submission_schema(payload), payload)
    return _guarded(details, drafting=details["draft"])


def checked_draft(case: Case) -> dict:
    """A draft about to be submitted, complete (422 naming what is missing) and guarded."""
    return _guarded(_complete(case.as_written()), drafting=False)


def checked_revision(case: Case, changes: dict) -> dict:
    """The whole case as `changes` would leave it, checked as it was when first saved.

    A change of kind leaves behind the stored details the new kind is not asked (a
    patient case become a professional topic loses its age band); details sent with it
    that the kind is not asked are refused, naming them."""
    stored = case.as_written()
    for name in not_asked_of(changes.get("kind", case.kind)):
        stored.pop(name, None)
    merged = {**stored, **changes}
    drafting = case.status == DRAFT
    details = load(api.DraftCase(), merged) if drafting else _complete(merged)
    return _guarded(details, drafting=drafting)


# A field a draft may leave empty: the request was well formed, the case is what is short.
_EMPTY = ("Missing data for required field.", "Field may not be null.")


def _complete(details: dict) -> dict:
    try:
        return load(api.SubmitCase(), details)
    except Invalid as error:
        fields = {
            name: [api.NEEDED_TO_SUBMIT if m in _EMPTY else m for m in messages]
            if isinstance(messages, list)
            else messages
            for name, messages in error.fields.items()
        }
        raise Invalid(error.code, error.message, fields) from None


def _guarded(details: dict, drafting: bool) -> dict:
    free_text = {name: details[name] for name in FREE_TEXT if details.get(name)}
    refuse_patient_identifiers(free_text)
    if not drafting:
        details["red_flags"] = refuse_unescalated_red_flags(
            free_text, details["red_flags_escalated"]
        )
        if details["red_flags"]:
            _escalation_recorded(details)
    return details


def _escalation_recorded(details: dict) -> None:
    """An escalation is a clinical safety record: through which pathway, and to whom when
    it was none of the local ones. A tick alone says nothing a review could follow up."""
    problems = {}
    if not details.get("escalation_pathway"):
        problems["escalation_pathway"] = ["say which urgent pathway you escalated through"]
    elif details["escalation_pathway"] == "another_route" and not details.get("escalated_to"):
        problems["escalated_to"] = ["say whom you escalated to"]
    if problems:
        raise Invalid("ESCALATION_NOT_RECORDED", "say how the red flags were escalated", problems)
