"""Self-referral answers left on a shared computer: hidden, then shown only for the date of birth.

The product here hides answers after 3 idle seconds instead of 30 minutes.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.support.product_process import product_fixture
from tests.support.refer_journey import RED_FLAGS, choose, continue_, eligible, type_in

pytestmark = pytest.mark.browser

embedded_product = product_fixture(REFER_ANSWERS_OPEN_FOR="3s")
BORN = ("9", "11", "1961")


def up_to_the_date_of_birth(person, name: str) -> None:
    page = person.page
    eligible(person, checked=False)
    for _ in range(RED_FLAGS):
        choose(page, "No")
    choose(page, "Knee")
    type_in(page, "duration_weeks", "3")
    choose(page, "4")
    type_in(page, "worse_with", "stairs")
    type_in(page, "better_with", "")
    for _ in range(3):
        choose(page, "No")
    type_in(page, "tried", "rest")
    type_in(page, "name", name)
    for part, value in zip(("day", "month", "year"), BORN, strict=True):
        page.locator(f"#date_of_birth-{part}").fill(value)
    continue_(page)


def give_date_of_birth(page, day: str, month: str, year: str) -> None:
    for part, value in (("day", day), ("month", month), ("year", year)):
        page.locator(f"#date_of_birth-{part}").fill(value)
    continue_(page)


def test_answers_left_idle_are_hidden_until_the_date_of_birth_in_them_is_given(visit):
    person = visit("hidden-answers")
    up_to_the_date_of_birth(person, "Rosalind Emberly")
    time.sleep(3.5)  # walked away from a shared computer

    person.open("/refer/check")
    expect(person.page.get_by_role("heading", level=1)).to_have_text("We have hidden your answers")
    expect(person.page.locator("main")).not_to_contain_text("Rosalind")
    person.check("answers-hidden")
    # Answering another question does not show them again either.
    person.open("/refer/q/nhs-number")
    assert person.page.url.endswith("/refer/resume")

    give_date_of_birth(person.page, "1", "1", "1990")
    summary = person.page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("not the date of birth in these answers")
    expect(summary).to_contain_text("2 more times")
    person.check("answers-hidden-wrong-date")
    give_date_of_birth(person.page, *BORN)
    assert person.page.url.endswith("/refer/check")
    expect(person.page.locator("main")).to_contain_text("Rosalind Emberly")


def test_three_wrong_dates_of_birth_delete_the_answers(visit):
    person = visit("deleted-answers")
    up_to_the_date_of_birth(person, "Bartholomew Quince")
    time.sleep(3.5)
    person.open("/refer/check")
    for _ in range(3):
        give_date_of_birth(person.page, "2", "2", "2002")
    expect(person.page.get_by_role("heading", level=1)).to_have_text("Your answers were deleted")
    person.check("answers-deleted")
    person.page.get_by_role("button", name="Start again").click()
    assert re.search(r"/refer/$", person.page.url)
    person.open("/refer/check")  # nothing of theirs is left to show
    expect(person.page.locator("main")).not_to_contain_text("Bartholomew")


def test_the_answers_survive_the_browser_being_closed(visit):
    person = visit("closed-browser")
    up_to_the_date_of_birth(person, "Imogen Tallis")
    kept = next(c for c in person.context.cookies() if c["name"] == "msk_refer")
    assert kept["expires"] > time.time() + 23 * 3600  # not a cookie that ends with the browser
