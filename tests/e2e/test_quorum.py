"""Close to a meeting: the standby steps in for whoever cannot come, and coordinators hear of
a panel nobody could save."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.support.api import eventually

COORDINATOR = "coordinator@demo.nhs.uk"
PHYSIO = "physio@demo.nhs.uk"
LONDON = ZoneInfo("Europe/London")
QUORUM_CHECK_EVERY = 60  # seconds: the timer of the check before each meeting


@pytest.fixture(scope="module")
def planned(api) -> list[dict]:
    """The next six weeks, planned once: each test moves a different meeting to within a day
    (planning again after that would break the one-conference-in-14-days maximum)."""
    today = datetime.now(UTC).astimezone(LONDON).date()
    window = {"from": str(today + timedelta(days=1)), "to": str(today + timedelta(weeks=6))}
    response = api.post("/api/v1/rota", COORDINATOR, json=window)
    assert response.status_code == 201, response.text
    return response.json()["items"]


def move_to_soon(api, conference: dict, hours: float) -> datetime:
    starts_at = (datetime.now(UTC) + timedelta(hours=hours)).replace(microsecond=0)
    path = f"/api/v1/conferences/{conference['conference_id']}/move"
    moved = api.post(path, COORDINATOR, json={"starts_at": starts_at.isoformat()})
    assert moved.status_code == 200, moved.text
    return starts_at


def panel_of(api, conference_id: str) -> dict:
    shown = api.get(f"/api/v1/conferences/{conference_id}", PHYSIO).json()
    seats = {a["role"]: a for a in shown["attendees"] if a["role"] != "attendee"}
    return {
        "chair": shown["chair"],
        "standby": seats.get("standby"),
        "attendees": [a for a in shown["attendees"] if a["role"] == "attendee"],
    }


def warnings_to(mail, email: str) -> list:
    return [m for m in mail if m.subject.startswith("Quorum at risk") and email in m.rcpt_to]


def decline(api, conference_id: str, email: str) -> dict:
    path = f"/api/v1/conferences/{conference_id}/decline"
    response = api.post(path, email, json={"reason": "Clinic overrun"})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_late_decline_calls_up_the_standby_and_a_panel_left_short_reaches_the_coordinators(
    api, mailbox, planned
):
    conference = planned[0]
    conference_id = conference["conference_id"]
    move_to_soon(api, conference, hours=3)
    chair, standby = conference["chair"], conference["standby"]

    stepped_in = decline(api, conference_id, chair["email"])

    assert stepped_in["replanned"] is False, "three hours ahead: no new faces, the standby"
    assert stepped_in["called_up"] == standby["id"] and stepped_in["problems"] == []
    panel = panel_of(api, conference_id)
    assert panel["chair"]["id"] == standby["id"] and panel["standby"] is None
    assert chair["id"] not in {a["id"] for a in panel["attendees"]}

    # Attendees drop out until the panel is below its minimum. Which rule breaks first
    # depends on whom the solver seated: a panel may lose its mix of services or sites
    # before its size, and each is a warning of its own.
    attendees = [a for a in conference["attendees"] if a["role"] == "attendee"]
    warned = []
    for attendee in attendees:
        last = decline(api, conference_id, attendee["email"])
        warned += [last["warning_id"]] if last["warning_id"] else []
        if any(p.startswith("panel of ") for p in last["problems"]):
            break
    assert last["warning_id"], "a panel that cannot meet is reported"
    assert any(p.startswith("panel of ") for p in last["problems"])

    warnings = api.get("/api/v1/quorum-warnings", COORDINATOR).json()["items"]
    ours = [w for w in warnings if w["conference_id"] == conference_id]
    assert sorted(w["id"] for w in ours) == sorted(warned)
    assert all(w["cause"] == "decline" and w["resolved_at"] is None for w in ours)
    assert api.get("/api/v1/quorum-warnings", PHYSIO).status_code == 403
    mail = mailbox.wait_for(
        lambda mail: any(last["problems"][0] in m.text for m in warnings_to(mail, COORDINATOR)),
        timeout=20,
    )
    assert len(warnings_to(mail, COORDINATOR)) >= len(warned)

    # The coordinator plans that day again: a sound panel resolves the warning.
    starts_at = api.get(f"/api/v1/conferences/{conference_id}", PHYSIO).json()["starts_at"]
    day = datetime.fromisoformat(starts_at).astimezone(LONDON).date()
    replanned = api.post("/api/v1/rota", COORDINATOR, json={"from": str(day), "to": str(day)})
    assert replanned.status_code == 201, replanned.text
    still_open = api.get("/api/v1/quorum-warnings", COORDINATOR).json()["items"]
    assert conference_id not in {w["conference_id"] for w in still_open}
    everything = api.get("/api/v1/quorum-warnings?open=false", COORDINATOR).json()["items"]
    assert all(w["resolved_at"] is not None for w in everything if w["id"] in warned)
    assert {w["id"] for w in everything} >= set(warned)


def test_the_check_the_day_before_takes_off_whoever_is_away_that_day(api, planned):
    conference = planned[1]
    conference_id = conference["conference_id"]
    away = next(a for a in conference["attendees"] if a["role"] == "attendee")
    starts_at = datetime.now(UTC) + timedelta(hours=5)
    day = starts_at.astimezone(LONDON).date()
    leave = {"dates": [str(day)], "reason": "Annual leave"}
    marked = api.post(f"/api/v1/clinicians/{away['id']}/unavailability", COORDINATOR, json=leave)
    assert marked.status_code == 201, marked.text
    move_to_soon(api, conference, hours=5)

    checked = eventually(
        lambda: panel_of(api, conference_id),
        lambda panel: away["id"] not in {a["id"] for a in panel["attendees"]},
        timeout=QUORUM_CHECK_EVERY + 15,
        what="the check before the meeting",
    )
    assert checked["chair"]["id"] == conference["chair"]["id"], "the chair can still come"


def test_leave_entered_for_a_meeting_within_a_day_takes_the_person_off_at_once(api, planned):
    conference = planned[2]
    conference_id = conference["conference_id"]
    starts_at = move_to_soon(api, conference, hours=4)
    away = next(a for a in conference["attendees"] if a["role"] == "attendee")
    day = starts_at.astimezone(LONDON).date()

    leave = {"dates": [str(day)], "reason": "Sick leave"}
    marked = api.post(f"/api/v1/clinicians/{away['id']}/unavailability", away["email"], json=leave)

    assert marked.status_code == 201, marked.text
    assert marked.json()["still_rostered"] == [], "taken off, as if they had declined"
    panel = panel_of(api, conference_id)
    assert away["id"] not in {a["id"] for a in panel["attendees"]}
