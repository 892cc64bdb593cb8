"""Self-referral: the journey's answers, triage decisions and reports.

Field names are the issue's contract (the web journey and the phone route send
the same body). Every red-flag answer is required: a question left unanswered
must never read as "no".
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate, validates_schema
from marshmallow.exceptions import ValidationError

from contracts.api.common import Paging, Strict, text
from contracts.schemas import BODY_REGIONS, MSK_HQ_RANGE, SEXES, START_MSK_RISKS

CHANNELS = ("web", "phone")
REFERRAL_STATES = RECEIVED, TRIAGED = ("received", "triaged")
# A 422 that creates nothing, with its own body (ReferralRefused), not a field error.
REFUSALS = SEEK_URGENT_CARE, NOT_ELIGIBLE = ("SEEK_URGENT_CARE", "NOT_ELIGIBLE")
# A draft that says who someone is, left too long: shown again for their date of birth.
ANSWERS_HIDDEN = "ANSWERS_HIDDEN"
PRIORITIES = ("urgent", "soon", "routine")
DESTINATIONS = (
    "self_management",
    "physiotherapy",
    "first_contact_practitioner",
    "msk_interface",
    "orthopaedics",
    "gp",
    "urgent_care",
)
RED_FLAGS = (
    "bladder_or_bowel_change",
    "saddle_numbness",
    "symptoms_in_both_legs",
    "sexual_function_change",
    "hot_swollen_joint_or_fever",
    "injury_possible_fracture",
    "cancer_history_with_night_pain_or_weight_loss",
    "both_arms_or_legs_weak_or_numb",
)
UK_POSTCODE = validate.Regexp(
    r"^\s*[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\s*$", error="a UK postcode, like LS1 4AP"
)
UK_PHONE = validate.Regexp(r"^\+?[\d\s()-]{10,20}$", error="a UK phone number, like 0113 496 0000")


def _answer():
    # Only JSON true or false: "yes", 1 or "" are not an answer to a safety question.
    return fields.Boolean(required=True, truthy={True}, falsy={False})


RedFlagAnswers = Strict.from_dict({name: _answer() for name in RED_FLAGS}, name="RedFlagAnswers")


class Eligibility(Strict):
    age_16_or_over = _answer()
    gp_practice = text(10)
    under_treatment_for_this = _answer()
    referred_for_this_in_last_6_months = _answer()
    condition = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))


class Problem(Strict):
    body_area = fields.String(required=True, validate=validate.OneOf(BODY_REGIONS))
    duration_weeks = fields.Integer(required=True, strict=True, validate=validate.Range(0, 520))
    pain_score = fields.Integer(required=True, strict=True, validate=validate.Range(0, 10))
    worse_with = text(500, required=False, load_default="", allow_none=True)
    better_with = text(500, required=False, load_default="", allow_none=True)
    night_pain = _answer()
    affects_work = _answer()
    affects_sleep = _answer()
    tried = text(1000, required=False, load_default="", allow_none=True)


class AboutYou(Strict):
    name = text(200)
    date_of_birth = fields.Date(required=True)
    nhs_number = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20))
    address = text(500)
    postcode = fields.String(required=True, validate=UK_POSTCODE)
    phone = fields.String(required=True, validate=UK_PHONE)
    email = fields.Email(load_default=None, allow_none=True)
    sex = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(SEXES))
    may_leave_message = _answer()
    interpreter_language = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=60)
    )
    access_needs = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=500)
    )


class ReferralIn(Strict):
    channel = fields.String(load_default="web", validate=validate.OneOf(CHANNELS))
    draft_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))
    eligibility = fields.Nested(Eligibility, required=True)
    red_flags = fields.Nested(RedFlagAnswers, required=True)
    problem = fields.Nested(Problem, required=True)
    about_you = fields.Nested(AboutYou, required=True)


class StatusQuery(Strict):
    reference = fields.String(required=True, validate=validate.Length(min=5, max=20))
    date_of_birth = fields.Date(required=True)


class ReferralRefused(Schema):
    """422 from POST /api/v1/referrals when nothing is created, and why (the issue's contract)."""

    error = fields.String(validate=validate.OneOf(REFUSALS))
    message = fields.String()
    care = fields.String(validate=validate.OneOf(("emergency", "urgent")))
    advice = fields.String()
    kinds = fields.List(fields.String())
    flags = fields.List(fields.String())
    rule = fields.String()
    reason = fields.String()
    go_instead = fields.String()


class ReferralCreated(Schema):
    reference = fields.String()
    id = fields.String()
    self_help_page = fields.String()  # the link to the advice for their problem


class TriageIn(Strict):
    priority = fields.String(required=True, validate=validate.OneOf(PRIORITIES))
    destination = fields.String(required=True, validate=validate.OneOf(DESTINATIONS))
    site = fields.String(load_default=None, allow_none=True)
    self_help_page = fields.String(
        load_default=None, allow_none=True, validate=validate.Regexp(r"^[a-z0-9-]{2,80}$")
    )
    start_msk_group = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(START_MSK_RISKS)
    )
    # The Keele STarT MSK Tool's total, as the clinician scored it; it sets the group.
    start_msk_score = fields.Integer(
        load_default=None, allow_none=True, strict=True, validate=validate.Range(0, 12)
    )
    msk_hq_score = fields.Integer(load_default=None, allow_none=True, validate=MSK_HQ_RANGE)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class ReferralQuery(Paging):
    status = fields.String(load_default=None, validate=validate.OneOf(REFERRAL_STATES))
    site = fields.String(load_default=None, validate=validate.Regexp(r"^[a-z0-9_-]{2,20}$"))
    destination = fields.String(load_default=None, validate=validate.OneOf(DESTINATIONS))


class ReferralOut(Schema):
    id = fields.String()
    reference = fields.String()
    status = fields.String()
    channel = fields.String()
    received_at = fields.String()
    priority = fields.String(allow_none=True)
    destination = fields.String(allow_none=True)
    site = fields.String(allow_none=True)
    start_msk_group = fields.String(allow_none=True)
    start_msk_score = fields.Integer(allow_none=True)
    msk_hq_score = fields.Integer(allow_none=True)
    about_you = fields.Dict()  # only GET /referrals/{id}: the person, opened for triage
    problem = fields.Dict()
    red_flag_answers = fields.Dict(allow_none=True)  # as answered; None before they were kept
    eligibility_answers = fields.Dict(allow_none=True)
    # Only GET /referrals/{id}: the person's other referrals, matched by keyed hash.
    same_person = fields.List(fields.Dict())


class QueuedReferral(ReferralOut):
    waiting_working_days = fields.Float()  # received to decided, or to now
    overdue = fields.Boolean()  # still waiting, past TRIAGE_TARGET


class ReferralList(Schema):
    items = fields.List(fields.Nested(QueuedReferral))
    total = fields.Integer()
    triage_target_days = fields.Float()


class ReferralReportQuery(Strict):
    from_ = fields.Date(data_key="from", load_default=None)
    to = fields.Date(load_default=None)
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "csv")))

    @validates_schema
    def in_order(self, data, **kwargs):
        if data["from_"] and data["to"] and data["from_"] > data["to"]:
            raise ValidationError("must not be before from", "to")


class GpPractice(Strict):
    code = fields.String(required=True, validate=validate.Regexp(r"^[A-Z0-9]{3,10}$"))
    name = text(120)


class Site(Strict):
    code = fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9_-]{2,20}$"))
    name = text(120)
    typical_wait_weeks = fields.Integer(required=True, strict=True, validate=validate.Range(0, 104))


class ConditionNotTaken(Strict):
    code = fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9_]{2,40}$"))
    name = text(120)
    go_instead = text(300)


class EligibilityRulesIn(Strict):
    # An adults' service: younger people go to children's physiotherapy (and the
    # pseudonymous age bands start at 16).
    minimum_age = fields.Integer(required=True, strict=True, validate=validate.Range(16, 120))
    repeat_within_months = fields.Integer(
        required=True, strict=True, validate=validate.Range(0, 60)
    )
    gp_practices = fields.List(
        fields.Nested(GpPractice), required=True, validate=validate.Length(min=1, max=500)
    )
    sites = fields.List(
        fields.Nested(Site), required=True, validate=validate.Length(min=1, max=100)
    )
    conditions_not_taken = fields.List(
        fields.Nested(ConditionNotTaken), required=True, validate=validate.Length(max=100)
    )
