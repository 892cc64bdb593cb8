"""A self-referral reaches triage: the clinician finds it in the queue, reads it and decides,
and the person sees where they are going."""

import pytest

from tests.support.refer_journey import refer

pytestmark = pytest.mark.browser


def test_a_referral_made_on_the_web_is_triaged_from_the_queue_and_the_person_sees_it(visit):
    patient = visit("patient")
    # Checked with axe page by page in test_referring_yourself.py; here it is the way in.
    reference = refer(patient, "Hyacinth Brambleworth", ("14", "2", "1958"), "Knee", False)

    clinician = visit("triage")
    clinician.log_in("triage@demo.nhs.uk")  # their home page is the queue
    page = clinician.page
    clinician.check("queue")
    row = page.locator("#queue tr", has_text=reference)
    assert "Waiting for triage" in row.inner_text() and "8 of 8 answered No" in row.inner_text()
    assert "Brambleworth" not in page.locator("#queue").inner_text()  # no names in the list
    row.get_by_role("link", name=reference).click()
    clinician.check("referral")
    referral_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert page.get_by_role("heading", name=f"Referral {reference}").is_visible()
    assert "Hyacinth Brambleworth" in page.locator("#about-them").inner_text()
    assert "14 February 1958" in page.locator("#about-them").inner_text()

    page.get_by_label("Routine", exact=True).check()
    page.get_by_label("Physiotherapy at a site", exact=True).check()
    page.get_by_label("Site, for physiotherapy").select_option(label="South Clinic")
    page.get_by_label("STarT MSK total (0 to 12), if the tool was used").fill("6")
    page.get_by_role("button", name="Record decision").click()
    clinician.check("decided")
    assert "Decision recorded" in page.locator("#done").inner_text()
    assert "Medium risk (total 6)" in page.locator("#decided").inner_text()
    page.get_by_role("button", name="Bring to peer support").click()
    clinician.check("brought-to-peer-support")
    assert page.locator("#peer-support").is_visible()
    # A shared clinic computer: the triage clinician logs out and the referral is gone.
    page.get_by_role("button", name="Log out").click()
    page.goto(f"/triage/{referral_id}")
    assert page.url.split("?")[0].endswith("/login")
    assert "Brambleworth" not in page.content()

    patient.open("/refer/status")
    patient.page.get_by_label("Your reference").fill(reference)
    for part, value in (("day", "14"), ("month", "2"), ("year", "1958")):
        patient.page.locator(f"#date_of_birth-{part}").fill(value)
    patient.page.get_by_role("button", name="Check").click()
    patient.check("status")
    status = patient.page.locator("#status").inner_text()
    assert "A physiotherapist has read it" in status and "South Clinic" in status
