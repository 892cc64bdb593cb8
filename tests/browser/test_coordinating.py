"""A coordinator sets up a conference series and generates the rota; a physio may not."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@demo.nhs.uk"
ADMIN = "admin@demo.nhs.uk"
PHYSIO = "physio@demo.nhs.uk"


def first_date(page, day: str, month: str, year: str) -> None:
    page.get_by_label("Day", exact=True).fill(day)
    page.get_by_label("Month", exact=True).fill(month)
    page.get_by_label("Year", exact=True).fill(year)


def add_a_series(page, start_time: str) -> None:
    page.get_by_label("Name").fill("Upper limb case conference")
    page.get_by_label("Day of the week").select_option(label="Thursday")
    page.get_by_label("Start time").fill(start_time)
    page.get_by_label("Length in minutes").fill("45")
    page.get_by_label("How often").select_option(label="Every 2 weeks")
    first_date(page, "6", "1", "2027")  # a Wednesday: refused below, for a Thursday series
    page.get_by_label("Video link or room").fill("https://meet.example.nhs.uk/upper-limb")
    page.get_by_label("Cases it takes").select_option(label="Upper limb cases only")
    page.get_by_role("button", name="Add the series").click()


def test_a_coordinator_adds_a_series_then_generates_a_rota_and_sees_who_why_and_the_figures(
    visit,
):
    coordinator = visit("coordinator")
    coordinator.log_in(COORDINATOR)
    coordinator.page.get_by_role("link", name="Coordinate").click()
    expect(coordinator.page.get_by_role("heading", level=1)).to_have_text(
        "Coordinate the conferences"
    )
    coordinator.check("hub")

    coordinator.page.get_by_role("link", name="Conference series").click()
    seeded = coordinator.page.get_by_role("table", name="The series of conferences")
    expect(seeded).to_contain_text("Wednesdays at 12:30")
    coordinator.check("series")
    add_a_series(coordinator.page, "half twelve")
    summary = coordinator.page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Start time")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#start_time")
    expect(coordinator.page).to_have_title(re.compile("^Error: "))
    coordinator.check("series-mistake")

    coordinator.page.get_by_label("Start time").fill("13:00")
    coordinator.page.get_by_role("button", name="Add the series").click()
    # A Thursday series does not start on a Wednesday: the coordinator is asked which.
    expect(summary).to_contain_text("6 January 2027 is a Wednesday: the series meets on Thursdays")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#first_date-day")
    expect(coordinator.page.locator("#first_date-error")).to_contain_text("is a Wednesday")
    expect(coordinator.page.get_by_label("Day", exact=True)).to_have_value("6")
    coordinator.check("series-wrong-weekday")
    first_date(coordinator.page, "7", "1", "2027")
    coordinator.page.get_by_role("button", name="Add the series").click()
    expect(coordinator.page.locator(".nhsuk-notification-banner--success")).to_be_visible()
    added = seeded.get_by_role("row", name=re.compile("Upper limb case conference"))
    expect(added).to_contain_text("Thursdays at 13:00 for 45 minutes, every 2 weeks")
    expect(added).to_contain_text("Upper limb")
    coordinator.check("series-added")

    coordinator.page.get_by_role("link", name="generate the rota").click()
    generate = coordinator.page.get_by_role("button", name="Generate the rota")
    expect(coordinator.page.locator("#takes-time")).to_contain_text("takes a few seconds")
    window = {end: coordinator.typed_date(end).isoformat() for end in ("from", "to")}
    coordinator.check("rota-form")
    generate.click()

    figures = coordinator.page.locator("#rota-figures")
    expect(figures).to_contain_text(
        re.compile(r"The best rota possible|Within \d+\.\d% of the best possible")
    )
    expect(figures).not_to_contain_text("score")
    expect(figures).to_contain_text(re.compile(r"busiest person sits on \d+ .* at least \d+"))
    expect(figures).to_contain_text(re.compile(r"\d+ (person|people) added to or taken off"))
    conferences = coordinator.page.locator(".nhsuk-card[id^=conference-]")
    expect(conferences.first).to_be_visible()
    assert conferences.count() >= 4, "the weekly series meets four times in four weeks"
    first = conferences.first
    expect(first).to_contain_text(re.compile(r"Panel mix: \d+ people from \d+ sites, \d+ services"))
    expect(first.get_by_role("row", name=re.compile("^Chair"))).to_contain_text("fairness: ")
    expect(first.get_by_role("row", name=re.compile("^Standby chair"))).to_be_visible()
    expect(first.get_by_role("row", name=re.compile("^Panel member")).first).to_contain_text(
        "mix: band "
    )
    coordinator.check("rota-generated")

    coordinator.open(f"/rota?from={window['from']}&to={window['to']}")
    expect(
        coordinator.page.get_by_role("heading", level=2, name=re.compile("The rota from"))
    ).to_be_visible()
    assert coordinator.page.locator(".nhsuk-card[id^=conference-]").count() == conferences.count()
    coordinator.check("rota-window")

    coordinator.open("/quorum-warnings", check_as="panels-at-risk")
    expect(coordinator.page.get_by_role("heading", level=1)).to_have_text("Panels at risk")


def test_an_admin_sees_parked_events_and_failed_emails(visit):
    admin = visit("admin")
    admin.log_in(ADMIN)
    admin.open("/coordinator")
    admin.page.get_by_role("link", name=re.compile("dead letters")).click()
    expect(admin.page.get_by_role("heading", level=1)).to_have_text(
        "Events a service could not apply"
    )
    admin.check("dead-letters")
    admin.open("/coordinator")
    admin.page.get_by_role("link", name="Emails that could not be sent").click()
    expect(admin.page.get_by_role("heading", level=1)).to_have_text("Emails that could not be sent")
    admin.check("failed-emails")


def test_a_physiotherapist_cannot_open_the_rota(visit):
    physio = visit("physio")
    physio.log_in(PHYSIO)
    expect(physio.page.get_by_role("link", name="Coordinate")).to_have_count(0)

    response = physio.open("/rota", check_as="rota-refused")

    assert response.status == 403
    expect(physio.page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
