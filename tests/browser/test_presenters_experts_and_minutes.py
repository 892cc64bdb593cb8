"""In the browser: leave keeps a presenter's cases off that day, an invited expert is told, and
minutes published by a coordinator say who published them, on behalf of the chair."""

import re

import pytest
from playwright.sync_api import expect

from gateway.pages.rendering import london, when
from tests.support.api import eventually
from tests.support.meetings import ADMIN, COORDINATOR, PHYSIO, a_scheduled_case, meeting_under_way

pytestmark = pytest.mark.browser


def test_a_coordinator_publishes_the_minutes_on_behalf_of_the_chair(visit, api):
    case, conference = a_scheduled_case(api, "Hip pain in a runner", body_region="hip")
    me = api.get("/api/v1/me", COORDINATOR).json()
    meeting_under_way(api, conference["id"])

    coordinator = visit("coordinator")
    coordinator.log_in(COORDINATOR)
    coordinator.open(f"/conferences/{conference['id']}/minutes")
    item = coordinator.page.locator(f"input[type=hidden][value='{case['id']}']")
    prefix = item.get_attribute("name").removesuffix("-case_id")
    coordinator.page.locator(f"#{prefix}-discussion").fill("Gluteal tendinopathy most likely.")
    coordinator.page.locator(f"#{prefix}-recommendations").fill("Graded hip abductor loading.")
    coordinator.page.get_by_role("button", name="Publish minutes").click()

    expect(coordinator.page.locator("#published-by")).to_contain_text(
        f"by {me['name']}, on behalf of the chair, {conference['chair']['name']}"
    )
    coordinator.check("minutes-published-for-the-chair")


def test_leave_entered_on_the_web_moves_the_presenters_case_and_tells_them(visit, api, mailbox):
    case, conference = a_scheduled_case(
        api, "Neck pain with headaches", body_region="cervical_spine"
    )
    day = london(conference["starts_at"]).date()

    physio = visit("physio")
    physio.log_in(PHYSIO)
    physio.open("/me/unavailability")
    first = physio.page.get_by_role("group", name="First day")
    for part, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        first.get_by_label(part).fill(str(value))
    physio.page.get_by_label("Reason (optional)").fill("Annual leave")
    physio.page.get_by_role("button", name="Add").click()
    expect(physio.page.locator(".nhsuk-notification-banner")).to_contain_text("Added")

    moved = eventually(
        lambda: api.case(PHYSIO, case["id"]),
        lambda found: found["conference_id"] not in (None, conference["id"]),
        20,
        "the case to move off the day of leave",
    )
    mailbox.wait_for(
        lambda mail: any(
            m.subject.startswith("Your case has moved") and PHYSIO in m.rcpt_to for m in mail
        ),
        timeout=30,
    )
    now_at = api.get(f"/api/v1/conferences/{moved['conference_id']}", PHYSIO).json()
    assert london(now_at["starts_at"]).date() != day
    physio.open(f"/cases/{case['id']}")
    expect(physio.page.locator("main")).to_contain_text(when(now_at["starts_at"]))
    physio.check("case-moved-off-leave")
    me = api.get("/api/v1/me", PHYSIO).json()
    assert api.delete(f"/api/v1/clinicians/{me['id']}/unavailability/{day}", PHYSIO).ok


def test_an_invited_expert_is_emailed_and_sees_their_seat(visit, api, mailbox):
    eventually(
        lambda: api.get("/api/v1/clinicians?page_size=500", ADMIN).json()["items"],
        lambda found: len(found) == 60,
        30,
        "every demo colleague's card",
    )  # every card is open before the case is matched
    case, _ = a_scheduled_case(
        api,
        "Hypermobile teenager with recurrent patellar subluxation",
        summary="Hypermobile, Beighton 7/9, recurrent kneecap dislocations; quads weak.",
        body_region="knee",
    )
    matched = {
        m["clinician_id"]
        for m in api.get(f"/api/v1/cases/{case['id']}/experts", PHYSIO).json()["items"]
    }
    conference = eventually(
        lambda: api.get(f"/api/v1/conferences/{case['conference_id']}", PHYSIO).json(),
        lambda c: [a for a in c["attendees"] if a["role"] == "expert" and a["id"] in matched],
        20,
        "the case's expert invited",
    )
    expert = next(
        a for a in conference["attendees"] if a["role"] == "expert" and a["id"] in matched
    )
    mailbox.wait_for(
        lambda mail: any(
            expert["email"] in m.rcpt_to and m.subject.startswith("Invitation: the expert")
            for m in mail
        ),
        timeout=30,
    )

    invited = visit("expert")
    invited.log_in(expert["email"])
    invited.open(f"/conferences/{conference['id']}")
    panel = invited.page.get_by_role("table", name=re.compile("Who sits on the panel"))
    expect(panel.get_by_role("row", name=re.compile(expert["name"]))).to_contain_text(
        "Invited expert"
    )
    invited.check("conference-invited-expert")
