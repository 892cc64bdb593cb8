"""Getting cases discussed through the gateway, for the outcome tests."""

from __future__ import annotations

from tests.support.api import eventually
from tests.support.meetings import meeting_under_way

PHYSIO = "physio@demo.nhs.uk"


def discuss(api, cases: list[dict]) -> dict:
    """Schedule the cases and record their conference's minutes, with who came."""
    scheduled = [api.wait_for_case(PHYSIO, c["id"], "scheduled") for c in cases]
    conference_id = scheduled[0]["conference_id"]
    assert {c["conference_id"] for c in scheduled} == {conference_id}
    conference = api.get(f"/api/v1/conferences/{conference_id}", PHYSIO).json()
    # The presenter may sit on the same panel: they come as the presenter, so their own
    # attendance is not one of the statuses set here.
    presenter_id = scheduled[0]["presenter_id"]
    chair = conference["chair"]
    panel = [a for a in conference["attendees"] if a["id"] and a["id"] != presenter_id]
    present, apologies, absent = panel[0], panel[1], panel[2]
    minutes = {
        "items": [
            {"case_id": c["id"], "discussion": "Load tolerance first.", "recommendations": "Review"}
            for c in cases
        ],
        "attendance": [
            {"clinician_id": chair["id"], "status": "present"},
            {"clinician_id": present["id"], "status": "present"},
            {"clinician_id": apologies["id"], "status": "apologies"},
            {"clinician_id": absent["id"], "status": "absent"},  # did not attend
        ],
    }
    meeting_under_way(api, conference_id)
    recorded = api.post(
        f"/api/v1/conferences/{conference_id}/minutes", chair["email"], json=minutes
    )
    assert recorded.status_code == 201, recorded.text
    for c in cases:  # outcomes has heard of the discussion once the outcome is merely missing
        eventually(
            lambda c=c: api.get(f"/api/v1/cases/{c['id']}/outcome", PHYSIO),
            lambda r: r.status_code == 404 and r.json()["error"] == "OUTCOME_NOT_FOUND",
            20,
            f"the follow-up of {c['id']}",
        )
    return {
        "conference": conference,
        "chair": chair,
        "present": present,
        "apologies": apologies,
        "absent": absent,
    }
