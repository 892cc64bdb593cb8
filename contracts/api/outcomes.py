"""What happened to the patient, recorded weeks after the discussion."""

from marshmallow import Schema, fields, validate

from contracts.api.common import Strict, text
from contracts.schemas import (
    ONWARD_REFERRALS,
    PATIENT_STATUSES,
)


class RecordOutcome(Strict):
    onward_referral = fields.String(required=True, validate=validate.OneOf(ONWARD_REFERRALS))
    management_changed = fields.Boolean(required=True)
    patient_status = fields.String(required=True, validate=validate.OneOf(PATIENT_STATUSES))
    msk_hq = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(0, 56))
    reflection = text(4000, required=False, load_default="")


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
