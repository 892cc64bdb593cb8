"""What happened to the patient, recorded weeks after the discussion."""

from marshmallow import Schema, fields, validate, validates_schema
from marshmallow.exceptions import ValidationError

from contracts.api.common import Flag, Strict, count, text
from contracts.schemas import (
    MSK_HQ_RANGE,
    ONWARD_REFERRALS,
    PATIENT_STATUSES,
)

# Whether the actions the conference agreed were carried out.
ACTIONS_COMPLETED = ("all", "some", "none", "no_actions")


class RecordOutcome(Strict):
    onward_referral = fields.String(required=True, validate=validate.OneOf(ONWARD_REFERRALS))
    management_changed = Flag(required=True)
    patient_status = fields.String(required=True, validate=validate.OneOf(PATIENT_STATUSES))
    msk_hq = count(load_default=None, allow_none=True, validate=MSK_HQ_RANGE)
    actions_completed = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(ACTIONS_COMPLETED)
    )
    reflection = text(4000, required=False, load_default="")  # what was learned, for CPD


class ReviseOutcome(Strict):
    """The author's corrections, within 14 days: only the fields that change."""

    onward_referral = fields.String(validate=validate.OneOf(ONWARD_REFERRALS))
    management_changed = Flag()
    patient_status = fields.String(validate=validate.OneOf(PATIENT_STATUSES))
    msk_hq = count(allow_none=True, validate=MSK_HQ_RANGE)
    actions_completed = fields.String(allow_none=True, validate=validate.OneOf(ACTIONS_COMPLETED))
    reflection = text(4000, required=False)

    @validates_schema
    def _something_changes(self, data, **kwargs):
        if not data:
            raise ValidationError("send at least one field to change")


class OutcomeRound(Schema):
    round = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10))


class OutcomeOut(Schema):
    id = fields.String()
    case_id = fields.String()
    round = fields.Integer(metadata={"description": "1: the outcome; 2, 3...: later reviews"})
    onward_referral = fields.String()
    management_changed = fields.Boolean()
    patient_status = fields.String()
    msk_hq = fields.Integer(allow_none=True)
    msk_hq_baseline = fields.Integer(allow_none=True)
    msk_hq_change = fields.Integer(allow_none=True)
    msk_hq_meaningful_improvement = fields.Boolean(
        allow_none=True, metadata={"description": "the change is 6 points or more"}
    )
    actions_completed = fields.String(allow_none=True)
    reflection = fields.String()
    referral_avoided = fields.Boolean()
    referral_made_as_intended = fields.Boolean()
    recorded_by = fields.String()
    recorded_at = fields.String()
    revised_at = fields.String(allow_none=True)
    editable_until = fields.String()


class OutcomeWithReviews(OutcomeOut):
    reviews = fields.List(fields.Nested(OutcomeOut))
    # The later review the presenter is being asked for now (2, 3...), if any.
    review_asked = fields.Integer(allow_none=True)


class AuditEntry(Schema):
    actor_id = fields.String()
    action = fields.String()
    object = fields.String()
    at = fields.String()
    request_id = fields.String(allow_none=True)


class AuditList(Schema):
    items = fields.List(fields.Nested(AuditEntry))
    total = fields.Integer()
