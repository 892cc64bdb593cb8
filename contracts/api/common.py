"""What every route shares: strict loading, paging, sign-in and the error shape."""

from marshmallow import RAISE, Schema, fields, validate

MAX_PAGE_SIZE = 500
# Far past any list we hold, and small enough that page * page_size is a valid
# SQL OFFSET (a page number of 10^33 was a 500).
MAX_PAGE = 100_000
MAX_SERIAL = 2**31 - 1  # the largest id of a 32-bit serial column (actions, deliveries)


class Strict(Schema):
    class Meta:
        unknown = RAISE


def text(max_length: int, required: bool = True, **kwargs):
    return fields.String(
        required=required,
        validate=validate.Length(min=1 if required else 0, max=max_length),
        **kwargs,
    )


class Uuid(fields.UUID):
    """An id: documented as `format: uuid`, loaded as its canonical string."""

    def _deserialize(self, value, attr, data, **kwargs):
        return str(super()._deserialize(value, attr, data, **kwargs))


def count(**kwargs):
    """A whole number in a JSON body: 2.5 or "3" is refused, not rounded."""
    return fields.Integer(strict=True, **kwargs)


class Flag(fields.Boolean):
    """true or false in a JSON body: 0, 1 or "yes" is refused, not guessed at."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class TokenRequest(Strict):
    email = fields.Email(required=True)
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))


class TokenOut(Schema):
    access_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()


class Paging(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_PAGE_SIZE))


class ErrorOut(Schema):
    error = fields.String()
    message = fields.String()
    fields_ = fields.Dict(data_key="fields")
