"""Outcomes through the gateway: recording, correcting, who may see them, the evidence and CPD."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.support.api import eventually
from tests.support.outcomes import PHYSIO, discuss

COORDINATOR = "coordinator@demo.nhs.uk"
ADMIN = "admin@demo.nhs.uk"
ANSWER = {
    "onward_referral": "none",
    "management_changed": True,
    "patient_status": "improved",
    "msk_hq": 41,
    "actions_completed": "all",
    "reflection": "Isometrics first settled it; the injection referral was not needed.",
}


@pytest.fixture(scope="module")
def discussed(api):
    elbow = api.submit_case(
        PHYSIO,
        title="Outcomes: lateral elbow pain, injection referral?",
        msk_hq_baseline=30,
        intended_plan="refer_orthopaedics",
    )
    knee = api.submit_case(
        PHYSIO, title="Outcomes: anterior knee pain", body_region="knee", intended_plan="refer_msk"
    )
    return {"elbow": elbow, "knee": knee, **discuss(api, [elbow, knee])}


@pytest.fixture(scope="module")
def elbow_outcome(api, discussed) -> str:
    """The elbow's outcome as its presenter recorded it, whichever test runs first (the first
    test records it itself, to see it answered 201): its path."""
    path = f"/api/v1/cases/{discussed['elbow']['id']}/outcome"
    answer = api.post(path, PHYSIO, json=ANSWER)
    assert answer.status_code in (201, 409), answer.text
    eventually(lambda: api.get(path, PHYSIO), lambda r: r.status_code == 200, 20, "the outcome")
    return path


def outsider(api, discussed) -> str:
    """A colleague with no part in the conference (every demo card is open by then)."""
    people = eventually(
        lambda: api.get("/api/v1/clinicians?page_size=500", ADMIN).json()["items"],
        lambda found: len(found) == 60,
        30,
        "every demo colleague's card",
    )
    inside = {discussed["chair"]["email"], discussed["present"]["email"], PHYSIO}
    inside |= {a["email"] for a in discussed["conference"]["attendees"]}
    inside |= {COORDINATOR, ADMIN}
    return sorted(p["email"] for p in people if p["email"] not in inside)[0]


def test_the_presenter_records_the_outcome_with_what_it_means(api, discussed):
    path = f"/api/v1/cases/{discussed['elbow']['id']}/outcome"

    missing = api.post(path, PHYSIO, json={"onward_referral": "sideways"})
    identifying = api.post(path, PHYSIO, json={**ANSWER, "reflection": "NHS 943 476 5919 improved"})
    stranger = api.post(path, outsider(api, discussed), json=ANSWER)
    recorded = api.post(path, PHYSIO, json=ANSWER)
    again = api.post(path, PHYSIO, json=ANSWER)

    assert missing.status_code == 422
    assert {"onward_referral", "management_changed", "patient_status"} <= set(
        missing.json()["fields"]
    )
    assert identifying.status_code == 422
    assert identifying.json()["error"] == "PATIENT_IDENTIFIABLE_DATA"
    assert "reflection" in identifying.json()["fields"]
    assert stranger.status_code == 403
    assert recorded.status_code == 201, recorded.text
    outcome = recorded.json()
    assert (outcome["msk_hq_baseline"], outcome["msk_hq_change"]) == (30, 11)
    assert outcome["msk_hq_meaningful_improvement"] is True
    assert outcome["referral_avoided"] is True and outcome["referral_made_as_intended"] is False
    assert again.status_code == 409 and again.json()["error"] == "OUTCOME_ALREADY_RECORDED"
    api.wait_for_case(PHYSIO, discussed["elbow"]["id"], "closed")


def test_the_conference_may_read_it_a_stranger_may_not_and_every_read_is_audited(
    api, discussed, elbow_outcome
):
    path = elbow_outcome
    attendee, stranger = discussed["present"]["email"], outsider(api, discussed)

    seen = api.get(path, attendee)
    refused = api.get(path, stranger)

    assert seen.status_code == 200 and seen.json()["reflection"] == ANSWER["reflection"]
    assert seen.json()["reviews"] == []
    assert refused.status_code == 403 and ANSWER["reflection"] not in refused.text
    trail = api.get(f"{path}/audit", ADMIN).json()["items"]
    by = {api.get("/api/v1/me", who).json()["id"]: who for who in (attendee, stranger)}
    actions = {(e["action"], by.get(e["actor_id"])) for e in trail}
    assert {("read", attendee), ("read_refused", stranger)} <= actions
    assert all(e["request_id"] for e in trail)
    assert api.get(f"{path}/audit", PHYSIO).status_code == 403


def test_only_its_author_may_correct_an_outcome(api, discussed, elbow_outcome):
    path = elbow_outcome

    by_chair = api.patch(path, discussed["chair"]["email"], json={"msk_hq": 45})
    nothing = api.patch(path, PHYSIO, json={})
    unknown = api.patch(path, PHYSIO, json={"nhs_number": "9434765919"})
    corrected = api.patch(path, PHYSIO, json={"msk_hq": 43, "onward_referral": "orthopaedics"})

    assert by_chair.status_code == 403 and by_chair.json()["error"] == "NOT_THE_AUTHOR"
    assert nothing.status_code == 422 and unknown.status_code == 422
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["msk_hq_change"] == 13 and corrected.json()["revised_at"]
    # the derived figures follow the correction
    assert corrected.json()["referral_avoided"] is False
    assert corrected.json()["referral_made_as_intended"] is True
    restored = api.patch(path, PHYSIO, json={"onward_referral": "none"})
    assert restored.json()["referral_avoided"] is True
    assert api.get(path, PHYSIO).json()["msk_hq"] == 43


def test_leads_get_the_evidence_as_json_csv_and_a_chart(api, elbow_outcome):
    today = datetime.now(UTC).date()
    period = f"from={today - timedelta(days=1)}&to={today + timedelta(days=1)}"

    report = api.get(f"/api/v1/reports/outcomes?{period}&group_by=body_region", COORDINATOR)
    as_csv = api.get(f"/api/v1/reports/outcomes?{period}&format=csv", COORDINATOR)
    by_header = api.get("/api/v1/reports/outcomes", ADMIN, headers={"Accept": "text/csv"})
    chart = api.get(f"/api/v1/reports/outcomes.png?{period}&group_by=service", COORDINATOR)

    assert report.status_code == 200, report.text
    total = report.json()["total"]
    assert (total["cases_discussed"], total["outcomes_returned"]) == (2, 1)
    assert (total["referral_intended"], total["referral_avoided_rate"]) == (1, 1.0)
    assert total["msk_hq"]["pairs"] == 1
    # The chair, one colleague and the presenter; not apologies, nor who did not attend.
    assert total["attendance"]["attendances"] == 3
    assert total["days_submission_to_discussion"]["cases"] == 2
    regions = {g["key"]: g["cases_discussed"] for g in report.json()["groups"]}
    assert regions == {"elbow": 1, "knee": 1}
    assert as_csv.status_code == 200 and as_csv.headers["Content-Type"].startswith("text/csv")
    header, *rows = as_csv.text.splitlines()
    assert header.startswith("group_by,key,label,cases_discussed") and rows[-1].startswith(
        "conference,total,All,2,"
    )
    assert by_header.headers["Content-Type"].startswith("text/csv")
    assert chart.status_code == 200 and chart.headers["Content-Type"] == "image/png"
    assert chart.content.startswith(b"\x89PNG\r\n\x1a\n") and len(chart.content) > 10_000


def test_the_evidence_is_for_leads_and_asks_for_a_known_grouping(api):
    assert api.get("/api/v1/reports/outcomes", PHYSIO).status_code == 403
    assert api.get("/api/v1/reports/outcomes.png", PHYSIO).status_code == 403
    wrong = api.get("/api/v1/reports/outcomes?group_by=band&from=soon", COORDINATOR)
    assert wrong.status_code == 422 and {"group_by", "from"} <= set(wrong.json()["fields"])
    backwards = api.get("/api/v1/reports/outcomes?from=2027-02-01&to=2027-01-01", COORDINATOR)
    assert backwards.status_code == 422 and "to" in backwards.json()["fields"]


def test_a_clinicians_cpd_record_shows_what_they_did_and_what_happened_next(
    api, discussed, elbow_outcome
):

    mine = api.get("/api/v1/me/cpd", PHYSIO).json()
    attendee = api.get("/api/v1/me/cpd", discussed["present"]["email"]).json()
    absent = api.get("/api/v1/me/cpd", discussed["apologies"]["email"]).json()
    chair = api.get("/api/v1/me/cpd", discussed["chair"]["email"]).json()
    page = api.get("/api/v1/me/cpd?format=html", PHYSIO)

    presented = {c["title"]: c for c in mine["cases_presented"]}
    assert presented[discussed["elbow"]["title"]]["outcome"]["patient_status"] == "improved"
    assert presented[discussed["knee"]["title"]]["follow_up"] == "not_yet_asked"
    assert [r["text"] for r in mine["reflections"]] == [ANSWER["reflection"]]
    assert attendee["summary"]["conferences_attended"] == 1 and attendee["summary"]["hours"] > 0
    assert absent["summary"]["conferences_attended"] == 0  # apologies are not CPD
    did_not_attend = api.get("/api/v1/me/cpd", discussed["absent"]["email"]).json()
    assert did_not_attend["conferences"][0]["attendance"] == "absent"
    assert did_not_attend["summary"]["conferences_attended"] == 0
    # Presenting is taking part: the presenter was not marked, and is counted present.
    assert mine["summary"]["conferences_attended"] == 1 and mine["summary"]["hours"] > 0
    assert mine["conferences"][0]["role"] == "presenter"
    assert chair["summary"]["conferences_chaired"] == 1
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert discussed["elbow"]["title"] in page.text and "Isometrics first settled it" in page.text
