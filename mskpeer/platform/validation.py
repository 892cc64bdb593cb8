"""Loading input with a marshmallow schema into our Invalid error (422 with field messages)."""

from marshmallow import Schema, ValidationError

from contracts.errors import Invalid


def load(schema: Schema, payload):
    try:
        return schema.load(payload if payload is not None else {})
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {"_body": error.messages}
        raise Invalid("INVALID_INPUT", "some fields are missing or wrong", messages) from None
