"""'Was this page helpful?': the public form's guards, and the per-page report."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from contracts.errors import Invalid
from gateway.self_help.feedback import RateLimit, from_another_site, read_form
from gateway.self_help.site import SelfHelpSite
from services.outcomes import models, page_feedback
from tests.unit.test_self_help_content import SAMPLE

NOW = datetime(2026, 12, 2, 23, 0, tzinfo=UTC)
PAGE = "/self-help/get-help-now"


@pytest.fixture(scope="module")
def site() -> SelfHelpSite:
    from gateway.self_help import content

    return SelfHelpSite(content.load(SAMPLE), "a secret")


def test_a_client_may_send_ten_in_ten_minutes_then_waits(site):
    limit = RateLimit(limit=10, window=timedelta(minutes=10))
    assert all(limit.allow("10.0.0.1", NOW + timedelta(seconds=n)) for n in range(10))
    assert not limit.allow("10.0.0.1", NOW + timedelta(minutes=5))
    assert limit.allow("10.0.0.2", NOW + timedelta(minutes=5)), "another client is not slowed"
    assert limit.allow("10.0.0.1", NOW + timedelta(minutes=10, seconds=1))


def test_a_post_from_another_site_is_told_apart_from_our_own():
    host = "msk.example.nhs.uk"
    assert not from_another_site({}, host)  # an old browser sends neither header
    assert not from_another_site({"Origin": f"https://{host}"}, host)
    assert not from_another_site({"Sec-Fetch-Site": "same-origin"}, host)
    assert from_another_site({"Origin": "https://evil.example"}, host)
    assert from_another_site({"Sec-Fetch-Site": "cross-site"}, host)


def test_the_form_needs_the_token_of_its_own_page(site):
    token = site.form_token(PAGE)
    assert read_form({"page": PAGE, "form_token": token, "helpful": "no"}, site) == {
        "page": PAGE,
        "helpful": False,
        "comment": None,
    }
    with pytest.raises(Invalid, match="not one of our pages"):
        read_form({"page": "/self-help/sites", "form_token": token, "helpful": "no"}, site)
    with pytest.raises(Invalid, match="Select yes or no"):
        read_form({"page": PAGE, "form_token": token}, site)
    with pytest.raises(Invalid, match="1000 characters or less"):
        read_form(
            {"page": PAGE, "form_token": token, "helpful": "yes", "comment": "x" * 1001}, site
        )


def test_the_report_puts_the_least_helpful_page_first_with_its_latest_comments():
    engine = create_engine("sqlite://")
    models.metadata.create_all(engine)
    with Session(engine) as session:
        day = date(2026, 12, 2)
        for helpful, comment in [(True, None), (False, "Too long"), (False, "More pictures")]:
            page_feedback.record(
                session, {"page": PAGE, "helpful": helpful, "comment": comment}, day
            )
        page_feedback.record(
            session, {"page": "/self-help/", "helpful": True, "comment": None}, day
        )
        stored = session.execute(select(models.page_feedback)).mappings().first()
        assert set(stored) == {"id", "page", "helpful", "comment", "received_on"}  # nobody's
        report = page_feedback.report(session)
    assert [(r["page"], r["helpful"], r["not_helpful"]) for r in report] == [
        (PAGE, 1, 2),
        ("/self-help/", 1, 0),
    ]
    assert [c["comment"] for c in report[0]["comments"]] == ["More pictures", "Too long"]
    assert report[0]["comments"][0] == {
        "received_on": "2026-12-02",
        "helpful": False,
        "comment": "More pictures",
    }
