"""Submitting, drafting, editing and listing cases."""

from marshmallow import Schema, fields, post_load, validate, validates_schema
from marshmallow.exceptions import ValidationError

from contracts.api.common import Flag, Paging, Strict, Uuid, count, text
from contracts.schemas import (
    AGE_BANDS,
    BODY_REGIONS,
    CASE_KINDS,
    DURATION_WEEKS_RANGE,
    INTENDED_PLANS,
    MAX_CASE_TAGS,
    MSK_HQ_RANGE,
    SEXES,
    START_MSK_RISKS,
    TAG,
    URGENCIES,
)


class CaseFields(Strict):
    """What a presenter writes about a case, each field checked when it is there.

    A draft needs only its kind and title (`DraftCase`), a submission all it
    takes to discuss the case (`SubmitCase`); an edit sends what changes (`EditCase`).
    """

    kind = fields.String(validate=validate.OneOf(CASE_KINDS))
    title = fields.String(validate=validate.Length(min=1, max=120))
    summary = fields.String(allow_none=True, validate=validate.Length(min=1, max=4000))
    question = fields.String(allow_none=True, validate=validate.Length(min=1, max=1000))
    body_region = fields.String(allow_none=True, validate=validate.OneOf(BODY_REGIONS))
    urgency = fields.String(allow_none=True, validate=validate.OneOf(URGENCIES))
    intended_plan = fields.String(allow_none=True, validate=validate.OneOf(INTENDED_PLANS))
    # True once the presenter has escalated the red flags we found through the
    # local urgent pathway; the case then comes to peer support as well.
    red_flags_escalated = Flag()
    age_band = fields.String(allow_none=True, validate=validate.OneOf(AGE_BANDS))
    sex = fields.String(allow_none=True, validate=validate.OneOf(SEXES))
    duration_weeks = count(allow_none=True, validate=DURATION_WEEKS_RANGE)
    treatment_so_far = fields.String(allow_none=True, validate=validate.Length(max=2000))
    start_msk_risk = fields.String(allow_none=True, validate=validate.OneOf(START_MSK_RISKS))
    msk_hq_baseline = count(allow_none=True, validate=MSK_HQ_RANGE)
    tags = fields.List(fields.String(validate=TAG), validate=validate.Length(max=MAX_CASE_TAGS))
    preferred_conference_id = Uuid(allow_none=True)


# What a case holds for each field it was not given.
CASE_DEFAULTS = {
    name: [] if name == "tags" else False if name == "red_flags_escalated" else None
    for name in CaseFields._declared_fields
}


class _FilledIn(CaseFields):
    @post_load
    def fill_in_what_was_left_out(self, data, **kwargs):
        return {**CASE_DEFAULTS, **data}


# A field a draft left empty, named when it is submitted or the case edited later.
NEEDED_TO_SUBMIT = "needed once the case goes to peer support (only a draft may leave it empty)"


class SubmitCase(_FilledIn):
    kind = fields.String(required=True, validate=validate.OneOf(CASE_KINDS))
    title = text(120)
    summary = text(4000)
    question = text(1000)
    urgency = fields.String(required=True, validate=validate.OneOf(URGENCIES))
    intended_plan = fields.String(required=True, validate=validate.OneOf(INTENDED_PLANS))
    draft = Flag(
        load_default=False,
        metadata={
            "description": "true: save a draft, which needs only kind and title, is seen by "
            "nobody else and goes to peer support with POST /api/v1/cases/{id}/submit"
        },
    )

    @validates_schema(skip_on_field_errors=False)  # named with any other missing field
    def body_region_for_patient_cases(self, data, **kwargs):
        # A patient case is about one body region; groups and topics may not be.
        if data.get("kind") == "patient_case" and not data.get("body_region"):
            raise ValidationError("required for a patient_case", "body_region")


class DraftCase(_FilledIn):
    kind = fields.String(required=True, validate=validate.OneOf(CASE_KINDS))
    title = text(120)
    draft = Flag(load_default=True, validate=validate.Equal(True))


def submission_schema(payload) -> Schema:
    """`POST /api/v1/cases` with `"draft": true` saves a draft; otherwise the case is submitted."""
    wants = payload.get("draft") if isinstance(payload, dict) else None
    return DraftCase() if wants is True else SubmitCase()


class EditCase(CaseFields):
    @validates_schema
    def something_to_change(self, data, **kwargs):
        if not data:
            raise ValidationError("send at least one field to change")


class CaseOut(Schema):
    id = fields.String()
    kind = fields.String()
    title = fields.String()
    summary = fields.String(allow_none=True)
    question = fields.String(allow_none=True)
    body_region = fields.String(allow_none=True)
    urgency = fields.String(allow_none=True)
    intended_plan = fields.String(allow_none=True)
    age_band = fields.String(allow_none=True)
    sex = fields.String(allow_none=True)
    duration_weeks = fields.Integer(allow_none=True)
    treatment_so_far = fields.String(allow_none=True)
    start_msk_risk = fields.String(allow_none=True)
    msk_hq_baseline = fields.Integer(allow_none=True)
    tags = fields.List(fields.String())
    preferred_conference_id = fields.String(allow_none=True)
    status = fields.String()
    presenter_id = fields.String()
    conference_id = fields.String(allow_none=True)
    created_at = fields.String()
    submitted_at = fields.String(allow_none=True)  # None while a draft
    revised_at = fields.String(allow_none=True)
    discussed_at = fields.String(allow_none=True)
    red_flags = fields.List(fields.String())
    red_flags_escalated = fields.Boolean()


class CaseList(Schema):
    items = fields.List(fields.Nested(CaseOut))
    total = fields.Integer()


CASE_STATES = (
    "draft",
    "submitted",
    "scheduled",
    "discussed",
    "outcome_pending",
    "closed",
    "withdrawn",
)


class CaseListQuery(Paging):
    status = fields.String(load_default=None, validate=validate.OneOf(CASE_STATES))
    mine = fields.Boolean(load_default=False)
    body_region = fields.String(load_default=None, validate=validate.OneOf(BODY_REGIONS))
    q = fields.String(load_default=None, validate=validate.Length(min=2, max=100))
