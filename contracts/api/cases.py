"""Submitting, drafting, editing and listing cases."""

from marshmallow import Schema, fields, post_load, validate, validates_schema
from marshmallow.exceptions import ValidationError

from contracts.api.common import Flag, Paging, Strict, Uuid, count, text
from contracts.kinds import not_asked_of
from contracts.schemas import (
    AGE_BANDS,
    BODY_REGIONS,
    CASE_KINDS,
    DURATION_WEEKS_RANGE,
    ESCALATION_PATHWAYS,
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
    # The escalation itself: which urgent pathway, and to whom (a team or role, never
    # the patient). Who escalated and when are recorded by the service.
    escalation_pathway = fields.String(
        allow_none=True, validate=validate.OneOf(ESCALATION_PATHWAYS)
    )
    escalated_to = fields.String(allow_none=True, validate=validate.Length(min=1, max=200))
    age_band = fields.String(allow_none=True, validate=validate.OneOf(AGE_BANDS))
    sex = fields.String(allow_none=True, validate=validate.OneOf(SEXES))
    duration_weeks = count(allow_none=True, validate=DURATION_WEEKS_RANGE)
    treatment_so_far = fields.String(allow_none=True, validate=validate.Length(max=2000))
    start_msk_risk = fields.String(allow_none=True, validate=validate.OneOf(START_MSK_RISKS))
    msk_hq_baseline = count(allow_none=True, validate=MSK_HQ_RANGE)
    tags = fields.List(fields.String(validate=TAG), validate=validate.Length(max=MAX_CASE_TAGS))
    preferred_conference_id = Uuid(allow_none=True)

    @validates_schema(skip_on_field_errors=False)
    def only_what_the_kind_asks(self, data, **kwargs):
        # A patient group or a professional topic has no one patient's age, sex, scores or
        # plan: refused, not dropped, so a client knows what was not kept.
        kind = data.get("kind")
        given = [name for name in not_asked_of(kind) if data.get(name) is not None]
        if given:
            words = kind.replace("_", " ")
            raise ValidationError({name: [f"not asked for a {words}"] for name in given})


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
    intended_plan = fields.String(
        allow_none=True,
        validate=validate.OneOf(INTENDED_PLANS),
        metadata={"description": "required for a patient_case; not asked of the other kinds"},
    )
    draft = Flag(
        load_default=False,
        metadata={
            "description": "true: save a draft, which needs only kind and title, is seen by "
            "nobody else and goes to peer support with POST /api/v1/cases/{id}/submit"
        },
    )

    @validates_schema(skip_on_field_errors=False)  # named with any other missing field
    def what_a_patient_case_needs(self, data, **kwargs):
        # A patient case is about one body region and has a plan that the outcome is judged
        # against later; groups and topics may not have either.
        if data.get("kind") == "patient_case":
            missing = [n for n in ("body_region", "intended_plan") if not data.get(n)]
            if missing:
                raise ValidationError({n: ["required for a patient_case"] for n in missing})


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
    escalation_pathway = fields.String(allow_none=True)
    escalated_to = fields.String(allow_none=True)
    red_flags_escalated_at = fields.String(allow_none=True)  # when the presenter said so
    red_flags_escalated_by = fields.String(allow_none=True)  # who did (their id)


class UrgentPathway(Schema):
    code = fields.String()  # what a case's escalation_pathway names
    name = fields.String()
    contact = fields.String()  # whom to call, as the service sets it


def _said(max_length: int):
    """Words a presenter acts on in an emergency: never blank."""
    return fields.String(
        required=True,
        validate=[
            validate.Length(min=1, max=max_length),
            validate.Regexp(r"\S", error="Say it in words: it cannot be blank."),
        ],
    )


class UrgentPathwayIn(Strict):
    name = _said(120)
    contact = _said(500)  # a phone number, a bleep, how to refer: for staff, never a patient's


class UrgentPathwayList(Schema):
    items = fields.List(fields.Nested(UrgentPathway))
    total = fields.Integer()


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
