"""Request and response shapes of the public API.

The gateway validates with them (422 with a message per field) and builds the
OpenAPI document from them, so the document cannot drift; each service loads
what it receives with the same schema.
"""

from marshmallow import RAISE, Schema, fields, validate, validates_schema
from marshmallow.exceptions import ValidationError

from contracts.schemas import (
    BODY_REGIONS,
    CASE_KINDS,
    INTENDED_PLANS,
    ONWARD_REFERRALS,
    PATIENT_STATUSES,
    URGENCIES,
)

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


class SubmitCase(Strict):
    kind = fields.String(required=True, validate=validate.OneOf(CASE_KINDS))
    title = text(120)
    summary = text(4000)
    question = text(1000)
    body_region = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(BODY_REGIONS)
    )
    urgency = fields.String(required=True, validate=validate.OneOf(URGENCIES))
    intended_plan = fields.String(required=True, validate=validate.OneOf(INTENDED_PLANS))
    # True once the presenter has escalated the red flags we found through the
    # local urgent pathway; the case then comes to peer support as well.
    red_flags_escalated = fields.Boolean(load_default=False)

    @validates_schema
    def body_region_for_patient_cases(self, data, **kwargs):
        # A patient case is about one body region; groups and topics may not be.
        if data.get("kind") == "patient_case" and not data.get("body_region"):
            raise ValidationError("required for a patient_case", "body_region")


class CaseOut(Schema):
    id = fields.String()
    kind = fields.String()
    title = fields.String()
    summary = fields.String()
    question = fields.String()
    body_region = fields.String(allow_none=True)
    urgency = fields.String()
    intended_plan = fields.String()
    status = fields.String()
    presenter_id = fields.String()
    conference_id = fields.String(allow_none=True)
    submitted_at = fields.String()
    discussed_at = fields.String(allow_none=True)
    red_flags = fields.List(fields.String())
    red_flags_escalated = fields.Boolean()


class CaseList(Schema):
    items = fields.List(fields.Nested(CaseOut))
    total = fields.Integer()


CASE_STATES = ("submitted", "scheduled", "discussed", "outcome_pending", "closed", "withdrawn")


class CaseListQuery(Paging):
    status = fields.String(load_default=None, validate=validate.OneOf(CASE_STATES))
    mine = fields.Boolean(load_default=False)
    body_region = fields.String(load_default=None, validate=validate.OneOf(BODY_REGIONS))
    q = fields.String(load_default=None, validate=validate.Length(min=2, max=100))


class ConferenceQuery(Paging):
    from_ = fields.DateTime(load_default=None, data_key="from")
    to = fields.DateTime(load_default=None)


class ActionIn(Strict):
    owner_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    description = text(1000)
    due_date = fields.Date(required=True)


class MinutesItemIn(Strict):
    case_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    discussion = text(8000)
    recommendations = text(4000)
    actions = fields.List(fields.Nested(ActionIn), load_default=list)


class AttendanceIn(Strict):
    clinician_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    status = fields.String(required=True, validate=validate.OneOf(("present", "apologies")))


class RecordMinutes(Strict):
    items = fields.List(
        fields.Nested(MinutesItemIn), required=True, validate=validate.Length(min=1)
    )
    attendance = fields.List(fields.Nested(AttendanceIn), load_default=list)


class RecordOutcome(Strict):
    onward_referral = fields.String(required=True, validate=validate.OneOf(ONWARD_REFERRALS))
    management_changed = fields.Boolean(required=True)
    patient_status = fields.String(required=True, validate=validate.OneOf(PATIENT_STATUSES))
    msk_hq = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(0, 56))
    reflection = text(4000, required=False, load_default="")


class Person(Schema):
    id = fields.String()
    name = fields.String()
    email = fields.String()
    band = fields.Integer()
    service = fields.String()
    site = fields.String()


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


class OutcomeOut(Schema):
    id = fields.String()
    case_id = fields.String()
    onward_referral = fields.String()
    management_changed = fields.Boolean()
    patient_status = fields.String()
    msk_hq = fields.Integer(allow_none=True)
    reflection = fields.String()
    referral_avoided = fields.Boolean()
    recorded_by = fields.String()
    recorded_at = fields.String()


class ErrorOut(Schema):
    error = fields.String()
    message = fields.String()
    fields_ = fields.Dict(data_key="fields")


class NotificationQuery(Paging):
    status = fields.String(
        load_default=None, validate=validate.OneOf(("queued", "sending", "sent", "failed"))
    )
    mine = fields.Boolean(load_default=False)


class DeadLetterQuery(Paging):
    status = fields.String(
        load_default=None, validate=validate.OneOf(("parked", "replay_requested", "replayed"))
    )


class AuditQuery(Paging):
    object = fields.String(
        required=True,
        validate=validate.Regexp(r"^case:[0-9a-f-]{36}$", error="use case:<case id>"),
    )
