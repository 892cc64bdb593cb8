"""Drafts and edits: a presenter writes a case at their pace and corrects it until discussed."""

from datetime import UTC, datetime

import pytest

from contracts import events
from contracts.errors import Conflict, Forbidden, Invalid
from contracts.events import spec_for
from services.cases import domain, editing
from services.cases.domain import Case, Person

STARTED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SUBMITTED = datetime(2026, 3, 4, 17, 30, tzinfo=UTC)
EDITED = datetime(2026, 3, 5, 8, 10, tzinfo=UTC)
PRESENTER = Person("clin-band6-shoulder", "Nia Evans", "nia.evans@demo.nhs.uk")
THEM = {"id": PRESENTER.id, "roles": ["clinician"]}
COLLEAGUE = {"id": "clin-band7-esp", "roles": ["clinician", "chair"]}
ADMIN = {"id": "admin-1", "roles": ["admin"]}
CHAIR = {"id": "clin-band8", "name": "Sam Senior", "email": "sam.senior@demo.nhs.uk"}
COMPLETE = {
    "kind": "patient_case",
    "title": "Frozen shoulder not improving after 5 months",
    "summary": "Fifties, painful stiffness, external rotation half the other side.",
    "question": "Hydrodilatation referral now, or continue?",
    "body_region": "shoulder",
    "urgency": "routine",
    "intended_plan": "refer_msk",
    "tags": ["frozen_shoulder"],
    "age_band": "50-59",
    "msk_hq_baseline": 24,
}
TEST_NHS_NUMBER = "999 000 0018"  # the 999 range is reserved for test data


def draft(**details) -> Case:
    return Case.draft(
        {"kind": "patient_case", "title": "Frozen shoulder, second opinion", **details},
        PRESENTER,
        now=STARTED,
    )


def submitted() -> Case:
    return Case.submit(editing.checked_submission(COMPLETE), PRESENTER, now=SUBMITTED)


def scheduled() -> Case:
    case = submitted()
    case.schedule("conf-2026-03-11")
    case.events.clear()
    return case


def discussed() -> Case:
    case = scheduled()
    case.discuss("conf-2026-03-11", CHAIR, now=EDITED)
    case.events.clear()
    return case


def test_a_draft_is_its_presenters_alone_and_announced_to_nobody():
    case = draft()

    assert case.status == domain.DRAFT
    assert case.events == []
    assert case.created_at == STARTED and case.submitted_at is None
    assert case.visible_to(PRESENTER.id)
    assert not case.visible_to(ADMIN["id"]) and not case.visible_to(COLLEAGUE["id"])


def test_a_draft_needs_only_a_kind_and_a_title():
    details = editing.checked_submission(
        {"draft": True, "kind": "patient_case", "title": "Frozen shoulder, second opinion"}
    )
    case = Case.draft(details, PRESENTER, now=STARTED)

    assert case.summary is None and case.urgency is None and case.tags == []


def test_a_draft_without_a_title_is_refused_naming_it():
    with pytest.raises(Invalid) as refused:
        editing.checked_submission({"draft": True, "kind": "patient_group"})

    assert set(refused.value.fields) == {"title"}


def test_a_draft_with_an_nhs_number_is_refused_like_a_submitted_case():
    with pytest.raises(Invalid) as refused:
        editing.checked_submission(
            {
                "draft": True,
                "kind": "patient_case",
                "title": "Shoulder",
                "treatment_so_far": f"Physio since January, NHS {TEST_NHS_NUMBER}.",
            }
        )

    assert refused.value.code == "PATIENT_IDENTIFIABLE_DATA"
    assert [hit["kind"] for hit in refused.value.fields["treatment_so_far"]] == ["nhs_number"]


def test_red_flags_in_a_draft_wait_until_it_is_submitted():
    details = editing.checked_submission(
        {"draft": True, "kind": "patient_case", "title": "Back pain with new saddle numbness"}
    )

    assert Case.draft(details, PRESENTER, now=STARTED).red_flags == []


def test_submitting_an_incomplete_draft_names_every_missing_field():
    with pytest.raises(Invalid) as refused:
        editing.checked_draft(draft(summary="Fifties, stiff shoulder."))

    assert set(refused.value.fields) == {"question", "urgency", "intended_plan", "body_region"}


def test_a_finished_draft_is_submitted_and_announced_with_its_details():
    case = draft()
    case.revise(editing.checked_revision(case, COMPLETE), THEM, now=EDITED)
    details = editing.checked_draft(case)

    case.submit_draft(THEM, now=SUBMITTED, red_flags=details["red_flags"])

    assert case.status == domain.SUBMITTED and case.submitted_at == SUBMITTED
    [(event_type, data)] = case.events
    assert event_type == events.CASE_SUBMITTED
    assert data["tags"] == ["frozen_shoulder"] and data["msk_hq_baseline"] == 24
    assert "summary" not in data and "treatment_so_far" not in data
    assert spec_for(event_type).validate(data) == {}


def test_a_draft_with_red_flags_is_submitted_only_once_escalated():
    case = draft()
    red = {**COMPLETE, "summary": "Fifties, back pain and new saddle numbness since yesterday."}
    case.revise(editing.checked_revision(case, red), THEM, now=EDITED)

    with pytest.raises(Invalid) as refused:
        editing.checked_draft(case)
    assert refused.value.code == "RED_FLAGS"

    case.revise(editing.checked_revision(case, {"red_flags_escalated": True}), THEM, now=EDITED)
    with pytest.raises(Invalid) as bare_tick:
        editing.checked_draft(case)
    assert bare_tick.value.code == "ESCALATION_NOT_RECORDED"
    assert list(bare_tick.value.fields) == ["escalation_pathway"]

    other = {"escalation_pathway": "another_route"}
    case.revise(editing.checked_revision(case, other), THEM, now=EDITED)
    with pytest.raises(Invalid) as to_whom:
        editing.checked_draft(case)
    assert list(to_whom.value.fields) == ["escalated_to"]

    spinal = {"escalation_pathway": "same_day_spinal", "escalated_to": "on-call spinal registrar"}
    case.revise(editing.checked_revision(case, spinal), THEM, now=EDITED)
    details = editing.checked_draft(case)
    case.submit_draft(THEM, now=SUBMITTED, red_flags=details["red_flags"])
    assert case.red_flags == ["cauda_equina"] and case.red_flags_escalated
    # The record: who escalated, when, through which pathway and to whom.
    assert (case.red_flags_escalated_by, case.red_flags_escalated_at) == (THEM["id"], SUBMITTED)
    submitted_event = dict(case.events)[events.CASE_SUBMITTED]
    assert submitted_event["red_flag_escalation"] == {
        "flags": ["cauda_equina"],
        "pathway": "same_day_spinal",
    }


def test_the_person_to_whom_a_red_flag_was_escalated_is_guarded_like_every_field():
    case = draft()
    named = {"escalation_pathway": "another_route", "escalated_to": "rang 07700 900123"}
    with pytest.raises(Invalid) as refused:
        editing.checked_revision(case, named)
    assert refused.value.code == "PATIENT_IDENTIFIABLE_DATA"
    assert list(refused.value.fields) == ["escalated_to"]


def test_only_a_draft_can_be_submitted_and_only_by_its_presenter():
    with pytest.raises(Conflict) as twice:
        submitted().submit_draft(THEM, now=SUBMITTED, red_flags=[])
    with pytest.raises(Forbidden):
        draft().submit_draft(COLLEAGUE, now=SUBMITTED, red_flags=[])

    assert twice.value.code == "INVALID_CASE_TRANSITION"


def test_editing_a_draft_is_announced_to_nobody():
    case = draft()

    case.revise({"title": "Frozen shoulder, third month"}, THEM, now=EDITED)

    assert case.title == "Frozen shoulder, third month"
    assert case.revised_at == EDITED and case.events == []


@pytest.mark.parametrize("make", [submitted, scheduled], ids=["submitted", "scheduled"])
def test_editing_a_case_with_peer_support_announces_what_the_agenda_shows(make):
    case = make()
    case.events.clear()

    case.revise({"title": "Frozen shoulder, now 6 months", "urgency": "soon"}, THEM, now=EDITED)

    [(event_type, data)] = case.events
    assert event_type == events.CASE_REVISED
    assert data == {
        "case_id": case.id,
        "kind": "patient_case",
        "title": "Frozen shoulder, now 6 months",
        "question": COMPLETE["question"],
        "urgency": "soon",
        "body_region": "shoulder",
        "tags": ["frozen_shoulder"],
        "revised_at": EDITED.isoformat(),
    }
    assert spec_for(event_type).validate(data) == {}
    assert case.status == make().status, "an edit does not move the case"


def test_only_the_presenter_may_edit_not_even_an_admin():
    for someone in (COLLEAGUE, ADMIN):
        case = scheduled()
        with pytest.raises(Forbidden) as refused:
            case.revise({"title": "Someone else's words"}, someone, now=EDITED)
        assert refused.value.code == "NOT_THE_PRESENTER"
        assert case.title == COMPLETE["title"] and case.events == []


@pytest.mark.parametrize(
    "state",
    [domain.DISCUSSED, domain.OUTCOME_PENDING, domain.CLOSED, domain.WITHDRAWN],
)
def test_a_case_past_its_discussion_or_withdrawn_can_no_longer_be_edited(state):
    case = scheduled() if state == domain.WITHDRAWN else discussed()
    if state == domain.WITHDRAWN:
        case.withdraw(THEM, now=EDITED)
    elif state == domain.OUTCOME_PENDING:
        case.await_outcome()
    elif state == domain.CLOSED:
        case.close()
    case.events.clear()

    with pytest.raises(Conflict) as refused:
        case.revise({"title": "Too late"}, THEM, now=EDITED)

    assert refused.value.code == "CASE_LOCKED"
    assert "can no longer be edited" in refused.value.message
    assert case.title == COMPLETE["title"] and case.events == []


def test_a_colleague_hears_it_is_not_theirs_and_the_presenter_that_it_is_locked():
    case = discussed()

    with pytest.raises(Forbidden):
        case.check_editable_by(COLLEAGUE)
    with pytest.raises(Conflict, match="a discussed case can no longer be edited"):
        case.check_editable_by(THEM)


def test_an_edit_is_checked_as_the_whole_case_it_leaves():
    case = submitted()

    with pytest.raises(Invalid) as refused:
        editing.checked_revision(case, {"summary": None, "msk_hq_baseline": 57})

    assert set(refused.value.fields) == {"summary", "msk_hq_baseline"}


def test_an_edit_that_adds_an_nhs_number_is_refused_and_changes_nothing():
    case = scheduled()

    with pytest.raises(Invalid) as refused:
        editing.checked_revision(case, {"treatment_so_far": f"Seen under {TEST_NHS_NUMBER}."})

    assert refused.value.code == "PATIENT_IDENTIFIABLE_DATA"
    assert set(refused.value.fields) == {"treatment_so_far"}
    assert case.treatment_so_far is None


def test_an_edit_that_brings_red_flags_is_refused_until_they_are_escalated():
    case = submitted()
    worse = {"summary": "Now unexplained weight loss and night pain, history of cancer."}

    with pytest.raises(Invalid) as refused:
        editing.checked_revision(case, worse)
    assert refused.value.code == "RED_FLAGS"

    escalated = {"red_flags_escalated": True, "escalation_pathway": "suspected_cancer"}
    details = editing.checked_revision(case, {**worse, **escalated})
    case.revise(details, THEM, now=EDITED)
    assert case.red_flags == ["malignancy"]
    assert (case.red_flags_escalated_by, case.red_flags_escalated_at) == (THEM["id"], EDITED)


def test_a_draft_cannot_be_withdrawn_it_was_never_sent():
    with pytest.raises(Conflict):
        draft().withdraw(THEM, now=EDITED)


def test_tags_are_kept_once_each_in_the_order_given():
    case = draft(tags=["frozen_shoulder", "hydrodilatation", "frozen_shoulder"])

    assert case.tags == ["frozen_shoulder", "hydrodilatation"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("age_band", "15-16"),
        ("sex", "unknown"),
        ("duration_weeks", 521),
        ("start_msk_risk", "severe"),
        ("msk_hq_baseline", -1),
        ("tags", ["Frozen Shoulder"]),
        ("tags", [f"tag_{n}" for n in range(11)]),
        ("treatment_so_far", "x" * 2001),
        ("preferred_conference_id", ""),
    ],
)
def test_an_optional_detail_out_of_range_is_refused_naming_it(field, value):
    with pytest.raises(Invalid) as refused:
        editing.checked_submission({**COMPLETE, field: value})

    assert set(refused.value.fields) == {field}
