"""Months later (seconds here) the presenter is asked again how the patient is, and answers
the review in the browser under the outcome they recorded."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.support.outcomes import PHYSIO, discuss
from tests.support.product_process import product_fixture

pytestmark = pytest.mark.browser

TITLE = "Review journey: frozen shoulder, hydrodilatation?"
OUTCOME = {
    "onward_referral": "none",
    "management_changed": True,
    "patient_status": "improved",
    "msk_hq": 38,
    "actions_completed": "all",
    "reflection": "",
}

# Asked for the outcome a second after the discussion, and for a review five seconds after.
embedded_product = product_fixture(
    FOLLOW_UP_AFTER="1s", FOLLOW_UP_REMINDER_AFTER="1h", FOLLOW_UP_LATER="5s"
)


def test_the_presenter_answers_a_later_review_under_the_outcome(visit, api, mailbox):
    case = api.submit_case(PHYSIO, title=TITLE, msk_hq_baseline=30)
    discuss(api, [case])
    mailbox.wait_for(lambda mail: any(m.subject.endswith(TITLE) for m in mail), timeout=30)
    recorded = api.post(f"/api/v1/cases/{case['id']}/outcome", PHYSIO, json=OUTCOME)
    assert recorded.status_code == 201, recorded.text

    def asking_again(m) -> bool:
        return m.subject == f"How is your patient now? {TITLE}" and PHYSIO in m.rcpt_to

    mail = mailbox.wait_for(lambda mail: any(map(asking_again, mail)), timeout=40)
    link = re.search(r"https?://\S+/outcome\b", next(filter(asking_again, mail)).text).group(0)

    physio = visit("review")
    physio.log_in(PHYSIO)
    physio.open(urlsplit(link).path)
    expect(physio.page.locator("#outcome")).to_contain_text("38")
    expect(physio.page.locator("#review")).to_have_text("Review 1: how is the patient now?")
    physio.check("review-asked")

    physio.page.get_by_label("No, I managed the patient without an onward referral").check()
    changed = physio.page.get_by_role("group", name=re.compile("change how you managed"))
    changed.get_by_label("Yes").check()
    physio.page.get_by_label("Discharged").check()
    physio.page.get_by_label("MSK-HQ score now (optional)").fill("47")
    physio.page.get_by_role("button", name="Record the outcome").click()

    expect(physio.page.get_by_role("heading", name="Review 1", exact=True)).to_be_visible()
    expect(physio.page.locator("main")).to_contain_text("47")
    expect(physio.page.locator("#review")).to_have_count(0)
    physio.check("review-recorded")
    stored = api.get(f"/api/v1/cases/{case['id']}/outcome", PHYSIO).json()
    assert [r["msk_hq"] for r in stored["reviews"]] == [47]
    assert stored["review_asked"] is None
