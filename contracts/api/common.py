"""What every route shares: strict loading, paging, sign-in and the error shape."""

from marshmallow import RAISE, Schema, fields, validate

MAX_PAGE_SIZE = 500


class Strict(Schema):
    class Meta:
        unknown = RAISE


def text(max_length: int, required: bool = True, **kwargs):
    return fields.String(
        required=required,
        validate=validate.Length(min=1 if required else 0, max=max_length),
        **kwargs,
    )


class TokenRequest(Strict):
    email = fields.Email(required=True)
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))


class TokenOut(Schema):
    access_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()


class Paging(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_PAGE_SIZE))


class ErrorOut(Schema):
    error = fields.String()
    message = fields.String()
    fields_ = fields.Dict(data_key="fields")
