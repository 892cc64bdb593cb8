"""Loading input with a marshmallow schema into our Invalid error (422 with field messages)."""

from marshmallow import Schema, ValidationError

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
