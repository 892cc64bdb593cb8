"""A case on a conference, and a colleague with no part in it: for the minutes tests."""

from datetime import UTC, datetime, timedelta

from tests.support.api import eventually

PHYSIO = "physio@demo.nhs.uk"
ADMIN = "admin@demo.nhs.uk"
COORDINATOR = "coordinator@demo.nhs.uk"


def a_scheduled_case(api, title: str, **details) -> tuple[dict, dict]:
    """The demo physio's case once it is on a conference's agenda, and that conference."""
    case = api.submit_case(PHYSIO, title=title, **details)
    case = api.wait_for_case(PHYSIO, case["id"], "scheduled")
    conference = api.get(f"/api/v1/conferences/{case['conference_id']}", PHYSIO).json()
    return case, conference


def outsider_of(api, conference: dict, case: dict) -> str:
    """A colleague not on the panel, not presenting, not matched to the case, not a lead."""
    inside = {conference["chair"]["id"]} | {a["id"] for a in conference["attendees"]}
    matched = api.get(f"/api/v1/cases/{case['id']}/experts", PHYSIO).json()["items"]
    inside |= {m["clinician_id"] for m in matched} | {case["presenter_id"]}
    cards = eventually(
        lambda: api.get("/api/v1/clinicians?page_size=500", ADMIN).json()["items"],
        lambda found: len(found) >= 60,
        30,
        "every colleague's card",
    )
    return next(
        c["email"]
        for c in cards
        if c["clinician_id"] not in inside
        and not c["email"].startswith(("admin", "coordinator", "chair", "physio"))
    )


def meeting_under_way(api, conference_id: str) -> None:
    """Minutes are published from a meeting's start: the coordinator brings it forward to
    a moment from now, and we wait for that moment. On a busy machine the move may arrive
    after that moment, and is refused; it is asked again with more time to spare."""
    for margin in (2, 5, 10):
        starts = datetime.now(UTC) + timedelta(seconds=margin)
        moved = api.post(
            f"/api/v1/conferences/{conference_id}/move",
            COORDINATOR,
            json={"starts_at": starts.isoformat()},
        )
        if moved.status_code != 409 or moved.json()["error"] != "NOT_IN_THE_FUTURE":
            break
    assert moved.status_code == 200, moved.text
    eventually(lambda: datetime.now(UTC), lambda now: now >= starts, 15, "the meeting to start")
