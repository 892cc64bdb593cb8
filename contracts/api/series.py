"""Conference series, and changes to one meeting or to its agenda."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from contracts.api.common import Strict, Uuid, count, text

FOCUSES = ("spinal", "upper_limb", "lower_limb")


class SeriesIn(Strict):
    name = text(120)
    weekday = count(required=True, validate=validate.Range(0, 6))  # Monday is 0
    start_time = fields.String(
        required=True,
        validate=validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", error="use HH:MM, 24-hour"),
    )
    duration_minutes = count(required=True, validate=validate.Range(45, 60))
    every_weeks = count(required=True, validate=validate.OneOf((1, 2)))
    first_date = fields.Date(required=True)
    location = text(500)  # the video link or the room
    focus = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(FOCUSES))
    panel_min = count(load_default=5, validate=validate.Range(3, 20))
    panel_max = count(load_default=8, validate=validate.Range(3, 20))
    capacity_minutes = count(load_default=None, allow_none=True, validate=validate.Range(10, 60))

    @validates_schema
    def bounds_in_order(self, data, **kwargs):
        if data.get("panel_min", 5) > data.get("panel_max", 8):
            raise ValidationError("must be at least panel_min", "panel_max")
        capacity = data.get("capacity_minutes")
        if capacity is not None and capacity > data.get("duration_minutes", 60):
            raise ValidationError("cannot be longer than the meeting", "capacity_minutes")


class SeriesOut(Schema):
    id = fields.String()
    name = fields.String()
    weekday = fields.Integer()
    start_time = fields.String()
    duration_minutes = fields.Integer()
    every_weeks = fields.Integer()
    first_date = fields.String()
    location = fields.String()
    focus = fields.String(allow_none=True)
    panel_min = fields.Integer()
    panel_max = fields.Integer()
    capacity_minutes = fields.Integer(allow_none=True)


class SeriesList(Schema):
    items = fields.List(fields.Nested(SeriesOut))
    total = fields.Integer()


class CancelIn(Strict):
    reason = text(300)  # the panel is told why (e.g. "Bank holiday")


class MoveIn(Strict):
    starts_at = fields.AwareDateTime(required=True)
    location = text(500, required=False, load_default=None, allow_none=True)


class AgendaOrderIn(Strict):
    case_ids = fields.List(Uuid(), required=True)


class AgendaMoveIn(Strict):
    conference_id = Uuid(required=True)
