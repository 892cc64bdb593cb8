"""The checks a case's content passes before it is stored: new, draft, submitted or edited.

Nothing that could identify a patient is ever stored, not even in a draft
(Caldicott: the minimum necessary). Red flags are checked whenever the case
goes to, or is already with, peer support; a draft is the presenter's notebook,
so its check waits until it is submitted.
"""

from __future__ import annotations

from contracts import api
from contracts.errors import Invalid
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
    """The whole case as `changes` would leave it, checked as it was when first saved."""
    merged = {**case.as_written(), **changes}
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
    return details
