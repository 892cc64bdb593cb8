"""Referring yourself on a phone: the journey, a red-flag stop, an ineligible answer, with axe."""

import re

import pytest

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True}
RED_FLAGS = 8


def continue_(page):
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def choose(page, label):
    page.get_by_label(label, exact=True).check()
    continue_(page)


def type_in(page, field, text):
    page.locator(f"#{field}").fill(text)
    continue_(page)


def eligible(person):
    page = person.page
    person.open("/refer/", check_as="start")
    page.get_by_role("button", name="Start now").click()
    person.check("first-question")
    choose(page, "Yes")  # 16 or over
    choose(page, "Market Street Medical Centre")
    choose(page, "No")  # not under treatment
    choose(page, "No")  # not referred recently
    choose(page, "None of these")


def test_an_eligible_person_refers_themselves_on_a_phone(visit):
    person = visit("patient", **PHONE)
    page = person.page
    eligible(person)
    person.check("red-flag-question")
    for _ in range(RED_FLAGS):
        choose(page, "No")
    choose(page, "Shoulder")
    type_in(page, "duration_weeks", "6")
    choose(page, "5")
    type_in(page, "worse_with", "reaching up")
    type_in(page, "better_with", "")
    for _ in range(3):  # night pain, work, sleep
        choose(page, "No")
    type_in(page, "tried", "ibuprofen")
    type_in(page, "name", "Marigold Thistlewood")
    person.check("date-question")
    for part, value in (("day", "9"), ("month", "11"), ("year", "1961")):
        page.locator(f"#date_of_birth-{part}").fill(value)
    continue_(page)
    type_in(page, "nhs_number", "")
    type_in(page, "address", "12 Orchard Row")
    type_in(page, "postcode", "LS6 2AB")
    type_in(page, "phone", "0113 496 0002")
    type_in(page, "email", "marigold@example.org")
    choose(page, "Yes")  # may leave a message
    type_in(page, "interpreter_language", "")
    type_in(page, "access_needs", "")
    person.check("check-answers")
    assert page.get_by_text("9 November 1961").is_visible()
    page.get_by_role("button", name="Send referral").click()
    person.check("confirmation")
    reference = page.locator("#reference").inner_text()
    assert re.fullmatch(r"MSK-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")


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
