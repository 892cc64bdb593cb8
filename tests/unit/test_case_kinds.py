"""Each kind of case is asked only what fits it: a patient group or a professional topic has
no one patient's age band, sex, STarT, MSK-HQ or plan, in the form, the API and the domain."""

from datetime import UTC, datetime

import pytest

from contracts.errors import Invalid
from contracts.kinds import ONE_PATIENTS_DETAILS, not_asked_of
from gateway.pages.case_form import ASKED_ONLY_BY, as_written, case_details
from services.cases import editing
from services.cases.domain import Case, Person

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
PRESENTER = Person("clin-band6", "Pat Physio", "physio@demo.nhs.uk")
THEM = {"id": PRESENTER.id, "roles": ["clinician"]}
TOPIC = {
    "kind": "professional_topic",
    "title": "When to request an MRI for low back pain",
    "summary": "Practice varies across our sites; some request MRI at 6 weeks.",
    "question": "Can we agree one local threshold?",
    "urgency": "routine",
}
PATIENT = {
    **TOPIC,
    "kind": "patient_case",
    "title": "Lateral elbow pain not settling",
    "body_region": "elbow",
    "intended_plan": "refer_orthopaedics",
    "age_band": "40-49",
    "sex": "female",
    "start_msk_risk": "medium",
    "msk_hq_baseline": 30,
    "treatment_so_far": "Eccentric loading for 8 weeks.",
}


def test_a_professional_topic_is_submitted_without_a_plan_or_a_patients_details():
    details = editing.checked_submission(TOPIC)
    case = Case.submit(details, PRESENTER, now=NOW)

    assert case.intended_plan is None and case.age_band is None
    submitted = case.events[0][1]
    assert submitted["kind"] == "professional_topic" and submitted["intended_plan"] is None


def test_a_patient_case_still_needs_its_plan_and_body_region():
    missing = {k: v for k, v in PATIENT.items() if k not in ("intended_plan", "body_region")}

    with pytest.raises(Invalid) as refused:
        editing.checked_submission(missing)

    assert refused.value.fields == {
        "intended_plan": ["required for a patient_case"],
        "body_region": ["required for a patient_case"],
    }


@pytest.mark.parametrize("kind", ["patient_group", "professional_topic"])
def test_a_group_or_a_topic_sent_with_a_patients_details_is_refused_naming_each(kind):
    sent = {**TOPIC, "kind": kind, "age_band": "40-49", "msk_hq_baseline": 30}
    sent["intended_plan"] = "refer_msk"

    with pytest.raises(Invalid) as refused:
        editing.checked_submission(sent)

    words = kind.replace("_", " ")
    assert refused.value.fields == {
        name: [f"not asked for a {words}"]
        for name in ("intended_plan", "age_band", "msk_hq_baseline")
    }


def test_what_was_tried_is_asked_of_a_group_but_not_of_a_topic():
    assert "treatment_so_far" not in not_asked_of("patient_group")
    assert "treatment_so_far" in not_asked_of("professional_topic")
    assert not_asked_of("patient_case") == () and not_asked_of(None) == ()


def test_a_patient_case_changed_into_a_topic_leaves_the_patients_details_behind():
    case = Case.submit(editing.checked_submission(PATIENT), PRESENTER, now=NOW)

    changes = {"kind": "professional_topic"}
    case.revise(editing.checked_revision(case, changes), THEM, now=NOW)

    assert case.kind == "professional_topic"
    assert all(getattr(case, name) is None for name in ONE_PATIENTS_DETAILS)
    assert case.treatment_so_far is None and case.body_region == "elbow"


def test_the_form_shows_a_patients_fields_only_for_a_patient_case():
    assert ASKED_ONLY_BY["age_band"] == "patient_case"
    assert ASKED_ONLY_BY["treatment_so_far"] == "patient_case patient_group"
    assert "title" not in ASKED_ONLY_BY and "body_region" not in ASKED_ONLY_BY


def test_the_form_does_not_send_what_a_topic_is_not_asked_even_if_typed_before_switching():
    typed = {name: "" for name in ASKED_ONLY_BY} | {
        "kind": "professional_topic",
        "title": "MRI thresholds",
        "age_band": "40-49",
        "intended_plan": "refer_msk",
        "msk_hq_baseline": "30",
        "tags": "",
    }

    sent = case_details(typed, draft=True, escalated={})

    assert sent == {"draft": True, "kind": "professional_topic", "title": "MRI thresholds"} | {
        "tags": []
    }


def test_conditions_are_written_in_words_and_stored_as_the_tags_cards_use():
    typed = {"kind": "patient_case", "tags": "Frozen shoulder, hand OA;\nde Quervain's, ,"}

    sent = case_details(typed, draft=True, escalated={})

    assert sent["tags"] == ["frozen_shoulder", "hand_oa", "de_quervains"]
    assert as_written({"tags": sent["tags"]})["tags"] == "frozen shoulder, hand oa, de quervains"
