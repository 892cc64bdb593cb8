"""A panel left short by late declines reaches the coordinator's list, who re-plans the day."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@demo.nhs.uk"
LONDON = ZoneInfo("Europe/London")


def a_panel_left_short(api) -> tuple[dict, dict]:
    """A meeting moved to three hours ahead whose chair and attendees decline, one by one,
    until even the called-up standby cannot make a quorum. Returns it and the last answer."""
    today = datetime.now(UTC).astimezone(LONDON).date()
    window = {"from": str(today + timedelta(days=1)), "to": str(today + timedelta(weeks=4))}
    planned = api.post("/api/v1/rota", COORDINATOR, json=window)
    assert planned.status_code == 201, planned.text
    conference = planned.json()["items"][0]
    soon = (datetime.now(UTC) + timedelta(hours=3)).replace(microsecond=0).isoformat()
    path = f"/api/v1/conferences/{conference['conference_id']}"
    assert api.post(f"{path}/move", COORDINATOR, json={"starts_at": soon}).status_code == 200
    attendees = [a for a in conference["attendees"] if a["role"] == "attendee"]
    for person in [conference["chair"], *attendees]:
        answer = api.post(f"{path}/decline", person["email"], json={"reason": "Clinic overrun"})
        assert answer.status_code == 200, answer.text
        if answer.json()["problems"]:
            return conference, {**answer.json(), "last_away": person["name"]}
    raise AssertionError("the panel kept its quorum with everyone gone")


def test_the_coordinator_sees_a_panel_at_risk_and_re_plans_its_day(visit, api):
    conference, last = a_panel_left_short(api)

    coordinator = visit("coordinator")
    coordinator.log_in(COORDINATOR)
    coordinator.open("/quorum-warnings")
    warning = coordinator.page.locator(f"#warning-{last['warning_id']}")
    expect(warning).to_contain_text(last["problems"][0])
    expect(warning).to_contain_text(last["last_away"])
    expect(warning).to_contain_text("when someone declined")
    coordinator.check("panel-at-risk")

    warning.get_by_role("link", name="Re-plan that day").click()
    coordinator.page.get_by_role("button", name="Generate the rota").click()
    expect(coordinator.page.locator(".nhsuk-error-summary")).to_have_count(0)
    coordinator.check("day-re-planned")

    coordinator.open("/quorum-warnings")
    expect(coordinator.page.locator(f"#warning-{last['warning_id']}")).to_have_count(0)
    expect(coordinator.page.locator("main")).to_contain_text("No panel is at risk")
