"""A case with red flags is escalated now, not held for a conference weeks away."""

from tests.support.api import case_details

PHYSIO = "physio@demo.nhs.uk"
SUMMARY = (
    "Fifties, acute low back pain after lifting, new saddle numbness since yesterday "
    "and difficulty passing urine."
)


def test_a_case_with_cauda_equina_signs_is_refused_until_it_has_been_escalated(api):
    details = case_details(
        title="Acute back pain after lifting", summary=SUMMARY, body_region="lumbar_spine"
    )
    refused = api.post("/api/v1/cases", PHYSIO, json=details)
    assert refused.status_code == 422, refused.text
    body = refused.json()
    assert body["error"] == "RED_FLAGS"
    assert "escalate now" in body["message"]
    hits = body["fields"]["summary"]
    assert {hit["flag"] for hit in hits} == {"cauda_equina"}
    assert "saddle numbness" in [SUMMARY[h["start"] : h["end"]] for h in hits]
    mine = api.get("/api/v1/cases?mine=true&q=lifting", PHYSIO).json()
    assert mine["total"] == 0, "nothing is stored until it has been escalated"

    accepted = api.post("/api/v1/cases", PHYSIO, json={**details, "red_flags_escalated": True})
    assert accepted.status_code == 201, accepted.text
    # Shown to the chair of the conference that discusses it.
    case = api.wait_for_case(PHYSIO, accepted.json()["id"], "scheduled")
    conference = api.get(f"/api/v1/conferences/{case['conference_id']}", PHYSIO).json()
    chair = conference["chair"]["email"]
    seen_by_chair = api.get(f"/api/v1/cases/{case['id']}", chair).json()
    assert seen_by_chair["red_flags"] == ["cauda_equina"]
    assert seen_by_chair["red_flags_escalated"] is True


def test_red_flags_screened_and_negative_do_not_stop_a_case(api):
    details = case_details(
        summary="Mechanical low back pain, 8 weeks. No saddle anaesthesia, "
        "bladder and bowel normal, no night pain, no fever.",
        body_region="lumbar_spine",
        title="Screened back pain",
    )
    response = api.post("/api/v1/cases", PHYSIO, json=details)
    assert response.status_code == 201, response.text
    assert response.json()["red_flags"] == []
