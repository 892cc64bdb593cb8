"""The evidence figures against a small data set worked out by hand.

Six cases from two conferences (C1 on 11 March, C2 on 8 April 2026):

| case | conf | service     | region   | plan before | days | asked | happened          | MSK-HQ |
|------|------|-------------|----------|-------------|------|-------|-------------------|--------|
| A    | C1   | core_physio | knee     | refer_ortho | 10   | yes   | none, chg, better | 30->40 |
| B    | C1   | core_physio | shoulder | refer_msk   | 4    | yes   | msk, same         | 25->27 |
| C    | C1   | msk_esp     | knee     | continue    | 6    | yes   | ortho, chg, worse | -      |
| D    | C2   | msk_esp     | lumbar   | refer_other | 20   | yes   | no response       | -      |
| E    | C2   | core_physio | knee     | refer_ortho | ?    | yes   | none, chg, better | 20->26 |
| F    | C2   | (none)      | (none)   | unsure      | 8    | no    | not asked yet     | -      |
"""

from datetime import UTC, datetime, timedelta

import pytest

from services.outcomes import cpd, evidence
from services.outcomes.domain import FollowUp
from services.outcomes.evidence import DiscussedCase

C1_AT = datetime(2026, 3, 11, 13, 30, tzinfo=UTC)
C2_AT = datetime(2026, 4, 8, 13, 30, tzinfo=UTC)
CHAIR_X = {"id": "chair-x", "name": "Ann Xu", "email": "ann.xu@nhs.example.uk"}
CHAIR_Y = {"id": "chair-y", "name": "Ben Young", "email": "ben.young@nhs.example.uk"}


def answer(onward, changed, status, msk_hq=None, avoided=False, as_intended=False):
    return {
        "onward_referral": onward,
        "management_changed": changed,
        "patient_status": status,
        "msk_hq": msk_hq,
        "referral_avoided": avoided,
        "referral_made_as_intended": as_intended,
    }


def case(name, conf, service, region, plan, days, asked, outcome=None, baseline=None, **kw):
    at = C1_AT if conf == "C1" else C2_AT
    return DiscussedCase(
        case_id=name,
        conference_id=conf,
        chair=CHAIR_X if conf == "C1" else CHAIR_Y,
        service=service,
        site={"core_physio": "Poole", "msk_esp": "Dorchester"}.get(service),
        body_region=region,
        intended_plan=plan,
        discussed_at=at,
        submitted_at=at - timedelta(days=days) if days is not None else None,
        asked=asked,
        outcome=outcome,
        msk_hq_baseline=baseline,
        **kw,
    )


CASES = [
    case("A", "C1", "core_physio", "knee", "refer_orthopaedics", 10, True,
         answer("none", True, "improved", 40, avoided=True), baseline=30),
    case("B", "C1", "core_physio", "shoulder", "refer_msk", 4, True,
         answer("msk", False, "same", 27, as_intended=True), baseline=25),
    case("C", "C1", "msk_esp", "knee", "continue_treatment", 6, True,
         answer("orthopaedics", True, "worse")),
    case("D", "C2", "msk_esp", "lumbar_spine", "refer_other", 20, True, unanswered=True),
    case("E", "C2", "core_physio", "knee", "refer_orthopaedics", None, True,
         answer("none", True, "improved", 26, avoided=True), baseline=20),
    case("F", "C2", None, None, "unsure", 8, False),
]  # fmt: skip


def came(conference, who, band, service, site, status="present"):
    return {
        "conference_id": conference,
        "clinician_id": who,
        "band": band,
        "service": service,
        "site": site,
        "status": status,
    }


ATTENDANCE = [
    came("C1", "p1", 5, "core_physio", "Poole"),
    came("C1", "p2", 7, "msk_esp", "Dorchester"),
    came("C1", "p3", 6, "core_physio", "Weymouth", "apologies"),
    came("C2", "p1", 5, "core_physio", "Poole"),
    came("C2", "p4", 8, "orthopaedics", "Poole"),
]


def test_the_totals_match_the_hand_count():
    total = evidence.figures(CASES, ATTENDANCE)

    assert total == {
        "cases_discussed": 6,
        "follow_ups_asked": 5,  # F was discussed too recently to be asked
        "outcomes_returned": 4,
        "follow_up_completion_rate": 0.8,
        "no_response": 1,
        "awaiting_answer": 0,
        "referral_intended": 3,  # A, B, E among the answered
        "referral_avoided": 2,  # A, E
        "referral_avoided_rate": 0.667,
        "referral_made_as_intended": 1,  # B
        "referral_made_as_intended_rate": 0.333,
        "referral_not_intended_but_made": 1,  # C
        "management_changed": 3,
        "management_changed_rate": 0.75,
        "improved": 2,
        "improved_rate": 0.5,
        "patient_status": {"improved": 2, "same": 1, "worse": 1, "discharged": 0, "not_known": 0},
        "msk_hq": {
            "pairs": 3,  # +10, +2, +6
            "mean_change": 6.0,
            "median_change": 6,
            "meaningful_improvement": 2,  # +10 and exactly +6
            "meaningful_improvement_rate": 0.667,
        },
        "days_submission_to_discussion": {"cases": 5, "median": 8.0},  # 4, 6, 8, 10, 20
        "attendance": {
            "conferences": 2,
            "attendances": 4,  # apologies do not count
            "by_band": {"5": 2, "7": 1, "8": 1},
            "by_service": {"core_physio": 2, "msk_esp": 1, "orthopaedics": 1},
            "by_site": {"Dorchester": 1, "Poole": 3},
        },
    }


def test_by_service_each_group_has_its_own_figures_and_its_conferences_attendance():
    groups = {g["key"]: g for g in evidence.report(CASES, ATTENDANCE, "service")["groups"]}

    assert list(groups) == ["core_physio", "msk_esp", "not_recorded"]
    core, esp, unknown = groups.values()
    assert (core["cases_discussed"], core["outcomes_returned"], core["referral_avoided_rate"]) == (
        3,
        3,
        0.667,
    )
    assert core["follow_up_completion_rate"] == 1.0
    assert (esp["no_response"], esp["follow_up_completion_rate"]) == (1, 0.5)
    assert esp["referral_avoided_rate"] is None  # nobody in msk_esp meant to refer and answered
    assert (esp["referral_not_intended_but_made"], esp["improved_rate"]) == (1, 0.0)
    assert unknown["follow_up_completion_rate"] is None  # not asked yet: no rate, not 0%
    assert unknown["attendance"]["by_band"] == {"5": 1, "8": 1}  # only C2 discussed F


def test_by_chair_the_groups_are_named_and_split_by_conference():
    groups = evidence.report(CASES, ATTENDANCE, "chair")["groups"]

    assert [(g["key"], g["label"], g["cases_discussed"]) for g in groups] == [
        ("chair-x", "Ann Xu", 3),
        ("chair-y", "Ben Young", 3),
    ]
    assert [g["referral_avoided_rate"] for g in groups] == [0.5, 1.0]


def test_by_conference_the_groups_are_named_by_the_day_they_met_and_their_chair():
    groups = evidence.report(CASES, ATTENDANCE, "conference")["groups"]

    assert [(g["key"], g["label"]) for g in groups] == [
        ("C1", "11 March 2026, chaired by Ann Xu"),
        ("C2", "8 April 2026, chaired by Ben Young"),
    ]


@pytest.mark.parametrize(
    ("group_by", "keys"),
    [
        ("conference", ["C1", "C2"]),
        ("site", ["Dorchester", "Poole", "not_recorded"]),
        ("body_region", ["knee", "lumbar_spine", "not_recorded", "shoulder"]),
    ],
)
def test_every_grouping_puts_each_case_in_exactly_one_group(group_by, keys):
    groups = evidence.report(CASES, ATTENDANCE, group_by)["groups"]

    assert [g["key"] for g in groups] == keys
    assert sum(g["cases_discussed"] for g in groups) == 6
    assert sum(g["outcomes_returned"] for g in groups) == 4


def test_the_trend_is_by_month_of_discussion():
    assert evidence.by_month(CASES) == [
        {
            "month": "2026-03",
            "cases_discussed": 3,
            "outcomes_returned": 3,
            "referral_intended": 2,
            "referral_avoided": 1,
            "referral_avoided_rate": 0.5,
        },
        {
            "month": "2026-04",
            "cases_discussed": 3,
            "outcomes_returned": 1,
            "referral_intended": 1,
            "referral_avoided": 1,
            "referral_avoided_rate": 1.0,
        },
    ]


def test_an_empty_period_has_no_rates_rather_than_zero_rates():
    empty = evidence.report([], [], "site")

    assert empty["groups"] == [] and empty["by_month"] == []
    assert empty["total"]["referral_avoided_rate"] is None
    assert empty["total"]["msk_hq"]["mean_change"] is None


def test_the_spreadsheet_has_a_row_per_group_and_a_total_with_flat_columns():
    rows = evidence.flat_rows(evidence.report(CASES, ATTENDANCE, "service"))

    assert [row["key"] for row in rows] == ["core_physio", "msk_esp", "not_recorded", "total"]
    assert len({tuple(row) for row in rows}) == 1  # the same columns in every row
    total = rows[-1]
    assert (total["msk_hq_mean_change"], total["patient_status_worse"]) == (6.0, 1)
    assert (total["attendance_by_band_5"], total["attendance_by_site_Poole"]) == (2, 3)
    assert rows[2]["attendance_by_band_7"] == 0  # F's conference had no band 7


def test_a_cpd_record_counts_only_what_the_clinician_took_part_in():
    held = {"chair": CHAIR_X, "cases_discussed": 3, "recorded_at": C1_AT}
    conferences = [
        {**held, "conference_id": "C1", "starts_at": C1_AT - timedelta(hours=1),
         "ends_at": C1_AT, "status": "present", "chaired": False},
        {**held, "conference_id": "C2", "starts_at": None, "ends_at": None,
         "recorded_at": C2_AT, "status": "apologies", "chaired": False},
        {**held, "conference_id": "C3", "starts_at": C2_AT,
         "ends_at": C2_AT + timedelta(minutes=45), "status": None, "chaired": True},
    ]  # fmt: skip
    presented = [
        {"case_id": "A", "title": "Knee", "body_region": "knee", "conference_id": "C1",
         "discussed_at": C1_AT, "intended_plan": "refer_orthopaedics"},
    ]  # fmt: skip
    chain = FollowUp("fu", "A", "Knee", {"id": "p1"}, CHAIR_X, "refer_orthopaedics", "close",
                     C1_AT, status="completed")  # fmt: skip
    record = {
        **answer("none", True, "improved", 40, avoided=True),
        "id": "o1", "case_id": "A", "round": 1, "msk_hq_baseline": 30, "actions_completed": "all",
        "reflection": "Load first; the referral was not needed.", "recorded_by": "p1",
        "recorded_at": C1_AT + timedelta(days=43), "revised_at": None,
    }  # fmt: skip

    found = cpd.record(conferences, presented, {"A": chain}, {"A": [record]})

    assert found["summary"] == {
        "conferences_attended": 2,  # C1 present, C3 chaired; apologies are not CPD
        "conferences_chaired": 1,
        "hours": 1.75,
        "cases_presented": 1,
        "outcomes_recorded": 1,
    }
    assert [c["role"] for c in found["conferences"]] == ["presenter", "attendee", "chair"]
    assert found["cases_presented"][0]["outcome"]["msk_hq_change"] == 10
    assert found["cases_presented"][0]["follow_up"] == "answered"
    assert [r["text"] for r in found["reflections"]] == ["Load first; the referral was not needed."]
