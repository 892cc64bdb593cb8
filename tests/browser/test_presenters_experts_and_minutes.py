"""In the browser: leave keeps a presenter's cases off that day, an invited expert is told, and
minutes published by a coordinator say who published them, on behalf of the chair."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from gateway.pages.rendering import london, when
from tests.support.api import eventually
from tests.support.meetings import ADMIN, COORDINATOR, PHYSIO, a_scheduled_case, meeting_under_way

pytestmark = pytest.mark.browser


def test_a_coordinator_publishes_the_minutes_on_behalf_of_the_chair(visit, api):
    case, conference = a_scheduled_case(api, "Hip pain in a runner", body_region="hip")
    me = api.get("/api/v1/me", COORDINATOR).json()
    # The rota may have made the demo coordinator (a band 7) this meeting's chair: then
    # they publish as the chair, and the admin is the one doing it on their behalf.
    lead = ADMIN if conference["chair"]["id"] == me["id"] else COORDINATOR
    me = api.get("/api/v1/me", lead).json()
    meeting_under_way(api, conference["id"])

    coordinator = visit("coordinator")
    coordinator.log_in(lead)
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


def test_the_chair_carries_a_case_not_reached_forward_from_the_minutes(visit, api):
    reached, conference = a_scheduled_case(api, "Heel pain every morning", body_region="ankle_foot")
    left = api.submit_case(
        PHYSIO, title="Wrist pain after a fall", preferred_conference_id=conference["id"]
    )
    api.wait_for_case(PHYSIO, left["id"], "scheduled")
    meeting_under_way(api, conference["id"])

    chair = visit("chair-out-of-time")
    chair.log_in(conference["chair"]["email"])
    chair.open(f"/conferences/{conference['id']}/minutes")
    for case in (reached, left):
        hidden = chair.page.locator(f"input[type=hidden][value='{case['id']}']")
        case["prefix"] = hidden.get_attribute("name").removesuffix("-case_id")
    chair.page.locator(f"#{reached['prefix']}-discussion").fill("Plantar heel pain.")
    chair.page.locator(f"#{reached['prefix']}-recommendations").fill("Calf loading.")
    chair.page.get_by_label(re.compile("Not reached: carry it forward.*Wrist pain")).check()
    # Other tests' cases may share this meeting: they were not reached either.
    for box in chair.page.locator("input[id$='-not_reached']").all():
        if box.get_attribute("id") != f"{reached['prefix']}-not_reached":
            box.check()
    chair.check("minutes-not-reached")
    chair.page.get_by_role("button", name="Publish minutes").click()

    expect(chair.page.locator(".nhsuk-error-summary")).to_have_count(0)
    carried = chair.page.locator("#not-reached + p + ul")
    expect(carried).to_contain_text("Wrist pain after a fall")
    chair.check("minutes-published-with-not-reached")
    moved = eventually(
        lambda: api.case(PHYSIO, left["id"]),
        lambda c: c["status"] == "scheduled" and c["conference_id"] != conference["id"],
        20,
        "the case not reached on its next conference",
    )
    assert moved["discussed_at"] is None


def test_the_chair_reorders_and_moves_cases_and_a_coordinator_moves_then_cancels_it(visit, api):
    first, conference = a_scheduled_case(api, "Order: shoulder pain", body_region="shoulder")
    second = api.submit_case(
        PHYSIO, title="Order: hip pain", preferred_conference_id=conference["id"]
    )
    api.wait_for_case(PHYSIO, second["id"], "scheduled")
    page_path = f"/conferences/{conference['id']}"

    chair = visit("chair-changes-agenda")
    chair.log_in(conference["chair"]["email"])
    chair.open(page_path)
    agenda = chair.page.locator("#agenda + table")
    chair.page.locator(f"button[formaction$='{second['id']}/earlier']").click()
    # Other tests' cases may share the meeting: hip pain now comes just before shoulder pain.
    expect(agenda).to_contain_text(re.compile("Order: hip pain.*Order: shoulder pain", re.S))
    chair.check("agenda-reordered")
    order = [i["case_id"] for i in api.get(f"/api/v1{page_path}", PHYSIO).json()["agenda"]]
    assert order.index(second["id"]) == order.index(first["id"]) - 1

    moving = chair.page.locator(f"form[action$='{first['id']}/move']")
    moving.locator("select").select_option(index=1)
    moving.get_by_role("button").click()
    expect(agenda).not_to_contain_text("Order: shoulder pain")
    moved = api.case(PHYSIO, first["id"])
    assert moved["conference_id"] != conference["id"]

    coordinator = visit("coordinator-changes-meeting")
    coordinator.log_in(COORDINATOR)
    coordinator.open(page_path)
    new_day = london(conference["starts_at"]).date() + timedelta(days=1)
    for label, value in (("Day", new_day.day), ("Month", new_day.month), ("Year", new_day.year)):
        coordinator.page.get_by_role("group", name="New date").get_by_label(label).fill(str(value))
    coordinator.page.get_by_role("button", name="Move the conference").click()
    expect(coordinator.page.get_by_role("heading", level=1)).to_contain_text(
        f"{new_day:%A} {new_day.day} {new_day:%B %Y}"
    )
    coordinator.check("conference-moved")
    coordinator.page.get_by_role("button", name="Cancel the conference").click()
    expect(coordinator.page.locator(".nhsuk-error-summary")).to_contain_text(
        "Say why it is cancelled"
    )
    coordinator.page.get_by_label("Why is it cancelled?").fill("Chair and standby both off sick")
    coordinator.page.get_by_role("button", name="Cancel the conference").click()
    expect(coordinator.page.locator("#when-and-where")).to_contain_text("Cancelled")
    coordinator.check("conference-cancelled")
    # Its cases move on to the next suitable conference.
    eventually(
        lambda: api.case(PHYSIO, second["id"]),
        lambda c: c["conference_id"] not in (None, conference["id"]),
        20,
        "the cancelled conference's case placed elsewhere",
    )
