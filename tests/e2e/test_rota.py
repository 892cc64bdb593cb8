"""The rota through the gateway: a coordinator plans it, everyone reads it, leave is respected."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

PHYSIO = "physio@demo.nhs.uk"
COORDINATOR = "coordinator@demo.nhs.uk"
LONDON = ZoneInfo("Europe/London")


def window(weeks: int = 4) -> dict:
    today = datetime.now(UTC).astimezone(LONDON).date()
    return {
        "from": (today + timedelta(days=1)).isoformat(),
        "to": (today + timedelta(weeks=weeks)).isoformat(),
    }


def plan(api, body=None, as_user=COORDINATOR):
    return api.post("/api/v1/rota", as_user, json=body or window())


def meeting_day(conference: dict) -> date:
    return datetime.fromisoformat(conference["starts_at"]).astimezone(LONDON).date()


def test_a_coordinator_publishes_a_rota_that_mixes_sites_services_and_bands(api):
    response = plan(api)

    assert response.status_code == 201, response.text
    rota = response.json()
    assert rota["status"] in ("optimal", "feasible") and rota["rota_id"]
    assert rota["max_load"] == rota["lower_bound"] == 1  # nobody twice in four weeks
    assert rota["items"], "the seeded weekly series meets in the next four weeks"
    for conference in rota["items"]:
        panel = [
            conference["chair"],
            *[a for a in conference["attendees"] if a["role"] == "attendee"],
        ]
        assert (
            conference["chair"]["band"] >= 7
            or "co-chair in training" in conference["chair"]["reasons"][0]
        )
        assert conference["standby"]["band"] >= 7
        assert conference["standby"]["id"] not in {p["id"] for p in panel}
        assert len({p["site"] for p in panel}) >= 3
        assert len({p["service"] for p in panel}) >= 2
        assert all(any(r.startswith("fairness: ") for r in p["reasons"]) for p in panel)
        assert all(any(r.startswith("mix: band ") for r in p["reasons"]) for p in panel)

    shown = api.get(f"/api/v1/rota?from={window()['from']}&to={window()['to']}", PHYSIO)
    assert shown.status_code == 200, shown.text
    assert [c["conference_id"] for c in shown.json()["items"]] == [
        c["conference_id"] for c in rota["items"]
    ]
    first = rota["items"][0]
    duties = api.get(f"/api/v1/clinicians/{first['chair']['id']}/rota", PHYSIO).json()["items"]
    assert {"conference_id": first["conference_id"], "role": "chair"}.items() <= next(
        d for d in duties if d["conference_id"] == first["conference_id"]
    ).items()
    conference = api.get(f"/api/v1/conferences/{first['conference_id']}", PHYSIO).json()
    assert conference["chair"]["id"] == first["chair"]["id"]


def test_only_coordinators_and_admins_plan_the_rota(api):
    refused = plan(api, as_user=PHYSIO)

    assert refused.status_code == 403
    assert refused.json()["error"] == "ROLE_REQUIRED"


def test_a_bad_window_is_refused_naming_the_fields(api):
    backwards = plan(api, {"from": "2027-02-01", "to": "2027-01-01"})
    assert backwards.status_code == 422
    assert backwards.json()["fields"] == {"to": ["must not be before from"]}

    garbled = plan(api, {"from": "next week", "series_id": ""})
    assert garbled.status_code == 422
    assert set(garbled.json()["fields"]) == {"from", "to", "series_id"}


def test_a_clinician_on_leave_is_taken_off_that_days_conference_and_little_else_changes(api):
    rota = plan(api).json()
    conference = rota["items"][-1]
    attendee = next(
        a for a in conference["attendees"] if a["role"] == "attendee" and a["email"] != PHYSIO
    )
    day = meeting_day(conference).isoformat()
    refused = api.post(
        f"/api/v1/clinicians/{attendee['id']}/unavailability", PHYSIO, json={"dates": [day]}
    )
    assert refused.status_code == 403 and refused.json()["error"] == "NOT_YOURS"

    marked = api.post(
        f"/api/v1/clinicians/{attendee['id']}/unavailability",
        COORDINATOR,
        json={"from": day, "to": day, "reason": "Annual leave"},
    )
    assert marked.status_code == 201, marked.text
    assert marked.json()["items"] == [{"day": day, "reason": "Annual leave"}]
    assert [d["conference_id"] for d in marked.json()["still_rostered"]] == [
        conference["conference_id"]
    ]

    again = plan(api)
    assert again.status_code == 201, again.text
    replanned = next(
        c for c in again.json()["items"] if c["conference_id"] == conference["conference_id"]
    )
    assert attendee["id"] not in {a["id"] for a in replanned["attendees"]}
    # Minimal disturbance: the one seat is refilled; nobody else is reshuffled much.
    assert again.json()["changes"] <= 6
    listed = api.get(f"/api/v1/clinicians/{attendee['id']}/unavailability", COORDINATOR).json()
    assert listed["items"] == [{"day": day, "reason": "Annual leave"}]
    assert listed["still_rostered"] == []


def test_someone_who_declines_is_taken_off_and_the_day_is_replanned_with_few_changes(api):
    rota = plan(api).json()
    conference = rota["items"][0]
    attendee = next(
        a for a in conference["attendees"] if a["role"] == "attendee" and a["email"] != PHYSIO
    )
    path = f"/api/v1/conferences/{conference['conference_id']}/decline"
    on_panel = {a["email"] for a in conference["attendees"]} | {conference["chair"]["email"]}
    if conference.get("standby"):
        on_panel.add(conference["standby"]["email"])
    leads = ("admin@demo.nhs.uk", COORDINATOR)
    outsider = next(
        email for email in (PHYSIO, "chair@demo.nhs.uk", *leads) if email not in on_panel
    )
    refused = api.post(path, outsider, json={"reason": "Clinic overrun"})
    assert refused.status_code == 409 and refused.json()["error"] == "NOT_ON_THIS_PANEL"
    assert api.post(path, attendee["email"], json={}).status_code == 422

    declined = api.post(path, attendee["email"], json={"reason": "Clinic overrun"})
    assert declined.status_code == 200, declined.text
    assert declined.json()["changes"] <= 6, "the seat is refilled, little else moves"
    day = meeting_day(conference).isoformat()
    after = api.get(f"/api/v1/rota?from={day}&to={day}", PHYSIO).json()["items"]
    replanned = next(c for c in after if c["conference_id"] == conference["conference_id"])
    seated = {a["id"] for a in replanned["attendees"]} | {replanned["chair"]["id"]}
    assert attendee["id"] not in seated
    assert len(replanned["attendees"]) >= len(conference["attendees"]) - 1


def test_a_day_entered_by_mistake_is_taken_off_by_the_clinician_only(api):
    me = api.get("/api/v1/me", PHYSIO).json()["id"]
    day = str(datetime.now(UTC).date() + timedelta(days=90))
    path = f"/api/v1/clinicians/{me}/unavailability"
    added = api.post(path, PHYSIO, json={"dates": [day], "reason": "Typed the wrong month"})
    assert added.status_code == 201, added.text

    assert api.delete(f"{path}/{day}", "chair@demo.nhs.uk").status_code == 403
    removed = api.delete(f"{path}/{day}", PHYSIO)
    assert removed.status_code == 200, removed.text
    assert removed.json() == {"clinician_id": me, "day": day, "removed": True}
    assert api.get(f"{path}?from={day}&to={day}", PHYSIO).json()["items"] == []
    assert api.delete(f"{path}/{day}", PHYSIO).status_code == 404
    assert api.delete(f"{path}/31-02-2027", PHYSIO).status_code == 422
