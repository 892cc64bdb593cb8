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
# What each kind is asked: contracts/kinds.py.
CASE_KINDS = ("patient_case", "patient_group", "professional_topic")
URGENCIES = ("routine", "soon")
# How a red flag was escalated: the local urgent pathways (their contacts are data the
# cases service keeps, GET /api/v1/urgent-pathways), or another route the presenter names.
ESCALATION_PATHWAYS = (
    "emergency_department",
    "same_day_spinal",
    "urgent_orthopaedics",
    "gp_same_day",
    "suspected_cancer",
    "another_route",
)
INTENDED_PLANS = (
    "continue_treatment",
    "refer_msk",
    "refer_orthopaedics",
    "refer_other",
    "discharge",
    "unsure",
)
ONWARD_REFERRALS = ("none", "msk", "orthopaedics", "other")
# Optional details of a patient case: coarse on purpose, so they describe
# without identifying (an age band, never a date of birth).
AGE_BANDS = ("16-17", "18-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80+")
SEXES = ("female", "male", "other", "not_stated")
START_MSK_RISKS = ("low", "medium", "high")  # STarT MSK stratification
MSK_HQ_RANGE = validate.Range(0, 56)  # 14 items scored 0-4; higher is better
DURATION_WEEKS_RANGE = validate.Range(0, 520)  # ten years; longer is "persistent" anyway
# A condition or skill, in the words contact cards use (e.g. frozen_shoulder).
TAG = validate.Regexp(r"^[a-z][a-z0-9_]{1,39}$", error="a tag is 2-40 of a-z, 0-9 and _")
MAX_CASE_TAGS = 10
PATIENT_STATUSES = ("improved", "same", "worse", "discharged", "not_known")
# What a clinician does, as a contact card shows it (the service is where they work).
PROFESSIONAL_ROLES = ("core_physio", "esp", "fcp", "orthopaedic_practitioner", "consultant")
EXPERTISE_LEVELS = ("interest", "experienced", "expert")


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


class CaseSubmission(Schema):
    """The fields every version of case.submitted carries (v1: earlier_schemas.py)."""

    case_id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(CASE_KINDS))
    title = fields.String(required=True)
    question = fields.String(required=True)
    body_region = fields.String(allow_none=True, validate=validate.OneOf(BODY_REGIONS))
    urgency = fields.String(required=True, validate=validate.OneOf(URGENCIES))
    # null for a patient group or a professional topic (not asked: ONE_PATIENTS_DETAILS)
    intended_plan = fields.String(
        required=True, allow_none=True, validate=validate.OneOf(INTENDED_PLANS)
    )
    presenter = fields.Nested(Person, required=True)
    submitted_at = fields.String(required=True)
    # Optional since these fields were added; never the free-text summary or
    # treatment so far (Caldicott: only what consumers need).
    age_band = fields.String(allow_none=True, validate=validate.OneOf(AGE_BANDS))
    sex = fields.String(allow_none=True, validate=validate.OneOf(SEXES))
    duration_weeks = fields.Integer(allow_none=True, validate=DURATION_WEEKS_RANGE)
    start_msk_risk = fields.String(allow_none=True, validate=validate.OneOf(START_MSK_RISKS))
    msk_hq_baseline = fields.Integer(allow_none=True, validate=MSK_HQ_RANGE)
    tags = fields.List(fields.String(validate=TAG))
    preferred_conference_id = fields.String(allow_none=True)


class RedFlagEscalation(Schema):
    """Red flags found in a case and the urgent pathway its presenter escalated them through:
    one object, so the agenda never shows a flag without how it was escalated."""

    flags = fields.List(fields.String(), required=True, validate=validate.Length(min=1))
    # null only in an event upcast from version 1 of a case submitted before pathways
    # were recorded: the flags were escalated, the way was not written down.
    pathway = fields.String(
        required=True, allow_none=True, validate=validate.OneOf(ESCALATION_PATHWAYS)
    )


class CaseSubmitted(CaseSubmission):
    """Version 2: the red flags and their pathway in one field, null when there were none."""

    red_flag_escalation = fields.Nested(RedFlagEscalation, required=True, allow_none=True)


class CaseRevised(Schema):
    """What an agenda shows of a case, after its presenter changed it."""

    case_id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(CASE_KINDS))
    title = fields.String(required=True)
    question = fields.String(required=True)
    urgency = fields.String(required=True, validate=validate.OneOf(URGENCIES))
    body_region = fields.String(
        required=True, allow_none=True, validate=validate.OneOf(BODY_REGIONS)
    )
    tags = fields.List(fields.String(validate=TAG), required=True)
    revised_at = fields.String(required=True)


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
    # Optional since added: red flags the presenter escalated before submitting.
    red_flags = fields.List(fields.String())


class MinutesItem(Schema):
    case_id = fields.String(required=True)


class Attendance(Schema):
    """Who was at a conference: counted as CPD, and in the evidence by band, service and site."""

    clinician_id = fields.String(required=True)
    band = fields.Integer(required=True, validate=validate.Range(4, 8))
    service = fields.String(required=True)
    site = fields.String(required=True)
    # absent: did not attend, without apologies
    status = fields.String(
        required=True, validate=validate.OneOf(("present", "apologies", "absent"))
    )


class MinutesRecorded(Schema):
    conference_id = fields.String(required=True)
    chair = fields.Nested(Person, required=True)
    recorded_at = fields.String(required=True)
    items = fields.List(fields.Nested(MinutesItem), required=True)
    # Optional since they were added: when the meeting ran (CPD hours) and who came.
    starts_at = fields.String(allow_none=True)
    ends_at = fields.String(allow_none=True)
    attendance = fields.List(fields.Nested(Attendance))
    # Who published them (a coordinator may, on the chair's behalf); optional since added.
    recorded_by = fields.Nested(Person)


class CaseDiscussed(Schema):
    case_id = fields.String(required=True)
    conference_id = fields.String(required=True)
    chair = fields.Nested(Person, required=True)
    title = fields.String(required=True)
    # null for a patient group or a professional topic: no patient plan to judge against
    intended_plan = fields.String(
        required=True, allow_none=True, validate=validate.OneOf(INTENDED_PLANS)
    )
    presenter = fields.Nested(Person, required=True)
    discussed_at = fields.String(required=True)
    # Optional since they were added, for the outcome evidence: where the case
    # came from and the patient's MSK-HQ before the discussion.
    body_region = fields.String(allow_none=True, validate=validate.OneOf(BODY_REGIONS))
    submitted_at = fields.String(allow_none=True)
    msk_hq_baseline = fields.Integer(allow_none=True, validate=MSK_HQ_RANGE)
    presenter_service = fields.String(allow_none=True)
    presenter_site = fields.String(allow_none=True)


class FollowUpStep(Schema):
    follow_up_id = fields.String(required=True)
    case_id = fields.String(required=True)
    title = fields.String(required=True)
    presenter = fields.Nested(Person, required=True)
    chair = fields.Nested(Person, required=True)
    due_at = fields.String(required=True)


class ReviewStep(FollowUpStep):
    """A later review of the same case (e.g. at 3 and 6 months): round 2, 3..."""

    round = fields.Integer(required=True, validate=validate.Range(min=2))


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


class Expertise(Schema):
    area = fields.String(required=True)  # a body region or a condition/skill tag
    level = fields.String(required=True, validate=validate.OneOf(EXPERTISE_LEVELS))


class StaffMember(Schema):
    """A person on the staff list as the staff service holds them now."""

    staff_id = fields.String(required=True)
    name = fields.String(required=True)
    email = fields.Email(required=True)
    # None for someone on no panel (e.g. the first admin): no band, service or site.
    band = fields.Integer(required=True, allow_none=True, validate=validate.Range(4, 8))
    service = fields.String(required=True, allow_none=True, validate=TAG)  # staff's code
    site_id = fields.String(required=True, allow_none=True)
    site = fields.String(required=True, allow_none=True)
    roles = fields.List(fields.String(), required=True)
    active = fields.Boolean(required=True)  # False once they have left
    # Raised when they leave, come back or set a new password: older sign-ins are refused.
    # Not required: an event from before it was added does not carry it.
    session_version = fields.Integer(validate=validate.Range(min=1))
    at = fields.String(required=True)  # when they joined, changed or left


class PasswordLinkIssued(Schema):
    """A single-use link to set a password, for notifications to email (never stored there
    beyond the message itself; the staff service keeps only a hash of the token)."""

    staff_id = fields.String(required=True)
    name = fields.String(required=True)
    email = fields.Email(required=True)
    purpose = fields.String(required=True, validate=validate.OneOf(("invitation", "reset")))
    token = fields.String(required=True)
    expires_at = fields.String(required=True)


class StaffJoined(StaffMember):
    # What they declared they know, for their contact card (empty when invited).
    expertise = fields.List(fields.Nested(Expertise), load_default=list)


class MatchedColleague(Schema):
    clinician_id = fields.String(required=True)
    score = fields.Float(required=True)
    reasons = fields.List(fields.String(), required=True)


class CaseMatched(Schema):
    case_id = fields.String(required=True)
    experts = fields.List(fields.Nested(MatchedColleague), required=True)
    matched_at = fields.String(required=True)


class ActionAssigned(Schema):
    action_id = fields.Integer(required=True)
    conference_id = fields.String(required=True)
    case_id = fields.String(required=True)
    title = fields.String(required=True)  # the case's pseudonymised title, for the email
    owner = fields.Nested(Person, required=True)
    description = fields.String(required=True)
    due_date = fields.String(required=True)
    assigned_at = fields.String(required=True)


class ActionCompleted(Schema):
    """An agreed action marked done: the outcome form will not take "all carried out"
    while one of the case's actions is still open."""

    action_id = fields.Integer(required=True)
    conference_id = fields.String(required=True)
    case_id = fields.String(required=True)
    completed_by = fields.String(required=True)
    completed_at = fields.String(required=True)


class MinutesRead(Schema):
    conference_id = fields.String(required=True)
    reader_id = fields.String(required=True)
    allowed = fields.Boolean(required=True)
    read_at = fields.String(required=True)


class CaseRescheduled(CaseScheduled):
    previous_conference_id = fields.String(required=True)


class PanelMember(Person):
    role = fields.String(required=True)  # chair, standby, attendee, expert


class ConferenceCancelled(Schema):
    conference_id = fields.String(required=True)
    starts_at = fields.String(required=True)
    location = fields.String(required=True)
    people = fields.List(fields.Nested(PanelMember), required=True)
    reason = fields.String(required=True)
    cancelled_at = fields.String(required=True)


class ConferenceMoved(Schema):
    conference_id = fields.String(required=True)
    previous_starts_at = fields.String(required=True)
    starts_at = fields.String(required=True)
    ends_at = fields.String(required=True)
    location = fields.String(required=True)
    people = fields.List(fields.Nested(PanelMember), required=True)
    moved_at = fields.String(required=True)


class AgendaEntry(Schema):
    case_id = fields.String(required=True)
    title = fields.String(required=True)
    question = fields.String(required=True)
    slot_starts_at = fields.String(required=True)
    slot_ends_at = fields.String(required=True)


class AgendaPublished(Schema):
    conference_id = fields.String(required=True)
    starts_at = fields.String(required=True)
    ends_at = fields.String(required=True)
    location = fields.String(required=True)
    people = fields.List(fields.Nested(PanelMember), required=True)
    items = fields.List(fields.Nested(AgendaEntry), required=True)
    published_at = fields.String(required=True)
    # True when it is sent again because it changed after it was first sent.
    changed = fields.Boolean()


# expert: invited for one case by its match, not by the rota (its rota_id is `case:<id>`)
ROTA_ROLES = ("chair", "standby", "attendee", "expert")
ROTA_STATUSES = ("optimal", "feasible")


class RotaPublished(Schema):
    rota_id = fields.String(required=True)
    starts_on = fields.String(required=True)  # the window planned, London dates
    ends_on = fields.String(required=True)
    series_id = fields.String(required=True, allow_none=True)
    conference_ids = fields.List(fields.String(), required=True)
    changes = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf(ROTA_STATUSES))
    max_load = fields.Integer(required=True)
    lower_bound = fields.Integer(required=True)
    published_by = fields.String(required=True, allow_none=True)
    published_at = fields.String(required=True)


class AssignmentChanged(Schema):
    rota_id = fields.String(required=True)
    conference_id = fields.String(required=True)
    clinician = fields.Nested(Person, required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROTA_ROLES))
    change = fields.String(required=True, validate=validate.OneOf(("added", "removed")))
    starts_at = fields.String(required=True)
    ends_at = fields.String(required=True)
    location = fields.String(required=True)
    reasons = fields.List(fields.String(), required=True)


QUORUM_CAUSES = ("quorum_check", "decline")


class QuorumAtRisk(Schema):
    warning_id = fields.String(required=True)
    conference_id = fields.String(required=True)
    starts_at = fields.String(required=True)
    ends_at = fields.String(required=True)
    location = fields.String(required=True)
    cause = fields.String(required=True, validate=validate.OneOf(QUORUM_CAUSES))
    problems = fields.List(fields.String(), required=True, validate=validate.Length(min=1))
    absent = fields.List(fields.Nested(Person), required=True)
    called_up = fields.Nested(Person, required=True, allow_none=True)
    coordinators = fields.List(fields.Nested(Person), required=True)
    raised_at = fields.String(required=True)


class ReferralReceived(Schema):
    """A self-referral, by its reference and pseudonymous facts only: never who."""

    referral_id = fields.String(required=True)
    reference = fields.String(required=True)
    channel = fields.String(required=True, validate=validate.OneOf(("web", "phone")))
    received_at = fields.String(required=True)
    age_band = fields.String(required=True, validate=validate.OneOf(AGE_BANDS))
    body_area = fields.String(required=True, validate=validate.OneOf(BODY_REGIONS))
    gp_practice = fields.String(required=True)


class ReferralTriaged(Schema):
    referral_id = fields.String(required=True)
    reference = fields.String(required=True)
    triaged_at = fields.String(required=True)
    priority = fields.String(required=True)
    destination = fields.String(required=True)
    site = fields.String(required=True, allow_none=True)
