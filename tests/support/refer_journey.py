"""A person going through the /refer/ pages in a browser (tests/support/browser.py's Visitor)."""

from __future__ import annotations

import re
from datetime import date

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


def eligible(person, checked: bool = True):
    page = person.page
    look = person.check if checked else _loaded(person)
    person.open("/refer/")
    look("start")
    page.get_by_role("button", name="Start now").click()
    look("first-question")
    choose(page, "Yes")  # 16 or over
    choose(page, "Market Street Medical Centre")
    choose(page, "No")  # not under treatment
    choose(page, "No")  # not referred recently
    choose(page, "None of these")


def refer(person, name: str, born: tuple[str, str, str], area="Shoulder", checked=True) -> str:
    """The whole journey with no red flag; returns the reference. `checked`: screenshots
    and axe on the way (a test of another part may leave them to the journey's own test)."""
    page = person.page
    look = person.check if checked else _loaded(person)
    eligible(person, checked)
    look("red-flag-question")
    for _ in range(RED_FLAGS):
        choose(page, "No")
    choose(page, area)
    type_in(page, "duration_weeks", "6")
    choose(page, "5")
    type_in(page, "worse_with", "reaching up")
    type_in(page, "better_with", "")
    for _ in range(3):  # night pain, work, sleep
        choose(page, "No")
    type_in(page, "tried", "ibuprofen")
    type_in(page, "name", name)
    look("date-question")
    for part, value in zip(("day", "month", "year"), born, strict=True):
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
    look("check-answers")
    day, month, year = (int(part) for part in born)
    assert page.get_by_text(f"{day} {date(year, month, day):%B %Y}").is_visible()
    page.get_by_role("button", name="Send referral").click()
    look("confirmation")
    reference = page.locator("#reference").inner_text()
    assert re.fullmatch(r"MSK-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    return reference


def _loaded(person):
    return lambda what: person.page.wait_for_load_state()
