"""Stale self-help content: a page past its review date is flagged on the running site.

The build fails on a page past its review date (tests/unit/test_self_help_content.py), but a
site that went live in date keeps running after the date passes. From the day after, each such
page warns its reader and still shows when to get help; the owners are told in the log.
"""

from __future__ import annotations

import logging
from datetime import date

from gateway.self_help import content
from gateway.self_help.site import SelfHelpSite
from tests.unit.test_self_help_content import SAMPLE

BACK = "/self-help/conditions/low-back-pain-and-sciatica/"
DUE = date(2027, 11, 30)  # every sample page's next_review
WARNING = "This page is due for a check"


class Calendar:
    """Today, turned by hand."""

    def __init__(self, today: date):
        self.day = today

    def __call__(self) -> date:
        return self.day


def site_on(calendar: Calendar) -> SelfHelpSite:
    return SelfHelpSite(content.load(SAMPLE), "a secret", today=calendar)


def test_a_page_in_date_has_no_warning():
    html = site_on(Calendar(DUE)).get(BACK + "when-to-get-help").body.decode()
    assert WARNING not in html and "Call 999 or go to A&amp;E now" in html


def test_the_day_after_its_review_date_a_page_warns_and_still_says_when_to_get_help():
    html = site_on(Calendar(date(2027, 12, 1))).get(BACK + "when-to-get-help").body.decode()
    assert WARNING in html and "by 30 November 2027" in html
    assert "In an emergency, call 999." in html
    assert "Call 999 or go to A&amp;E now" in html  # the care cards are not hidden
    assert html.index(WARNING) < html.index("Call 999 or go to A&amp;E now")


def test_a_page_kept_from_yesterday_warns_once_the_date_has_passed(caplog):
    calendar = Calendar(DUE)
    site = site_on(calendar)
    kept = site.get("/self-help/get-help-now")
    assert WARNING not in kept.body.decode()
    calendar.day = date(2027, 12, 1)
    with caplog.at_level(logging.WARNING, logger="gateway.self_help.site"):
        today = site.get("/self-help/get-help-now")
    assert WARNING in today.body.decode() and today.etag != kept.etag
    assert "/self-help/get-help-now" in caplog.text and BACK in caplog.text


def test_the_site_and_the_build_check_agree_on_the_review_date():
    library = content.load(SAMPLE)
    for article in library.articles():
        assert content.review_overdue(article, DUE) is None
        assert content.review_overdue(article, date(2027, 12, 1)) == DUE
