"""marshmallow shapes of the envelope and of the data each event carries.

Producers are checked strictly (`RAISE`) against these in unit tests and at
emit time; consumers read tolerantly (`EXCLUDE`) so that a producer may add a
field without breaking anybody.
"""

from marshmallow import EXCLUDE, Schema, fields, validate

BODY_REGIONS = (
    "cervical_spine",
    "thoracic_spine",
    "lumbar_spine",
    "pelvis_sij",
    "hip",
    "knee",
    "ankle_foot",
    "shoulder",
    "elbow",
    "wrist_hand",
    "multiple",
    "other",
)
CASE_KINDS = ("patient_case", "patient_group", "professional_topic")
URGENCIES = ("routine", "soon")
INTENDED_PLANS = (
    "continue_treatment",
    "refer_msk",
    "refer_orthopaedics",
    "refer_other",
    "discharge",
    "unsure",
)
ONWARD_REFERRALS = ("none", "msk", "orthopaedics", "other")
PATIENT_STATUSES = ("improved", "same", "worse", "discharged", "not_known")


class EnvelopeSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    event_id = fields.String(required=True)
    event_type = fields.String(required=True)
    schema_version = fields.Integer(required=True)
    occurred_at = fields.String(required=True)
    correlation_id = fields.String(required=True)
    causation_id = fields.String(allow_none=True, load_default=None)
    data = fields.Dict(required=True)


class Person(Schema):
    """Who to address: enough to email someone, nothing clinical."""

    id = fields.String(required=True)
    name = fields.String(required=True)
    email = fields.Email(required=True)


class CaseSubmitted(Schema):
    case_id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(CASE_KINDS))
    title = fields.String(required=True)
    question = fields.String(required=True)
    body_region = fields.String(allow_none=True, validate=validate.OneOf(BODY_REGIONS))
    urgency = fields.String(required=True, validate=validate.OneOf(URGENCIES))
    intended_plan = fields.String(required=True, validate=validate.OneOf(INTENDED_PLANS))
    presenter = fields.Nested(Person, required=True)
    submitted_at = fields.String(required=True)


class CaseScheduled(Schema):
    case_id = fields.String(required=True)
    conference_id = fields.String(required=True)
    title = fields.String(required=True)
    starts_at = fields.String(required=True)
    ends_at = fields.String(required=True)
    slot_starts_at = fields.String(required=True)
    slot_ends_at = fields.String(required=True)
    location = fields.String(required=True)
    chair = fields.Nested(Person, required=True)
    presenter = fields.Nested(Person, required=True)


class MinutesItem(Schema):
    case_id = fields.String(required=True)


class MinutesRecorded(Schema):
    conference_id = fields.String(required=True)
    chair = fields.Nested(Person, required=True)
    recorded_at = fields.String(required=True)
    items = fields.List(fields.Nested(MinutesItem), required=True)


class CaseDiscussed(Schema):
    case_id = fields.String(required=True)
    conference_id = fields.String(required=True)
    chair = fields.Nested(Person, required=True)
    title = fields.String(required=True)
    intended_plan = fields.String(required=True, validate=validate.OneOf(INTENDED_PLANS))
    presenter = fields.Nested(Person, required=True)
    discussed_at = fields.String(required=True)


class FollowUpStep(Schema):
    follow_up_id = fields.String(required=True)
    case_id = fields.String(required=True)
    title = fields.String(required=True)
    presenter = fields.Nested(Person, required=True)
    chair = fields.Nested(Person, required=True)
    due_at = fields.String(required=True)


class OutcomeRecorded(Schema):
    case_id = fields.String(required=True)
    outcome_id = fields.String(required=True)
    recorded_by = fields.String(required=True)
    recorded_at = fields.String(required=True)
    onward_referral = fields.String(required=True, validate=validate.OneOf(ONWARD_REFERRALS))
    referral_avoided = fields.Boolean(required=True)


class CaseWithdrawn(Schema):
    case_id = fields.String(required=True)
    conference_id = fields.String(required=True, allow_none=True)
    withdrawn_by = fields.String(required=True)
    withdrawn_at = fields.String(required=True)
