"""A conference in the browser: the chair minutes it live, the presenter follows up the action."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.support.api import eventually
from tests.support.meetings import (
    ADMIN,
    PHYSIO,
    a_scheduled_case,
    meeting_under_way,
    outsider_of,
)

pytestmark = pytest.mark.browser

DISCUSSION = "Patellofemoral pain; loading not yet progressed past body weight."
ACTION = "Review the loading programme at six weeks"
# A valid NHS number (Modulus 11) from the 999 range kept for test data.
TEST_NHS_NUMBER = "999 123 4578"


def item_of(page, case_id: str) -> str:
    """The minutes form's prefix for a case's agenda item, e.g. `items-0`."""
    name = page.locator(f"input[type=hidden][value='{case_id}']").get_attribute("name")
    return name.removesuffix("-case_id")


def test_the_chair_minutes_the_meeting_live_and_the_presenter_completes_the_action(visit, api):
    case, conference = a_scheduled_case(api, "Knee pain on stairs", body_region="knee")
    chair_seat = conference["chair"]
    minutes_path = f"/conferences/{conference['id']}/minutes"

    presenter = visit("presenter")
    presenter.log_in(PHYSIO)
    presenter.open(f"/conferences/{conference['id']}", check_as="conference-presenter")
    expect(presenter.page.locator("#my-slot")).to_contain_text("You present Knee pain on stairs")
    expect(presenter.page.get_by_text("Write the minutes")).to_have_count(0)

    chair = visit("chair")
    chair.log_in(chair_seat["email"])
    chair.open("/conferences", check_as="conferences")
    chair.page.locator(f"a[href='/conferences/{conference['id']}']").first.click()
    panel = chair.page.get_by_role("table", name=re.compile("Who sits on the panel"))
    expect(panel.get_by_role("row", name=re.compile(chair_seat["name"]))).to_contain_text("Chair")
    expect(chair.page.get_by_role("link", name="Knee pain on stairs")).to_be_visible()
    chair.check("conference-chair")

    chair.page.get_by_role("button", name="Write the minutes").click()
    expect(chair.page.get_by_role("heading", level=1)).to_have_text("Minutes")
    chair.check("minutes-editor")
    item = item_of(chair.page, case["id"])
    chair.page.locator(f"#{item}-discussion").fill(DISCUSSION)
    expect(chair.page.locator("#draft-status")).to_have_text(
        re.compile(r"Draft saved at \d\d:\d\d")
    )

    chair.page.reload()
    expect(chair.page.locator(f"#{item}-discussion")).to_have_value(DISCUSSION)
    # Before the meeting: a draft only, and the chair is told from when they can publish.
    expect(chair.page.locator("#publish")).to_contain_text(
        "You can publish the minutes from the start of the meeting"
    )
    expect(chair.page.get_by_role("button", name="Publish minutes")).to_have_count(0)
    chair.check("minutes-before-the-meeting")
    meeting_under_way(api, conference["id"])
    chair.page.reload()
    chair.page.locator(f"#{item}-recommendations").fill("Progress quadriceps loading.")
    chair.page.locator(f"#{item}-agreed_plan").fill("Loading programme; no referral for now.")
    chair.page.locator(f"#{item}-actions-0-owner_id").select_option(case["presenter_id"])
    chair.page.locator(f"#{item}-actions-0-description").fill(ACTION)
    chair.fill_date(f"{item}-actions-0-due_date", date(2027, 1, 15))
    chair.page.locator(f"#{item}-add").click()
    expect(chair.page.locator(f"#{item}-actions-1-owner_id")).to_be_focused()
    chair.page.locator(f"#{item}-actions-1-owner_id").select_option(chair_seat["id"])
    chair.page.locator(f"#{item}-actions-1-description").fill("Share the knee loading handout")
    chair.fill_date(f"{item}-actions-1-due_date", date(2027, 1, 8))
    chair.page.locator(f"#attendance-{chair_seat['id']}").check()
    # The presenter is on the attendance list too, present unless the chair says otherwise.
    expect(chair.page.locator(f"#attendance-{case['presenter_id']}")).to_be_checked()
    missing = next(a for a in conference["attendees"] if a["role"] == "attendee")
    chair.page.locator(f"#attendance-{missing['id']}-3").check()  # did not attend
    chair.page.get_by_role("button", name="Publish minutes").click()

    # A second case on the agenda would need its own discussion; this one must be complete.
    expect(chair.page.get_by_role("heading", level=1)).to_have_text("Minutes")
    expect(chair.page.locator(".nhsuk-error-summary")).to_have_count(0)
    expect(chair.page.get_by_text("Published")).to_be_visible()
    actions = chair.page.get_by_role("table", name="Actions for Knee pain on stairs")
    expect(actions.get_by_role("row", name=re.compile(ACTION))).to_contain_text("Pat Physio")
    expect(chair.page.locator("#published-by")).to_contain_text(
        f"by the chair, {chair_seat['name']}"
    )
    attended = chair.page.locator("#attendance + dl")
    expect(attended.get_by_role("definition").first).to_contain_text("Pat Physio")
    expect(attended).to_contain_text(re.compile(rf"Did not attend\s*{re.escape(missing['name'])}"))
    chair.check("minutes-published")

    presenter.open("/actions", check_as="actions")
    to_do = presenter.page.get_by_role("table", name=re.compile("My open actions"))
    expect(to_do.get_by_role("row", name=re.compile(ACTION))).to_contain_text("15 January 2027")
    presenter.open("/", check_as="home-with-action")
    home_actions = presenter.page.get_by_role("table", name=re.compile("Actions agreed"))
    expect(home_actions).to_contain_text(ACTION)

    presenter.open("/actions")
    presenter.page.get_by_role("button", name=re.compile(f"Mark as done.*{ACTION}")).click()
    expect(presenter.page.get_by_role("alert")).to_contain_text(f"Marked as done: {ACTION}")
    done = presenter.page.get_by_role("table", name="My actions already done")
    expect(done).to_contain_text(ACTION)
    presenter.check("action-done")

    # Weeks before the follow-up is due, the outcome form stays closed unless asked for.
    outcome = presenter.page
    presenter.open(f"/cases/{case['id']}/outcome")
    expect(outcome.locator("#not-due")).to_contain_text(re.compile(r"on \d+ \w+ \d{4}"))
    expect(outcome.get_by_text("Some weeks ago")).to_have_count(0)
    expect(outcome.get_by_label("Improved")).to_have_count(0)
    presenter.check("outcome-not-due")
    outcome.get_by_role("button", name="Record the outcome now").click()
    expect(outcome.locator("#early-note")).to_contain_text("This is early")
    # The chair's handout is still to do, so "all carried out" cannot be true yet.
    eventually(
        lambda: (outcome.reload(), outcome.locator("#open-actions").count())[1],
        lambda count: count == 1,
        20,
        "the open action on the outcome form",
    )
    expect(outcome.locator("#open-actions")).to_contain_text("1 of the actions")
    outcome.get_by_label("No, I managed the patient without an onward referral").check()
    outcome.get_by_role("group", name=re.compile("change how you managed")).get_by_label(
        "Yes"
    ).check()
    outcome.get_by_label("Improved").check()
    outcome.get_by_label("All of them").check()
    outcome.get_by_role("button", name="Record the outcome").click()
    expect(outcome.locator(".nhsuk-error-summary")).to_contain_text("1 agreed action is still open")
    expect(outcome.locator("#early-note")).to_contain_text("This is early")
    presenter.check("outcome-action-still-open")
    outcome.get_by_label("Some of them").check()
    outcome.get_by_role("button", name="Record the outcome").click()
    expect(outcome.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "the outcome is recorded"
    )

    def discussion_on_the_case_page():
        presenter.open(f"/cases/{case['id']}")
        return presenter.page.locator("main").inner_text()

    eventually(discussion_on_the_case_page, lambda text: DISCUSSION in text, 20, "the minutes")
    presenter.check("case-discussed")
    presenter.open(minutes_path, check_as="minutes-read-by-presenter")
    expect(presenter.page.get_by_role("heading", level=1)).to_have_text("Minutes")
    expect(presenter.page.locator("form#minutes-form")).to_have_count(0)

    # Presenting is CPD: the conference is on the presenter's record, with its hours.
    def presenting_on_the_cpd_record():
        presenter.open("/me/cpd")
        return presenter.page.locator("main").inner_text()

    eventually(presenting_on_the_cpd_record, lambda text: "Presenting" in text, 20, "the CPD")
    conferences = presenter.page.get_by_role("table", name="Conferences attended or chaired")
    presenting = conferences.get_by_role("row", name=re.compile("Presenting"))
    expect(presenting.get_by_role("cell", name="Present", exact=True)).to_have_count(1)
    presenter.check("cpd-after-presenting")


def test_the_minutes_need_every_field_and_a_clinician_off_the_panel_cannot_write_them(visit, api):
    case, conference = a_scheduled_case(api, "Knee giving way on the stairs", body_region="knee")
    minutes_path = f"/conferences/{conference['id']}/minutes"

    outsider = visit("outsider")
    outsider.log_in(outsider_of(api, conference, case))
    refused = outsider.open(minutes_path, check_as="minutes-refused")
    assert refused.status == 403
    expect(outsider.page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")

    meeting_under_way(api, conference["id"])
    chair = visit("chair")
    chair.log_in(conference["chair"]["email"])
    chair.open(minutes_path)
    item = item_of(chair.page, case["id"])
    chair.page.locator(f"#{item}-discussion").fill("Discussed; the plan stands.")
    chair.page.get_by_role("button", name="Publish minutes").click()
    summary = chair.page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter the recommendations for ‘Knee giving way on the stairs’")
    expect(chair.page).to_have_title(re.compile("^Error: Minutes"))
    chair.check("minutes-errors")
    summary.get_by_role("link", name=re.compile("Enter the recommendations")).click()
    expect(chair.page.locator(f"#{item}-recommendations")).to_be_focused()
    expect(chair.page.locator(f"#{item}-discussion")).to_have_value("Discussed; the plan stands.")

    # The draft is checked for patient identifiers as the chair types.
    chair.page.locator(f"#{item}-discussion").fill(f"Seen with NHS number {TEST_NHS_NUMBER}.")
    expect(chair.page.locator("#draft-status")).to_contain_text(
        "Draft not saved: The discussion of ‘Knee giving way on the stairs’ contains an NHS number"
    )


def test_without_javascript_the_chair_saves_the_draft_and_adds_actions_with_buttons(visit, api):
    case, conference = a_scheduled_case(
        api, "Ankle still swelling after a sprain", body_region="ankle_foot"
    )
    chair = visit("chair-without-javascript", java_script_enabled=False)
    chair.log_in(conference["chair"]["email"])
    chair.open(f"/conferences/{conference['id']}/minutes")
    item = item_of(chair.page, case["id"])
    chair.page.locator(f"#{item}-discussion").fill("Lateral ligament; balance work not started.")
    chair.page.get_by_role("button", name="Save draft").click()
    expect(chair.page.locator("#draft-status")).to_have_text(
        re.compile(r"Draft saved at \d\d:\d\d")
    )
    expect(chair.page.locator(f"#{item}-discussion")).to_have_value(
        "Lateral ligament; balance work not started."
    )

    chair.page.locator(f"#{item}-actions-0-description").fill("Start balance training")
    chair.page.locator(f"#{item}-add").click()
    expect(chair.page.locator(f"#{item}-actions-0-description")).to_have_value(
        "Start balance training"
    )
    expect(chair.page.locator(f"#{item}-actions-1-description")).to_have_value("")


def test_a_panel_member_who_cannot_come_is_told_what_happens_next(visit, api):
    planned = api.get("/api/v1/conferences?page_size=50", ADMIN).json()["items"]
    conference = next(c for c in reversed(planned) if c["attendees"] and not c["agenda"])
    member = next(a for a in conference["attendees"] if a["role"] == "attendee")

    clinician = visit("panel-member")
    clinician.log_in(member["email"])
    clinician.open(f"/conferences/{conference['id']}", check_as="conference-panel-member")
    clinician.page.get_by_role("button", name="I cannot come").click()
    expect(clinician.page.locator(".nhsuk-error-summary")).to_contain_text(
        "Say why you cannot come"
    )
    clinician.check("decline-no-reason")
    clinician.page.get_by_label("Why can you not come?").fill("Annual leave")
    clinician.page.get_by_role("button", name="I cannot come").click()
    expect(clinician.page.get_by_role("heading", level=1)).to_have_text(
        "You are off this conference"
    )
    expect(clinician.page.locator("#decline-outcome")).to_contain_text(
        re.compile("planned again|called up|plan the day again")
    )
    clinician.check("declined")
