"""The evidence for commissioners, and each clinician's CPD record."""

from datetime import UTC, date, datetime

from marshmallow import Schema, fields, validate, validates_schema
from marshmallow.exceptions import ValidationError

GROUP_BY = ("conference", "chair", "service", "site", "body_region")


class When(fields.Field):
    """A day (`2026-01-01`, from its midnight) or a moment (ISO 8601); UTC unless it says."""

    def __init__(self, **kwargs):
        documented = {"type": "string", "anyOf": [{"format": "date"}, {"format": "date-time"}]}
        super().__init__(metadata=documented | kwargs.pop("metadata", {}), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            if len(str(value)) == 10:
                return datetime.combine(date.fromisoformat(value), datetime.min.time(), UTC)
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError("a date (2026-01-31) or an ISO 8601 date and time") from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Period(Schema):
    from_ = When(load_default=None, data_key="from")
    to = When(load_default=None, metadata={"description": "up to, not including"})

    @validates_schema
    def _in_order(self, data, **kwargs):
        if data["from_"] and data["to"] and data["from_"] >= data["to"]:
            raise ValidationError("must be after from", "to")


class OutcomeReportQuery(Period):
    group_by = fields.String(load_default="conference", validate=validate.OneOf(GROUP_BY))
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "csv")))


class CpdQuery(Period):
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "html")))


class Figures(Schema):
    cases_discussed = fields.Integer()
    follow_ups_asked = fields.Integer()
    outcomes_returned = fields.Integer()
    follow_up_completion_rate = fields.Float(allow_none=True)
    no_response = fields.Integer()
    awaiting_answer = fields.Integer()
    referral_intended = fields.Integer()
    referral_avoided = fields.Integer()
    referral_avoided_rate = fields.Float(allow_none=True)
    referral_made_as_intended = fields.Integer()
    referral_made_as_intended_rate = fields.Float(allow_none=True)
    referral_not_intended_but_made = fields.Integer()
    management_changed = fields.Integer()
    management_changed_rate = fields.Float(allow_none=True)
    improved = fields.Integer()
    improved_rate = fields.Float(allow_none=True)
    patient_status = fields.Dict(keys=fields.String(), values=fields.Integer())
    msk_hq = fields.Dict()
    days_submission_to_discussion = fields.Dict()
    attendance = fields.Dict()


class GroupFigures(Figures):
    key = fields.String()
    label = fields.String()


class MonthFigures(Schema):
    month = fields.String()
    cases_discussed = fields.Integer()
    outcomes_returned = fields.Integer()
    referral_intended = fields.Integer()
    referral_avoided = fields.Integer()
    referral_avoided_rate = fields.Float(allow_none=True)


class OutcomeReport(Schema):
    from_ = fields.String(allow_none=True, data_key="from")
    to = fields.String(allow_none=True)
    group_by = fields.String()
    total = fields.Nested(Figures)
    groups = fields.List(fields.Nested(GroupFigures))
    by_month = fields.List(fields.Nested(MonthFigures))


class CpdRecord(Schema):
    clinician = fields.Dict()
    from_ = fields.String(allow_none=True, data_key="from")
    to = fields.String(allow_none=True)
    summary = fields.Dict()
    conferences = fields.List(fields.Dict())
    cases_presented = fields.List(fields.Dict())
    reflections = fields.List(fields.Dict())
