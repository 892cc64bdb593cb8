"""Patients on the public self-help site, in Chromium, checked with axe on every page.

Someone with sciatica searches, reads, opens "when to get help" and prints the exercise sheet;
someone finds their nearest site's opening hours; both again on a phone and with scripts off.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
BACK = "/self-help/conditions/low-back-pain-and-sciatica/"


def fits(person) -> bool:
    return not person.page.evaluate("() => document.documentElement.scrollWidth > innerWidth")


def sciatica_journey(person, screen: str) -> None:
    page = person.page
    person.open("/self-help/", check_as=f"{screen}-home")
    assert fits(person), "the home page scrolls sideways"
    page.get_by_label("Search for your problem").fill("sciatca")
    page.get_by_role("button", name="Search").first.click()
    person.check(f"{screen}-results")
    assert page.get_by_text("Showing results for").is_visible()
    page.locator(".app-results a").first.click()
    person.check(f"{screen}-about")
    assert page.url.endswith(BACK)
    contents = page.get_by_role("navigation", name="Pages in this guide")
    contents.get_by_role("link", name="When to get help").click()
    person.check(f"{screen}-when-to-get-help")
    emergency = page.locator(".nhsuk-card--care--emergency")
    assert "Call 999 or go to A&E now" in emergency.inner_text()
    assert "both legs" in emergency.inner_text()
    assert page.locator(".nhsuk-card--care--urgent").is_visible()
    assert page.locator(".nhsuk-card--care--non-urgent").is_visible()
    assert fits(person), "when to get help scrolls sideways"
    page.get_by_role("navigation", name="Pages in this guide").get_by_role(
        "link", name="Exercises"
    ).click()
    person.check(f"{screen}-exercises")
    page.get_by_role("link", name="Print the exercise sheet", exact=True).click()
    person.check(f"{screen}-exercise-sheet")
    drawings = page.locator("img.app-exercise__drawing")
    assert drawings.count() >= 3
    assert all(drawings.nth(n).evaluate("i => i.naturalWidth > 0") for n in range(drawings.count()))
    # On paper: the exercises only, no menus or feedback form.
    page.emulate_media(media="print")
    assert page.locator(".app-exercise").first.is_visible()
    assert not page.locator(".nhsuk-header").is_visible()
    assert not page.get_by_text("Back to exercises").is_visible()
    page.emulate_media(media="screen")


def nearest_site_journey(person, screen: str) -> None:
    page = person.page
    person.open("/self-help/")
    page.get_by_role("link", name="Our sites: addresses and opening hours").click()
    person.check(f"{screen}-sites")
    assert fits(person), "the list of sites scrolls sideways"
    page.get_by_role("link", name="Dorchester County Hospital").click()
    person.check(f"{screen}-site")
    hours = page.locator(".nhsuk-summary-list").first.inner_text()
    assert "Monday to Friday" in hours and "8am to 6pm" in hours
    assert page.get_by_role("link", name="01632 960 106").is_visible()
    assert fits(person), "the site page scrolls sideways"
    page.get_by_role("group", name="Was this page helpful?").get_by_label("Yes").check()
    page.get_by_role("button", name="Send feedback").click()
    person.check(f"{screen}-feedback-sent")
    assert page.get_by_role("heading", name="Thank you for your feedback").is_visible()


def test_someone_with_sciatica_searches_reads_when_to_get_help_and_prints_the_sheet(visit):
    person = visit("patient")
    sciatica_journey(person, "desktop")
    assert person.page.pdf().startswith(b"%PDF")  # what "Save as PDF" would give
    assert person.page.context.cookies() == [], "the public site sets no cookie"


def test_someone_finds_their_nearest_sites_opening_hours(visit):
    nearest_site_journey(visit("patient"), "desktop")


def test_the_same_journeys_on_a_phone(visit):
    person = visit("phone", **PHONE)
    sciatica_journey(person, "phone")
    nearest_site_journey(person, "phone")


def test_the_site_works_without_javascript_and_feedback_reaches_the_coordinators(visit):
    person = visit("no-scripts", java_script_enabled=False)
    page = person.page
    person.open("/self-help/")
    page.get_by_label("Search for your problem").fill("back pain")
    page.get_by_role("button", name="Search").first.click()
    page.locator(".app-results a").first.click()
    page.get_by_role("link", name="Self-help", exact=True).click()
    assert page.url.endswith(BACK + "self-help")
    page.get_by_role("group", name="Was this page helpful?").get_by_label("No").check()
    page.get_by_label("How could we make this page better? (optional)").fill(
        "I would like a video of the exercises"
    )
    page.get_by_role("button", name="Send feedback").click()
    # (axe itself is a script: the same pages are checked with it in the other journeys)
    assert page.get_by_role("heading", name="Thank you for your feedback").is_visible()
    coordinator = visit("coordinator")
    coordinator.log_in("coordinator@demo.nhs.uk")
    coordinator.open("/reports", check_as="reports-page-feedback")
    report = coordinator.page.locator("#self-help-feedback + p + table")
    row = report.get_by_role("row").filter(has_text=BACK + "self-help")
    assert "I would like a video of the exercises" in row.inner_text()
