"""The coordinators' and presenters' forms: what they send the services, and refusals in words."""

from contracts.errors import Invalid
from gateway.pages.coordinating import FIRST_DATE, SERIES_QUESTIONS, _series_details
from gateway.pages.outcomes import QUESTIONS, _answer, _as_written
from gateway.pages.refusals import refusal
from gateway.pages.reports import chart_summary
from gateway.pages.rota_planning import _reviewed, quality

ANSWERED = {
    "onward_referral": "none",
    "management_changed": "yes",
    "patient_status": "improved",
    "msk_hq": "41",
    "actions_completed": "",
    "reflection": "Loading first.",
}


def test_an_outcome_form_becomes_the_apis_answer_and_back():
    answer = _answer(ANSWERED)

    assert answer == {
        "onward_referral": "none",
        "management_changed": True,
        "patient_status": "improved",
        "msk_hq": 41,
        "actions_completed": None,
        "reflection": "Loading first.",
    }
    assert _as_written({**answer, "round": 1}) == ANSWERED


def test_an_unanswered_outcome_question_is_left_for_the_service_to_name():
    answer = _answer({**ANSWERED, "management_changed": "", "msk_hq": "forty"})

    assert "management_changed" not in answer
    assert answer["msk_hq"] == "forty"


def test_a_refusal_says_what_to_do_in_form_order():
    error = Invalid(
        "INVALID_INPUT",
        "some fields are missing or wrong",
        {
            "patient_status": ["Missing data for required field."],
            "msk_hq": ["Not a valid integer."],
        },
    )

    found = refusal(error, QUESTIONS)

    assert [e["field"] for e in found.summary] == ["patient_status", "msk_hq"]
    assert found.messages["patient_status"] == "Select how the patient is now"
    assert found.messages["msk_hq"] == "MSK-HQ score now must be a whole number"


def test_patient_identifiers_in_a_reflection_are_named_by_kind():
    hits = [{"kind": "nhs_number", "start": 4, "end": 16}]
    error = Invalid("PATIENT_IDENTIFIABLE_DATA", "identifiers", {"reflection": hits})

    found = refusal(error, QUESTIONS)

    assert "contains an NHS number" in found.messages["reflection"]


def test_a_series_form_sends_numbers_as_numbers_and_leaves_blanks_out():
    written = {q.name: "" for q in SERIES_QUESTIONS if q.name != FIRST_DATE} | {
        "name": "Spinal",
        "weekday": "2",
        "duration_minutes": "sixty",
        "capacity_minutes": "",
        "first_date": {"day": "", "month": "", "year": ""},
    }

    assert _series_details(written) == {"name": "Spinal", "weekday": 2, "duration_minutes": "sixty"}


def test_a_series_first_date_is_typed_in_three_fields_and_sent_as_a_date():
    written = {"name": "Spinal", "first_date": {"day": "7", "month": "1", "year": "2027"}}
    typo = {"name": "Spinal", "first_date": {"day": "7", "month": "Jan", "year": "2027"}}

    assert _series_details(written) == {"name": "Spinal", "first_date": "2027-01-07"}
    assert _series_details(typo)["first_date"] == "2027-Jan-7"  # the schema calls it not a date


def seat(role, site, service, band):
    return {"role": role, "site": site, "service": service, "band": band, "reasons": []}


def test_the_mix_of_a_panel_leaves_out_the_standby_who_only_sits_if_called_up():
    conference = {
        "chair": seat("chair", "Poole", "msk_esp", 8),
        "standby": seat("standby", "Swanage", "orthopaedics", 7),
        "attendees": [
            seat("attendee", "Poole", "core_physio", 5),
            seat("attendee", "Wimborne", "core_physio", 6),
        ],
    }

    reviewed = _reviewed(conference, {"msk_esp": "MSK (ESP) service"})

    assert [s["role"] for s in reviewed["seats"]] == ["chair", "standby", "attendee", "attendee"]
    assert reviewed["mix"] == {"sites": 2, "services": 2, "bands": 3, "people": 3}
    assert reviewed["seats"][0]["service_name"] == "MSK (ESP) service"


def test_the_charts_words_carry_its_figures():
    total = {"cases_discussed": 4, "outcomes_returned": 3, "referral_avoided": 2}
    total |= {"referral_intended": 3, "referral_avoided_rate": 0.667}
    report = {"total": total, "by_month": [{"month": "2026-11", "cases_discussed": 4}]}

    words = chart_summary(report)

    assert "4 cases discussed, 3 outcomes returned" in words
    assert "2 of 3 planned referrals were avoided (67%)" in words
    assert "2026-11: 4 discussed" in words


def test_the_rotas_quality_is_said_as_how_near_the_best_possible_it_is():
    assert quality(-7115.0, -7115.0) == "The best rota possible"
    assert quality(-7000.0, -7115.0) == "Within 1.7% of the best possible"  # 1.62 rounded up
    assert quality(None, None) == "No conferences to plan in this window"
