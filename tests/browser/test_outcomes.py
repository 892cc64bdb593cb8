"""Weeks later (seconds here) the presenter is emailed, records the outcome in the browser,
and the coordinator sees the evidence: its figures, its chart and its spreadsheet."""

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.support.api import eventually
from tests.support.outcomes import PHYSIO, discuss
from tests.support.product_process import product_fixture

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@demo.nhs.uk"
TITLE = "Outcome journey: lateral elbow pain, injection referral?"
REFLECTION = "Isometrics first settled it; the injection referral was not needed."

# The follow-up is asked for two seconds after the discussion instead of six weeks.
embedded_product = product_fixture(FOLLOW_UP_AFTER="2s", FOLLOW_UP_REMINDER_AFTER="1h")


@pytest.fixture(scope="module")
def outcome_link(api, mailbox):
    """The path the presenter's follow-up email links to, once the case is discussed."""
    case = api.submit_case(
        PHYSIO, title=TITLE, msk_hq_baseline=30, intended_plan="refer_orthopaedics"
    )
    discuss(api, [case])

    def asking(m) -> bool:
        return m.subject == f"What happened to your patient? {TITLE}" and PHYSIO in m.rcpt_to

    mail = mailbox.wait_for(lambda mail: any(map(asking, mail)), timeout=30)
    email = next(m for m in mail if asking(m))
    found = re.search(r"https?://\S+/outcome\b", email.text)
    assert found, f"no link to the outcome form in: {email.text}"
    link = found.group(0)
    assert urlsplit(link).path == f"/cases/{case['id']}/outcome"
    return urlsplit(link).path


def test_home_sends_the_presenter_to_the_outcome_waiting_for_them(visit, outcome_link):
    physio = visit("home")
    physio.log_in(PHYSIO)
    waiting = physio.page.get_by_role("link", name=f"Record what happened: {TITLE}")
    eventually(
        lambda: (physio.page.reload(), waiting.count())[1],
        lambda count: count == 1,
        what="the follow-up on the home page",
    )
    assert waiting.get_attribute("href") == outcome_link
    physio.check("home-outcome-waiting")


def test_the_presenter_follows_the_email_and_records_the_outcome(visit, outcome_link):
    physio = visit("physio")
    physio.open(outcome_link)
    physio.page.get_by_label("Email address").fill(PHYSIO)
    physio.page.get_by_label("Password").fill("demo")
    physio.page.get_by_role("button", name="Log in").click()
    expect(physio.page).to_have_url(re.compile(re.escape(outcome_link) + "$"))
    expect(physio.page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(physio.page.get_by_text("The MSK-HQ score at the start was")).to_contain_text("30")
    physio.check("outcome-form")

    physio.page.get_by_label("MSK-HQ score now (optional)").fill("41")
    physio.page.get_by_role("button", name="Record the outcome").click()
    summary = physio.page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Select whether the patient was referred")
    expect(summary).to_contain_text("Select how the patient is now")
    expect(physio.page.get_by_label("MSK-HQ score now (optional)")).to_have_value("41")
    physio.check("outcome-form-mistakes")
    summary.get_by_role("link", name="Select whether the patient was referred").click()
    expect(physio.page.locator("#onward_referral")).to_be_focused()

    physio.page.get_by_label("No, I managed the patient without an onward referral").check()
    physio.page.get_by_role("group", name=re.compile("change how you managed")).get_by_label(
        "Yes"
    ).check()
    physio.page.get_by_label("Improved").check()
    physio.page.get_by_label("All of them").check()
    physio.page.get_by_label("What did you learn? (optional)").fill(REFLECTION)
    physio.page.get_by_role("button", name="Record the outcome").click()

    expect(physio.page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "the outcome is recorded"
    )
    recorded = physio.page.locator("#outcome")
    expect(recorded).to_contain_text("Avoided")
    expect(recorded).to_contain_text("41 (+11 from 30 at the start; a meaningful improvement)")
    expect(recorded).to_contain_text(REFLECTION)
    physio.check("outcome-recorded")

    # The author corrects it within 14 days: the derived figures follow.
    physio.page.get_by_role("button", name="Change the outcome").click()
    expect(physio.page.get_by_label("MSK-HQ score now (optional)")).to_have_value("41")
    physio.page.get_by_label("MSK-HQ score now (optional)").fill("43")
    physio.page.get_by_role("button", name="Save the changes").click()
    expect(recorded).to_contain_text("43 (+13 from 30 at the start")
    expect(physio.page.locator(".nhsuk-notification-banner--success")).to_contain_text("corrected")
    physio.check("outcome-corrected")

    physio.page.get_by_role("link", name="Reports").click()
    physio.page.get_by_role("link", name="My CPD record").click()
    presented = physio.page.get_by_role("table", name="Cases I presented")
    expect(presented.get_by_role("row", name=re.compile("Outcome journey"))).to_contain_text(
        "Referral avoided"
    )
    expect(physio.page.get_by_text(REFLECTION)).to_be_visible()
    # print.js ran (the CSP allows no inline script) and showed the button.
    expect(physio.page.get_by_role("button", name="Print this record")).to_be_visible()
    physio.check("cpd-record")
    physio.page.emulate_media(media="print")
    expect(physio.page.locator("header.nhsuk-header")).to_be_hidden()
    expect(physio.page.get_by_role("button", name="Print this record")).to_be_hidden()
    physio.page.emulate_media(media="screen")


def test_the_coordinator_sees_the_evidence_with_its_chart_and_downloads_it(
    visit, outcome_link, api
):
    case_id = outcome_link.split("/")[2]
    api.wait_for_case(PHYSIO, case_id, "closed")
    coordinator = visit("coordinator")
    coordinator.log_in(COORDINATOR)
    coordinator.page.get_by_role("link", name="Reports").click()
    evidence = coordinator.page.locator("#evidence")
    expect(evidence).to_contain_text(re.compile(r"Cases discussed\s*1"))
    expect(evidence).to_contain_text("1 of 1 planned referrals (100%)")

    chart = coordinator.page.locator("#outcome-chart")
    expect(chart).to_have_attribute("alt", re.compile(r"1 cases discussed, 1 outcomes returned"))
    assert_drawn(chart)
    coordinator.check("reports")

    coordinator.page.get_by_label("Group the figures by").select_option(label="Body region")
    coordinator.page.get_by_role("button", name="Show the figures").click()
    by_region = coordinator.page.get_by_role("table", name="By body region")
    expect(by_region.get_by_role("row", name=re.compile("^Elbow"))).to_contain_text("1 of 1")
    assert_drawn(coordinator.page.locator("#outcome-chart"))
    coordinator.check("reports-by-region")

    with coordinator.page.expect_download() as downloading:
        coordinator.page.get_by_role("link", name=re.compile("Download CSV")).click()
    download = downloading.value
    assert download.suggested_filename == "outcomes-by-body_region.csv"
    spreadsheet = download.path().read_text(encoding="utf-8")
    header, *rows = spreadsheet.splitlines()
    assert "referral_avoided" in header
    assert any(row.startswith("body_region") or "elbow" in row for row in rows), spreadsheet

    # A period typed as NHS dates: from tomorrow, nothing has been discussed yet.
    coordinator.fill_date("from", date.today() + timedelta(days=1))
    coordinator.page.get_by_role("button", name="Show the figures").click()
    expect(coordinator.page.locator("#evidence")).to_contain_text(
        re.compile(r"Cases discussed\s*0")
    )
    assert coordinator.typed_date("from") == date.today() + timedelta(days=1)
    coordinator.page.locator("#from-month").fill("13")
    coordinator.page.get_by_role("button", name="Show the figures").click()
    expect(coordinator.page.locator(".nhsuk-inset-text")).to_contain_text("could not be read")
    expect(coordinator.page.locator("#from-month")).to_have_value("13")  # as typed
    assert_drawn(coordinator.page.locator("#outcome-chart"))


def assert_drawn(chart) -> None:
    """The chart image loaded: a picture, not a broken image (and no wait for ever on one)."""
    width = chart.evaluate(
        """img => img.complete ? img.naturalWidth : new Promise(done => {
            img.onload = img.onerror = () => done(img.naturalWidth);
        })"""
    )
    assert width > 0, "the chart did not load"
