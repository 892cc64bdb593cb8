"""A physiotherapist submits a case in the browser: refused for an NHS number, then scheduled."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.api import eventually

pytestmark = pytest.mark.browser

PHYSIO = "physio@demo.nhs.uk"
# A valid NHS number (Modulus 11) from the 999 range kept for test data.
TEST_NHS_NUMBER = "999 123 4578"
STORY = (
    "In their forties, manual worker, 14 weeks of lateral elbow pain; eccentric loading "
    "for 8 weeks with little change."
)


def fill_in_the_case(page, summary: str) -> None:
    page.get_by_label("What is the case about?").select_option("patient_case")
    page.get_by_label("Title").fill("Lateral elbow pain not settling")
    page.get_by_label("Summary").fill(summary)
    page.get_by_label("Your question for the conference").fill(
        "Isometrics before an injection referral?"
    )
    page.get_by_label("Body region").select_option("elbow")
    page.get_by_label("How soon should it be discussed?").select_option("routine")
    page.get_by_label("What do you plan to do now?").select_option("refer_orthopaedics")
    page.get_by_label("How many weeks has the problem lasted?").fill("14")


def test_a_clinician_sees_the_nhs_number_highlighted_then_submits_the_case_and_sees_it_scheduled(
    visit,
):
    physio = visit("physio")
    physio.open("/", check_as="login")
    expect(physio.page).to_have_url(re.compile(r"/login\?next=%2F$"))
    physio.log_in(PHYSIO)
    expect(physio.page.get_by_role("heading", level=1)).to_have_text("Hello, Pat Physio")
    physio.check("home-before")

    physio.page.get_by_role("link", name="Submit a case").first.click()
    physio.check("case-form")
    fill_in_the_case(physio.page, f"{STORY} NHS number {TEST_NHS_NUMBER}, seen twice.")
    physio.page.get_by_role("button", name="Submit case").click()

    summary = physio.page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Summary contains an NHS number")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#summary")
    expect(physio.page.locator("#summary-found mark")).to_have_text(TEST_NHS_NUMBER)
    expect(physio.page.locator("#summary-error")).to_contain_text("NHS number")
    expect(physio.page).to_have_title(re.compile("^Error: Submit a case"))
    physio.check("case-form-nhs-number")
    # The error summary takes the clinician straight to the field.
    summary.get_by_role("link").click()
    expect(physio.page.get_by_label("Summary")).to_be_focused()

    physio.page.get_by_label("Summary").fill(STORY)
    physio.page.get_by_role("button", name="Submit case").click()
    expect(physio.page.get_by_role("heading", level=1)).to_have_text(
        "Lateral elbow pain not settling"
    )
    case_id = physio.page.url.rsplit("/", 1)[1]
    physio.check("case-submitted")

    # The product puts a submitted case on the next conference with room by itself.
    def state_after_reload():
        physio.page.reload()
        return physio.page.locator("#case-state").inner_text()

    eventually(state_after_reload, lambda state: state == "Scheduled", 20, "the case scheduled")
    schedule = physio.page.locator("#schedule")
    expect(schedule).to_contain_text(re.compile(r"Wednesday \d+ \w+ \d{4} at 12:30"))
    expect(schedule).to_contain_text("Your slot")
    physio.check("case-scheduled")

    physio.open("/")
    my_cases = physio.page.get_by_role("table", name="My open cases and their state")
    expect(my_cases.get_by_role("row", name=re.compile("Lateral elbow pain"))).to_contain_text(
        "Scheduled"
    )
    my_case = physio.page.locator(f"a[href='/cases/{case_id}']")
    expect(my_case.first).to_be_visible()
    conference = physio.page.locator(".nhsuk-card", has_text="Presenting")
    expect(conference.get_by_role("link", name="Lateral elbow pain not settling")).to_be_visible()
    physio.check("home-scheduled")

    physio.page.get_by_role("button", name="Log out").click()
    expect(physio.page).to_have_url(re.compile("/login$"))
    physio.open(f"/cases/{case_id}")
    expect(physio.page).to_have_url(re.compile(r"/login\?next=%2Fcases%2F"))


def test_on_a_phone_the_home_page_fits_the_screen_and_the_menu_still_works(visit):
    physio = visit("phone", viewport={"width": 375, "height": 740}, is_mobile=True)
    physio.log_in(PHYSIO)
    physio.check("home-phone")
    too_wide = physio.page.evaluate(
        "() => document.documentElement.scrollWidth > window.innerWidth"
    )
    assert not too_wide, "the home page scrolls sideways on a phone"
    physio.page.get_by_role("link", name="Submit a case").first.click()
    expect(physio.page.get_by_role("heading", level=1)).to_have_text("Submit a case")
    physio.check("case-form-phone")


def test_a_form_posted_without_its_token_is_refused_and_nothing_is_stored(visit, api):
    physio = visit("csrf")
    physio.log_in(PHYSIO)
    before = api.get("/api/v1/cases?mine=true", PHYSIO).json()["total"]
    form = {"kind": "patient_case", "title": "Posted from another site", "action": "draft"}
    # The browser's own cookie goes with it, as it would with a forged cross-site post.
    for token in ({}, {"csrf_token": "guessed"}):
        refused = physio.page.request.post("/cases/new", form={**form, **token})
        assert refused.status == 403
        assert "This form has expired" in refused.text()
    assert api.get("/api/v1/cases?mine=true", PHYSIO).json()["total"] == before
    out = physio.page.request.post("/logout", form={})
    assert out.status == 403
    physio.open("/", check_as="still-logged-in")
    expect(physio.page.get_by_role("heading", level=1)).to_have_text("Hello, Pat Physio")


def test_a_broken_link_shows_a_page_not_found_not_data(visit):
    physio = visit("broken-link")
    answer = physio.open("/cases-that-never-were", check_as="page-not-found")
    assert answer.status == 404
    expect(physio.page.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_after_logging_in_only_a_page_of_this_site_is_opened(visit):
    physio = visit("next")
    physio.open("/login?next=https://elsewhere.example/phish")
    physio.page.get_by_label("Email address").fill(PHYSIO)
    physio.page.get_by_label("Password").fill("wrong")
    physio.page.get_by_role("button", name="Log in").click()
    expect(physio.page.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter the email address and password of your account"
    )
    physio.check("login-wrong-password")
    physio.page.get_by_label("Password").fill("demo")
    physio.page.get_by_role("button", name="Log in").click()
    expect(physio.page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/$"))


def test_a_draft_is_finished_later_then_changed_and_withdrawn_by_its_presenter(visit, api):
    physio = visit("draft")
    physio.log_in(PHYSIO)
    physio.open("/cases/new")
    physio.page.get_by_label("What is the case about?").select_option("patient_case")
    physio.page.get_by_label("Title").fill("Calf pain when running")
    physio.page.get_by_role("button", name="Save as draft").click()
    expect(physio.page.locator("#case-state")).to_have_text("Draft")
    case_id = physio.page.url.rsplit("/", 1)[1]
    physio.check("draft-saved")

    physio.page.get_by_role("link", name="Finish the draft").click()
    expect(physio.page.get_by_role("heading", level=1)).to_have_text("Finish your draft")
    expect(physio.page.get_by_label("Title")).to_have_value("Calf pain when running")
    physio.check("draft-form")
    fill_in_the_case(physio.page, STORY)
    physio.page.get_by_label("Title").fill("Calf pain when running, six weeks")
    physio.page.get_by_role("button", name="Submit case").click()
    expect(physio.page.locator("#case-state")).not_to_have_text("Draft")
    expect(physio.page.get_by_role("heading", level=1)).to_have_text(
        "Calf pain when running, six weeks"
    )

    physio.page.get_by_role("link", name="Change the case").click()
    expect(physio.page.get_by_role("heading", level=1)).to_have_text("Change your case")
    physio.page.get_by_label("Your question for the conference").fill(
        "Graded return to running, or imaging first?"
    )
    physio.check("case-change-form")
    physio.page.get_by_role("button", name="Save the changes").click()
    expect(physio.page.locator("main")).to_contain_text("Graded return to running")
    stored = api.get(f"/api/v1/cases/{case_id}", PHYSIO).json()
    assert stored["question"] == "Graded return to running, or imaging first?"

    physio.page.get_by_role("button", name="Withdraw the case").click()
    expect(physio.page.locator("#case-state")).to_have_text("Withdrawn")
    physio.check("case-withdrawn")
    expect(physio.page.get_by_role("link", name="Change the case")).to_have_count(0)


def test_the_words_to_change_are_shown_as_the_clinician_types_before_submitting(visit):
    physio = visit("typing")
    physio.log_in(PHYSIO)
    physio.open("/cases/new")
    summary = physio.page.get_by_label("Summary")
    summary.fill(f"{STORY} NHS number {TEST_NHS_NUMBER}.")

    live = physio.page.locator("#summary-live")
    expect(live).to_contain_text("Summary contains an NHS number")
    expect(live.locator("mark")).to_have_text(TEST_NHS_NUMBER)
    physio.check("case-form-as-typed")

    summary.fill(f"{STORY} New saddle anaesthesia since yesterday.")
    expect(live.locator("mark")).to_have_text("saddle anaesthesia")
    expect(live).to_contain_text("escalate now through your local urgent pathway")
    summary.fill(STORY)
    expect(live).to_be_empty()
    assert physio.page.locator("#case-state").count() == 0, "nothing was submitted"


def test_a_red_flag_is_escalated_beside_its_words_and_the_chair_sees_it_on_the_agenda(visit, api):
    physio = visit("red-flags")
    physio.log_in(PHYSIO)
    physio.open("/cases/new")
    fill_in_the_case(physio.page, f"{STORY} New saddle anaesthesia since yesterday.")
    physio.page.get_by_label("Title").fill("Elbow pain, then a new problem")
    physio.page.get_by_role("button", name="Submit case").click()

    summary = physio.page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Escalate the red flags now through your local urgent pathway")
    expect(summary.get_by_role("link", name=re.compile("^Escalate"))).to_have_attribute(
        "href", "#red_flags_escalated"
    )
    # The question sits right under the field whose words raised it, not at the foot.
    beside = physio.page.locator("#summary-live + #red-flags, #summary-live ~ #red-flags")
    expect(beside).to_have_count(1)
    expect(physio.page.locator("#red-flags")).to_contain_text("Switchboard")  # the contacts
    physio.check("case-form-red-flags")
    summary.get_by_role("link", name=re.compile("^Escalate")).click()
    expect(physio.page.locator("#red_flags_escalated")).to_be_focused()

    physio.page.locator("#red_flags_escalated").check()
    physio.page.get_by_role("button", name="Submit case").click()
    expect(physio.page.locator(".nhsuk-error-summary")).to_contain_text(
        "Select the urgent pathway you used"
    )
    physio.page.get_by_label("Same-day spinal or orthopaedic on-call").check()
    physio.page.get_by_label(re.compile("^Whom did you speak to")).fill("on-call spinal registrar")
    physio.page.get_by_role("button", name="Submit case").click()
    expect(physio.page.locator("#case-state")).to_be_visible()

    case_id = physio.page.url.rsplit("/", 1)[-1]
    case = eventually(
        lambda: api.get(f"/api/v1/cases/{case_id}", PHYSIO).json(),
        lambda found: found["status"] == "scheduled",
        20,
        "the case on an agenda",
    )
    assert case["escalation_pathway"] == "same_day_spinal" and case["red_flags_escalated_at"]
    conference = api.get(f"/api/v1/conferences/{case['conference_id']}", PHYSIO).json()
    chair = visit("red-flags-chair")
    chair.log_in(conference["chair"]["email"])
    chair.open(f"/conferences/{conference['id']}")
    row = chair.page.get_by_role("row", name=re.compile("Elbow pain, then a new problem"))
    expect(row).to_contain_text("Red flags escalated")
    expect(row).to_contain_text("possible cauda equina syndrome")
    chair.check("agenda-red-flags")
    chair.open(f"/conferences/{conference['id']}/minutes")
    expect(chair.page.locator("[id$='-red-flags']")).to_contain_text(
        "Same-day spinal or orthopaedic on-call"
    )
    chair.check("minutes-red-flags")


def test_a_professional_topic_is_not_asked_about_one_patient(visit):
    physio = visit("topic")
    physio.log_in(PHYSIO)
    physio.open("/cases/new")
    page = physio.page
    patients = ("Age band", "Sex", "STarT MSK risk", "MSK-HQ score", "What do you plan to do now?")
    for label in patients:
        expect(page.get_by_label(label)).to_be_visible()

    page.get_by_label("What is the case about?").select_option("professional_topic")
    for label in (*patients, "Treatment so far", "How many weeks"):
        expect(page.get_by_label(label)).to_be_hidden()
    page.get_by_label("What is the case about?").select_option("patient_group")
    expect(page.get_by_label("Treatment so far")).to_be_visible()
    expect(page.get_by_label("Age band")).to_be_hidden()
    page.get_by_label("What is the case about?").select_option("professional_topic")
    physio.check("case-form-topic")

    page.get_by_label("Title").fill("When to request an MRI for low back pain")
    page.get_by_label("Summary").fill("Thresholds for MRI differ across our sites.")
    page.get_by_label("Your question for the conference").fill("Can we agree one threshold?")
    page.get_by_label("How soon should it be discussed?").select_option("routine")
    page.get_by_role("button", name="Submit case").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "When to request an MRI for low back pain"
    )
    expect(page.locator(".nhsuk-caption-l")).to_have_text("A professional topic")
    expect(page.get_by_text("Plan before the conference")).to_have_count(0)
    physio.check("topic-submitted")


def test_a_lead_changes_an_urgent_pathways_contact_and_presenters_see_it_at_once(visit):
    coordinator = visit("pathways")
    coordinator.log_in("coordinator@demo.nhs.uk")
    coordinator.open("/coordinator")
    coordinator.page.get_by_role("link", name="Urgent pathways").click()
    gp = coordinator.page.locator("#gp_same_day")
    gp.get_by_label("Whom to contact, and how").fill("  ")
    gp.get_by_role("button", name=re.compile("^Save")).click()
    summary = coordinator.page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Whom to contact")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#gp_same_day-contact")
    coordinator.check("urgent-pathways-refused")
    contact = "Duty doctor line 01202 555 0199, 8am to 6pm"
    coordinator.page.locator("#gp_same_day-contact").fill(contact)
    coordinator.page.locator("#gp_same_day").get_by_role("button").click()
    expect(coordinator.page.locator(".nhsuk-notification-banner")).to_contain_text("GP, same day")
    coordinator.check("urgent-pathways-saved")

    physio = visit("pathways-presenter")
    physio.log_in(PHYSIO)
    physio.open("/cases/new")
    fill_in_the_case(physio.page, f"{STORY} New saddle anaesthesia since yesterday.")
    physio.page.get_by_role("button", name="Submit case").click()
    expect(physio.page.locator("#pathway-gp_same_day-hint")).to_have_text(contact)
