"""The staff list: inviting, importing, changing and deactivating people; setting passwords."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from contracts.api.common import Paging, Strict, text
from contracts.policy import EVERY_ROLE as ROLES

BANDS = validate.Range(4, 8, error="a band is 4 to 8 (Agenda for Change)")


def _roles(**kwargs):
    return fields.List(
        fields.String(validate=validate.OneOf(ROLES)),
        validate=validate.Length(min=1, error="give at least one role"),
        **kwargs,
    )


class StaffIn(Strict):
    """One person to invite: they get an email with a link to set their password."""

    email = fields.Email(required=True)
    name = text(200)
    band = fields.Integer(required=True, validate=BANDS)
    service = text(30)  # a service's code
    site = text(120)  # a site's name
    roles = _roles(required=True)


class StaffChange(Strict):
    name = text(200, required=False)
    band = fields.Integer(validate=BANDS)
    service = text(30, required=False)
    site = text(120, required=False)
    roles = _roles()

    @validates_schema
    def _changes_something(self, data, **kwargs):
        if not data:
            raise ValidationError("give at least one of name, band, service, site, roles")


class StaffOut(Schema):
    id = fields.String()
    name = fields.String()
    email = fields.String()
    band = fields.Integer()
    service = fields.String()
    site = fields.String()
    roles = fields.List(fields.String())
    active = fields.Boolean()
    invited = fields.Boolean(metadata={"description": "invited, no password set yet"})


class StaffHistory(Schema):
    action = fields.String(metadata={"description": "invited, changed, deactivated..."})
    by = fields.String(allow_none=True, metadata={"description": "who did it"})
    at = fields.String()
    details = fields.Dict(allow_none=True)


class StaffDetailOut(StaffOut):
    history = fields.List(fields.Nested(StaffHistory))


class StaffList(Schema):
    items = fields.List(fields.Nested(StaffOut))
    total = fields.Integer()


class StaffQuery(Paging):
    q = fields.String(validate=validate.Length(max=200), metadata={"description": "name or email"})
    site = fields.String(validate=validate.Length(max=120))
    service = fields.String(validate=validate.Length(max=30))
    band = fields.Integer(validate=BANDS)
    role = fields.String(validate=validate.OneOf(ROLES))
    status = fields.String(validate=validate.OneOf(("active", "left")))


class LeaverOut(Schema):
    person = fields.Nested(StaffOut)
    open_actions = fields.List(fields.Dict(), metadata={"description": "to reassign"})


class StaffImportIn(Strict):
    """The staff list as CSV (`name,email,band,service,site,roles`, roles split by `;`)."""

    csv = fields.String(required=True, validate=validate.Length(min=1, max=2_000_000))
    confirm = fields.Boolean(load_default=False, metadata={"description": "store the new rows"})


class ImportRow(Schema):
    line = fields.Integer()
    status = fields.String(metadata={"description": "new, changed, unchanged or error"})
    email = fields.String()
    name = fields.String()
    errors = fields.Dict(metadata={"description": "column: what is wrong"})
    changes = fields.List(fields.String(), metadata={"description": "what a changed row changes"})


class StaffImportOut(Schema):
    rows = fields.List(fields.Nested(ImportRow))
    counts = fields.Dict()
    stored = fields.Boolean()


class SetPasswordIn(Strict):
    token = fields.String(required=True, validate=validate.Length(min=10, max=200))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))


class ForgotPasswordIn(Strict):
    email = fields.Email(required=True)


class AcceptedOut(Schema):
    message = fields.String()
