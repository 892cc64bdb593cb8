"""Someone leaves: they are locked out at once, their seats re-planned, their actions listed."""

from datetime import UTC, datetime, timedelta

from tests.support.api import eventually

COORDINATOR = "coordinator@demo.nhs.uk"


def rota(api, days=28) -> list[dict]:
    today = datetime.now(UTC).date()
    window = f"from={today + timedelta(days=2)}&to={today + timedelta(days=days)}"
    response = api.get(f"/api/v1/rota?{window}&page_size=500", COORDINATOR)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def seated(conference: dict) -> set[str]:
    seats = [conference["chair"], conference["standby"], *conference["attendees"]]
    return {seat["email"] for seat in seats if seat}


def someone_on_the_rota(api) -> tuple[str, str]:
    """A generated colleague (not a demo account) on a panel more than two days ahead."""
    conferences = eventually(
        lambda: rota(api),
        lambda found: found and all(c["chair"] for c in found),
        60,
        "the demo rota",
    )
    for conference in conferences:
        for seat in conference["attendees"]:
            if seat["role"] == "attendee" and not seat["email"].split("@")[0].isalpha():
                return seat["id"], seat["email"]
    raise AssertionError("nobody on the demo rota")


def test_a_leaver_is_locked_out_at_once_and_their_seats_are_planned_again(api):
    leaver_id, email = someone_on_the_rota(api)
    token = api.token(email)
    auth = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/v1/me", headers=auth).status_code == 200

    left = api.post(f"/api/v1/staff/{leaver_id}/deactivate", COORDINATOR)
    assert left.status_code == 200, left.text
    assert left.json()["person"]["active"] is False
    assert isinstance(left.json()["open_actions"], list)

    after = api.get("/api/v1/me", headers=auth)
    assert after.status_code == 401 and after.json()["error"] == "SESSION_ENDED"
    again = api.post("/api/v1/auth/token", json={"email": email, "password": "demo"})
    assert again.status_code == 401
    conferences = eventually(
        lambda: rota(api),
        lambda found: not any(email in seated(c) for c in found),
        60,
        f"{email} off every panel ahead",
    )
    assert all(c["chair"] for c in conferences), "a day re-planned without its chair"

    history = api.get(f"/api/v1/staff/people/{leaver_id}", COORDINATOR).json()["history"]
    me = api.get("/api/v1/me", COORDINATOR).json()["id"]
    assert [(h["action"], h["by"]) for h in history][-1] == ("deactivated", me)

    back = api.post(f"/api/v1/staff/{leaver_id}/reactivate", COORDINATOR)
    assert back.status_code == 200 and back.json()["active"]
    signed_in = api.post("/api/v1/auth/token", json={"email": email, "password": "demo"})
    assert signed_in.status_code == 200
    twice = api.post(f"/api/v1/staff/{leaver_id}/reactivate", COORDINATOR)
    assert twice.status_code == 409


def test_only_coordinators_and_admins_deactivate_and_nobody_twice(api):
    physio = api.get("/api/v1/me", "physio@demo.nhs.uk").json()["id"]
    chair = "chair@demo.nhs.uk"
    assert api.post(f"/api/v1/staff/{physio}/deactivate", chair).status_code == 403
    assert api.post("/api/v1/staff/nobody-at-all/deactivate", COORDINATOR).status_code == 404
    me = api.get("/api/v1/me", COORDINATOR).json()["id"]
    myself = api.post(f"/api/v1/staff/{me}/deactivate", COORDINATOR)
    assert myself.status_code == 409 and myself.json()["error"] == "NOT_YOURSELF"
