"""Loading input with a marshmallow schema into our Invalid error (422 with field messages)."""

from marshmallow import Schema, ValidationError

from contracts import red_flags
from contracts.errors import Invalid
from contracts.privacy import check_fields


def load(schema: Schema, payload):
    try:
        return schema.load(payload if payload is not None else {})
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {"_body": error.messages}
        raise Invalid("INVALID_INPUT", "some fields are missing or wrong", messages) from None


def refuse_patient_identifiers(fields: dict) -> None:
    """Nothing that could identify a patient is stored or published (Caldicott: the minimum).

    The 422 names each field, the kind of identifier and its character span,
    so a form can highlight the exact words, but does not repeat the words.
    """
    found = check_fields(fields)
    if found:
        raise Invalid(
            "PATIENT_IDENTIFIABLE_DATA",
            "remove what could identify the patient: names, NHS numbers, dates of birth, "
            "postcodes, phone numbers, email addresses or hospital numbers",
            {
                field: [{k: hit[k] for k in ("kind", "start", "end")} for hit in hits]
                for field, hits in found.items()
            },
        )


def refuse_unescalated_red_flags(fields: dict, escalated: bool) -> list[str]:
    """A patient with red flags must be escalated now, not wait weeks for a conference.

    Returns the flags found (accepted once the presenter says they escalated).
    """
    found = red_flags.check_fields(fields)
    flags = sorted({hit["flag"] for hits in found.values() for hit in hits})
    if flags and not escalated:
        raise Invalid(
            "RED_FLAGS",
            f"possible red flags ({', '.join(f.replace('_', ' ') for f in flags)}): escalate "
            "now through your local urgent pathway rather than wait for a conference; "
            "then resubmit with red_flags_escalated: true",
            {
                field: [{k: hit[k] for k in ("flag", "start", "end")} for hit in hits]
                for field, hits in found.items()
            },
        )
    return flags
