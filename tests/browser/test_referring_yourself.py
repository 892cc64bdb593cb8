"""Referring yourself on a phone: the journey, a red-flag stop, an ineligible answer, with axe."""

import pytest

from tests.support.refer_journey import choose, eligible, refer

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True}


def test_an_eligible_person_refers_themselves_on_a_phone(visit):
    person = visit("patient", **PHONE)
    refer(person, "Marigold Thistlewood", ("9", "11", "1961"))
    assert person.page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")


def test_a_red_flag_stops_the_journey_with_the_emergency_care_card(visit):
    person = visit("stopped", **PHONE)
    eligible(person)
    choose(person.page, "Yes")  # bladder or bowel change
    person.check("care-card")
    heading = person.page.get_by_role("heading", level=1)
    assert "Call 999 or go to A&E now" in heading.inner_text()


def test_someone_already_being_treated_is_told_where_to_go(visit):
    person = visit("ineligible", **PHONE)
    page = person.page
    person.open("/refer/q/age-16-or-over")
    choose(page, "Yes")
    choose(page, "Riverside Surgery")
    choose(page, "Yes")  # already under treatment
    person.check("not-eligible")
    assert page.get_by_text("Contact the team treating you").is_visible()


def test_a_warning_comes_before_the_page_times_out_and_staying_keeps_the_answers(visit):
    person = visit("timeout", **PHONE)
    page = person.page
    page.clock.install()  # the page's timers run on a clock the test moves
    person.open("/refer/q/age-16-or-over")
    choose(page, "Yes")
    warning = page.locator("#timeout-warning")
    assert not warning.is_visible()
    left = int(warning.get_attribute("data-seconds-left"))
    assert left > 3600  # hours, not minutes: nobody is hurried through the form

    page.clock.fast_forward((left - 90) * 1000)
    dialog = page.get_by_role("alertdialog", name="Do you need more time?")
    assert dialog.is_visible() and "Your answers so far are saved" in dialog.inner_text()
    assert page.evaluate("document.activeElement.id") == "timeout-warning"
    person.check("timeout-warning")
    page.get_by_role("button", name="Stay on this page").click()
    dialog.wait_for(state="hidden")
    page.clock.fast_forward(10 * 60 * 1000)  # past the old deadline: the page still works
    assert not warning.is_visible()
    choose(page, "Riverside Surgery")  # the form's token still works
    person.open("/refer/q/age-16-or-over")
    assert page.get_by_label("Yes", exact=True).is_checked()  # the first answer is kept
