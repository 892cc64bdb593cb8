"""Coordinators shape the series and move meetings; chairs order and move agenda items."""

from datetime import UTC, datetime, timedelta

from tests.support.api import eventually

PHYSIO = "physio@demo.nhs.uk"
COORDINATOR = "coordinator@demo.nhs.uk"

SPINAL = {
    "name": "Spinal case conference",
    "weekday": 3,
    "start_time": "13:00",
    "duration_minutes": 45,
    "every_weeks": 2,
    "first_date": "2027-01-07",
    "location": "https://teams.example.nhs.uk/spinal",
    "focus": "spinal",
    "panel_min": 5,
    "panel_max": 8,
    "capacity_minutes": 40,
}


def conference(api, conference_id):
    return api.get(f"/api/v1/conferences/{conference_id}", PHYSIO).json()


def test_a_coordinator_creates_a_series_and_bad_input_names_the_field(api):
    assert api.post("/api/v1/conference-series", PHYSIO, json=SPINAL).status_code == 403
    created = api.post("/api/v1/conference-series", COORDINATOR, json=SPINAL)
    assert created.status_code == 201, created.text
    assert created.json()["focus"] == "spinal"
    listed = api.get("/api/v1/conference-series", PHYSIO).json()["items"]
    assert "Spinal case conference" in {s["name"] for s in listed}
    wrong = api.post(
        "/api/v1/conference-series",
        COORDINATOR,
        json={**SPINAL, "start_time": "1pm", "duration_minutes": 90, "panel_min": 9},
    )
    assert wrong.status_code == 422
    assert {"start_time", "duration_minutes"} <= set(wrong.json()["fields"])


def test_a_cancelled_conference_sends_its_cases_on_and_tells_its_panel(api, mailbox):
    case = api.submit_case(PHYSIO, title="Series: cancelled meeting, knee case")
    case = api.wait_for_case(PHYSIO, case["id"], "scheduled")
    cancelled_id = case["conference_id"]
    panel = conference(api, cancelled_id)
    path = f"/api/v1/conferences/{cancelled_id}/cancel"
    assert api.post(path, PHYSIO, json={"reason": "Bank holiday"}).status_code == 403
    done = api.post(path, COORDINATOR, json={"reason": "Bank holiday"})
    assert done.status_code == 200, done.text

    moved = eventually(
        lambda: api.case(PHYSIO, case["id"]),
        lambda c: c["conference_id"] not in (None, cancelled_id),
        20,
        "the case to move to another conference",
    )
    assert moved["status"] == "scheduled"
    chair = panel["chair"]["email"]
    mailbox.wait_for(
        lambda mail: (
            any(m.subject.startswith("Cancelled:") and chair in m.rcpt_to for m in mail)
            and any(
                m.subject.startswith("Your case has moved") and PHYSIO in m.rcpt_to for m in mail
            )
        )
    )
    assert api.post(path, COORDINATOR, json={"reason": "Again"}).status_code == 409


def test_a_moved_conference_keeps_its_agenda_and_tells_its_panel(api, mailbox):
    case = api.submit_case(PHYSIO, title="Series: moved meeting, hip case")
    case = api.wait_for_case(PHYSIO, case["id"], "scheduled")
    before = conference(api, case["conference_id"])
    later = datetime.fromisoformat(before["starts_at"]) + timedelta(days=1)
    moved = api.post(
        f"/api/v1/conferences/{before['id']}/move",
        COORDINATOR,
        json={"starts_at": later.isoformat()},
    )
    assert moved.status_code == 200, moved.text
    after = conference(api, before["id"])
    assert datetime.fromisoformat(after["starts_at"]) == later
    assert case["id"] in {item["case_id"] for item in after["agenda"]}
    chair = before["chair"]["email"]
    mailbox.wait_for(
        lambda mail: any(m.subject.startswith("Moved:") and chair in m.rcpt_to for m in mail)
    )
    # Planning the rota over that week makes no second conference in the old slot.
    old_day = datetime.fromisoformat(before["starts_at"]).date()
    window = {"from": old_day.isoformat(), "to": (old_day + timedelta(days=1)).isoformat()}
    assert api.post("/api/v1/rota", COORDINATOR, json=window).status_code in (200, 201)
    around = api.get(
        "/api/v1/conferences",
        PHYSIO,
        params={"from": before["starts_at"], "to": before["ends_at"]},
    ).json()["items"]
    assert [c["starts_at"] for c in around] == [], "the old slot stays empty"
    past = datetime.now(UTC) - timedelta(days=1)
    refused = api.post(
        f"/api/v1/conferences/{before['id']}/move",
        COORDINATOR,
        json={"starts_at": past.isoformat()},
    )
    assert refused.status_code == 409


def test_the_chair_orders_the_agenda_and_moves_a_case_to_another_conference(api):
    first = api.submit_case(PHYSIO, title="Series: first on the agenda")
    second = api.submit_case(PHYSIO, title="Series: second on the agenda")
    first = api.wait_for_case(PHYSIO, first["id"], "scheduled")
    second = api.wait_for_case(PHYSIO, second["id"], "scheduled")
    assert first["conference_id"] == second["conference_id"], "both fit the next meeting"
    meeting = conference(api, first["conference_id"])
    chair = meeting["chair"]["email"]
    order = [item["case_id"] for item in meeting["agenda"]]
    reversed_order = list(reversed(order))

    path = f"/api/v1/conferences/{meeting['id']}/agenda"
    assert api.put(path, PHYSIO, json={"case_ids": reversed_order}).status_code == 403
    assert api.put(path, chair, json={"case_ids": reversed_order[1:]}).status_code == 422
    assert api.put(path, chair, json={"case_ids": reversed_order}).status_code == 200
    after = conference(api, meeting["id"])["agenda"]
    assert [item["case_id"] for item in after] == reversed_order
    assert after[0]["slot_starts_at"] == meeting["agenda"][0]["slot_starts_at"]

    upcoming = api.get("/api/v1/conferences", PHYSIO).json()["items"]
    other = next(
        c
        for c in upcoming
        if c["id"] != meeting["id"] and c["chair"] and c["status"] == "scheduled"
    )
    moved = api.post(f"{path}/{first['id']}/move", chair, json={"conference_id": other["id"]})
    assert moved.status_code == 200, moved.text
    eventually(
        lambda: api.case(PHYSIO, first["id"]),
        lambda c: c["conference_id"] == other["id"],
        20,
        "the case to move to the other conference",
    )
