"""A physiotherapist finds a colleague, keeps their own card, days off, calendar and emails."""

import re
from datetime import date, timedelta

import pytest
import requests
from icalendar import Calendar
from playwright.sync_api import expect

from tests.support.api import eventually

pytestmark = pytest.mark.browser

PHYSIO = "physio@demo.nhs.uk"


def test_a_clinician_finds_a_shoulder_expert_and_opens_their_card(visit):
    physio = visit("physio")
    physio.log_in(PHYSIO)
    physio.page.get_by_role("link", name="Find a colleague").click()
    expect(physio.page.get_by_role("heading", level=1)).to_have_text("Find a colleague")
    physio.check("directory")

    physio.page.get_by_label("Body region").select_option("shoulder")
    physio.page.get_by_role("button", name="Search").click()
    expect(physio.page).to_have_url(re.compile(r"body_region=shoulder"))
    best = physio.page.locator(".app-cards > li").first
    # The most expert come first, and the card says why they match.
    expect(best).to_contain_text("Why they match")
    expect(best).to_contain_text(re.compile(r"(Expert|Experienced) in shoulder"))
    physio.check("directory-shoulder")
    # More than a page of them: the next page keeps the search.
    physio.page.get_by_role("link", name=re.compile("^Next")).click()
    expect(physio.page).to_have_url(re.compile(r"body_region=shoulder&page=2"))
    expect(physio.page.locator(".app-cards > li").first).to_be_visible()
    physio.page.go_back()

    name = best.get_by_role("heading").inner_text()
    best.get_by_role("link").click()
    expect(physio.page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(physio.page.get_by_role("link", name=re.compile(r"@"))).to_have_attribute(
        "href", re.compile(r"^mailto:.+@")
    )
    expect(physio.page.locator("main")).to_contain_text("Shoulder")
    physio.check("card")


def test_a_clinician_corrects_their_card_and_colleagues_find_them_by_it(visit):
    physio = visit("physio")
    physio.log_in(PHYSIO)
    physio.open("/me/card", check_as="card-form")
    areas = physio.page.locator("input[id^='area-']")
    spare = next(n for n in range(areas.count()) if not areas.nth(n).input_value())

    physio.page.get_by_label(f"Area {spare + 1}", exact=True).fill("Shoulder & elbow")
    physio.page.get_by_label(f"Level of area {spare + 1}").select_option("expert")
    physio.page.get_by_role("button", name="Save my card").click()
    summary = physio.page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text(f"Area {spare + 1}: use only letters, numbers and spaces")
    expect(summary.get_by_role("link")).to_have_attribute("href", f"#area-{spare}")
    expect(physio.page).to_have_title(re.compile("^Error: Change my contact card"))
    physio.check("card-form-invalid")

    physio.page.get_by_label(f"Area {spare + 1}", exact=True).fill("Shoulder hydrodilatation")
    physio.page.get_by_label("When you can help (optional)").fill("Tuesday afternoons")
    physio.page.get_by_role("button", name="Save my card").click()
    expect(physio.page.locator(".nhsuk-notification-banner")).to_contain_text("saved")
    expect(physio.page.get_by_role("heading", level=1)).to_contain_text("Pat Physio")
    expect(physio.page.locator("main")).to_contain_text("Tuesday afternoons")
    physio.check("card-saved")

    physio.open("/clinicians?tag=Shoulder+hydrodilatation")  # as the card wrote it
    found = physio.page.locator(".app-cards > li", has_text="Pat Physio")
    expect(found).to_contain_text("Expert in shoulder hydrodilatation")
    physio.check("directory-found-me")


def enter_first_day(page, day: int, month: int, year: int) -> None:
    first = page.get_by_role("group", name="First day")
    for part, value in (("Day", day), ("Month", month), ("Year", year)):
        first.get_by_label(part).fill(str(value))


def test_a_clinician_adds_a_day_off_and_sees_it_listed(visit):
    physio = visit("physio")
    physio.log_in(PHYSIO)
    physio.open("/me/unavailability", check_as="unavailability")
    physio.page.get_by_role("button", name="Add").click()
    expect(physio.page.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter the first day you cannot sit"
    )
    day = date.today() + timedelta(days=40)
    enter_first_day(physio.page, 31, 2, day.year)
    physio.page.get_by_role("button", name="Add").click()
    expect(physio.page.locator(".nhsuk-error-summary")).to_contain_text(
        "The first day must be a real date"
    )
    physio.check("unavailability-not-a-date")

    enter_first_day(physio.page, day.day, day.month, day.year)
    physio.page.get_by_label("Reason (optional)").fill("Annual leave")
    physio.page.get_by_role("button", name="Add").click()
    expect(physio.page.locator(".nhsuk-notification-banner")).to_contain_text("Added")
    row = physio.page.get_by_role("row", name=re.compile(f"{day.day} {day:%B %Y}"))
    expect(row).to_contain_text("Annual leave")
    physio.check("unavailability-added")

    # Leave cancelled: the day comes off the list again.
    row.get_by_role("button", name=re.compile("^Remove")).click()
    expect(physio.page.locator(".nhsuk-notification-banner")).to_contain_text("Removed")
    expect(physio.page.get_by_role("row", name=re.compile(f"{day.day} {day:%B %Y}"))).to_have_count(
        0
    )
    physio.check("unavailability-removed")


def test_a_panel_member_taking_the_day_of_their_conference_off_is_told_to_decline_it(visit, api):
    today = date.today()
    window = f"from={today + timedelta(days=2)}&to={today + timedelta(weeks=8)}"
    rota = eventually(
        lambda: api.get(f"/api/v1/rota?{window}", PHYSIO).json()["items"],
        lambda conferences: any(
            c["attendees"] for c in conferences if c["starts_at"][:10] > str(today)
        ),
        30,
        "the demo rota to be planned",
    )
    # A conference after today, so that the day is among those ahead on the page.
    conference = next(c for c in rota if c["attendees"] and c["starts_at"][:10] > str(today))
    member = conference["attendees"][0]
    day = date.fromisoformat(conference["starts_at"][:10])

    colleague = visit("panel-member")
    colleague.log_in(member["email"])
    colleague.open("/me/unavailability")
    enter_first_day(colleague.page, day.day, day.month, day.year)
    colleague.page.get_by_role("button", name="Add").click()
    warning = colleague.page.locator("#still-rostered")
    expect(warning).to_contain_text("decline it there")
    expect(warning.get_by_role("link")).to_have_attribute(
        "href", f"/conferences/{conference['conference_id']}"
    )
    colleague.check("unavailability-still-rostered")


def test_a_clinician_subscribes_to_their_calendar_and_replaces_the_link(visit):
    physio = visit("physio", permissions=["clipboard-read", "clipboard-write"])
    physio.log_in(PHYSIO)
    physio.page.get_by_role("link", name="My settings").click()
    physio.check("my-settings")
    physio.page.get_by_role("link", name="My calendar").click()
    expect(physio.page.get_by_role("heading", level=1)).to_have_text("My calendar")
    physio.check("calendar")
    physio.page.get_by_role("button", name="Get a new link").click()
    first = physio.page.get_by_label("Your calendar link").input_value()
    physio.check("calendar-link")

    physio.page.get_by_role("button", name="Copy link").click()
    expect(physio.page.get_by_role("status")).to_have_text(re.compile("Link copied"))
    assert physio.page.evaluate("() => navigator.clipboard.readText()") == first
    feed = requests.get(first, timeout=30)
    assert feed.status_code == 200, feed.text
    assert feed.headers["Content-Type"].startswith("text/calendar")
    assert Calendar.from_ical(feed.text).name == "VCALENDAR"

    physio.page.get_by_role("button", name="Get a new link").click()
    second = physio.page.get_by_label("Your calendar link").input_value()
    assert second != first
    assert requests.get(first, timeout=30).status_code == 404
    assert requests.get(second, timeout=30).status_code == 200
    physio.check("calendar-new-link")


def test_a_clinician_chooses_a_daily_digest_without_agendas_and_it_is_kept(visit, api):
    case = api.submit_case(PHYSIO, title="Shoulder pain at night, six months on")
    physio = visit("physio")
    physio.log_in(PHYSIO)
    physio.open("/me/notifications")
    # The case's receipt is essential mail: it is in my recent emails, with its state.
    received = physio.page.get_by_role("row", name=re.compile(f"Case received: {case['title']}"))

    def receipt_after_reload():
        physio.page.reload()
        return received.count()

    eventually(receipt_after_reload, lambda rows: rows == 1, 20, "the receipt in my emails")
    expect(received).to_contain_text(re.compile("Sent|Waiting to be sent|Being sent"))
    physio.check("notifications")
    expect(physio.page.get_by_label(re.compile("^Agendas"))).to_be_checked()

    physio.page.get_by_label(re.compile("^Agendas")).uncheck()
    physio.page.get_by_label(re.compile("^In one email a day")).check()
    physio.page.get_by_role("button", name="Save my choices").click()
    expect(physio.page.locator(".nhsuk-notification-banner")).to_contain_text("saved")
    physio.check("notifications-saved")

    physio.page.reload()
    expect(physio.page.get_by_label(re.compile("^Agendas"))).not_to_be_checked()
    expect(physio.page.get_by_label(re.compile("^Reminders"))).to_be_checked()
    expect(physio.page.get_by_label(re.compile("^In one email a day"))).to_be_checked()


def test_on_a_phone_the_directory_and_a_card_fit_the_screen(visit):
    physio = visit("phone", viewport={"width": 375, "height": 740}, is_mobile=True)
    physio.log_in(PHYSIO)
    for path, what in (
        ("/clinicians?body_region=knee", "directory-phone"),
        ("/me/card", "card-form-phone"),
    ):
        physio.open(path, check_as=what)
        too_wide = physio.page.evaluate(
            "() => document.documentElement.scrollWidth > window.innerWidth"
        )
        assert not too_wide, f"{path} scrolls sideways on a phone"
