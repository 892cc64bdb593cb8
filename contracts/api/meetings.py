"""Conferences, their panels and agendas, and the minutes of a meeting."""

from marshmallow import Schema, fields, validate

from contracts.api.common import Paging, Strict, Uuid, text


class ConferenceQuery(Paging):
    from_ = fields.DateTime(load_default=None, data_key="from")
    to = fields.DateTime(load_default=None)


class ActionIn(Strict):
    owner_id = Uuid(required=True)
    description = text(1000)
    due_date = fields.Date(required=True)


class MinutesItemIn(Strict):
    case_id = Uuid(required=True)
    discussion = text(8000)
    recommendations = text(4000)
    agreed_plan = text(2000, required=False, load_default="")  # what the presenter will do
    actions = fields.List(fields.Nested(ActionIn), load_default=list)


class AttendanceIn(Strict):
    clinician_id = Uuid(required=True)
    # present, sent apologies, or did not attend (absent, without apologies)
    status = fields.String(
        required=True, validate=validate.OneOf(("present", "apologies", "absent"))
    )


class RecordMinutes(Strict):
    items = fields.List(
        fields.Nested(MinutesItemIn), required=True, validate=validate.Length(min=1)
    )
    attendance = fields.List(fields.Nested(AttendanceIn), load_default=list)


class Person(Schema):
    id = fields.String()
    name = fields.String()
    email = fields.String()
    band = fields.Integer()
    service = fields.String()
    site = fields.String()
    role = fields.String()  # on a panel: attendee, or expert (invited for a case)


class AgendaItem(Schema):
    case_id = fields.String()
    title = fields.String()
    slot_starts_at = fields.String()
    slot_ends_at = fields.String()


class ConferenceOut(Schema):
    id = fields.String()
    series = fields.String()
    starts_at = fields.String()
    ends_at = fields.String()
    location = fields.String()
    status = fields.String()
    chair = fields.Nested(Person, allow_none=True)
    attendees = fields.List(fields.Nested(Person))
    agenda = fields.List(fields.Nested(AgendaItem))
    minutes_recorded = fields.Boolean()


class ConferenceList(Schema):
    items = fields.List(fields.Nested(ConferenceOut))
    total = fields.Integer()
