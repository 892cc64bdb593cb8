"""Conferences, their panels and agendas, and the minutes of a meeting."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from contracts.api.common import Flag, Paging, Strict, Uuid, text


class ConferenceQuery(Paging):
    from_ = fields.DateTime(load_default=None, data_key="from")
    to = fields.DateTime(load_default=None)


class ActionIn(Strict):
    owner_id = Uuid(required=True)
    description = text(1000)
    due_date = fields.Date(required=True)


NEEDED_UNLESS_NOT_REACHED = "needed unless `not_reached` is true"


class MinutesItemIn(Strict):
    case_id = Uuid(required=True)
    # Not reached in the time: no discussion; the case moves to the next suitable
    # conference and its presenter is told (case.rescheduled).
    not_reached = Flag(load_default=False)
    discussion = text(
        8000, required=False, load_default="", metadata={"description": NEEDED_UNLESS_NOT_REACHED}
    )
    recommendations = text(
        4000, required=False, load_default="", metadata={"description": NEEDED_UNLESS_NOT_REACHED}
    )
    agreed_plan = text(2000, required=False, load_default="")  # what the presenter will do
    actions = fields.List(fields.Nested(ActionIn), load_default=list)

    @validates_schema
    def discussed_unless_not_reached(self, data, **kwargs):
        if data.get("not_reached"):
            if data.get("actions"):
                raise ValidationError("a case not reached has no actions yet", "actions")
            return
        # A rule OpenAPI 3.0 cannot state (no if/then): said in the chair's words.
        missing = {
            name: [f"write the {name}, or mark the case not reached"]
            for name in ("discussion", "recommendations")
            if not data.get(name)
        }
        if missing:
            raise ValidationError(missing)


# present, sent apologies, or did not attend (absent, without apologies)
ATTENDANCE = ("present", "apologies", "absent")


class AttendanceIn(Strict):
    clinician_id = Uuid(required=True)
    status = fields.String(required=True, validate=validate.OneOf(ATTENDANCE))


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
    red_flags = fields.List(fields.String())  # escalated by the presenter before submitting
    escalation_pathway = fields.String(allow_none=True)


class ConferenceOut(Schema):
    id = fields.String()
    series = fields.String()
    series_name = fields.String()  # what people call it, e.g. "Weekly MSK peer case conference"
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
