"""Coordinators keep the staff list; newcomers set a password; leavers are locked out at once."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.api import eventually
from tests.support.staff import link_sent_to, staff_csv

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@demo.nhs.uk"
NEW_PASSWORD = "ferry lantern biscuit"


def set_password(who, token, password=NEW_PASSWORD):
    who.open(f"/set-password?token={token}")
    expect(who.page.get_by_role("heading", level=1)).to_have_text("Set your password")
    who.page.get_by_label("New password").fill(password)
    who.page.get_by_label("Type the password again").fill(password)
    who.page.get_by_role("button", name="Set password").click()


def test_a_coordinator_imports_twenty_and_an_invitee_signs_in(visit, mailbox):
    text, good = staff_csv(20)
    coordinator = visit("coordinator")
    coordinator.log_in(COORDINATOR)
    coordinator.open("/coordinator")
    coordinator.page.get_by_role("link", name="Staff list").click()
    coordinator.check("staff-list")
    coordinator.page.get_by_role("link", name="Import a staff list (CSV)").click()
    coordinator.page.get_by_label("Staff list (CSV)").set_input_files(
        files=[{"name": "staff.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    coordinator.page.get_by_role("button", name="Preview").click()
    rows = coordinator.page.locator("tbody tr")
    expect(rows).to_have_count(20)
    problems = coordinator.page.locator("tr.app-import-error")
    expect(problems).to_have_count(2)
    expect(problems.nth(0)).to_contain_text("Band")
    expect(problems.nth(1)).to_contain_text("no site called Atlantis General")
    coordinator.check("staff-import-preview")
    coordinator.page.get_by_role("button", name="Confirm import").click()
    expect(coordinator.page.get_by_role("heading", name="Staff list imported")).to_be_visible()
    expect(coordinator.page.locator(".nhsuk-panel__body")).to_have_text("18 invited, 0 changed")
    coordinator.check("staff-imported")

    bad_email = re.search(r"import\.\w+\.4@demo\.nhs\.uk", text).group(0)
    coordinator.open(f"/staff?q={bad_email}")
    expect(coordinator.page.get_by_text("0 people")).to_be_visible()

    invitee = visit("invitee")
    token = link_sent_to(mailbox, good[0], "You are invited")
    set_password(invitee, token, "password123")
    expect(invitee.page.locator(".nhsuk-error-summary")).to_contain_text("common")
    invitee.check("set-password-refused")
    invitee.page.get_by_label("New password").fill(NEW_PASSWORD)
    invitee.page.get_by_label("Type the password again").fill(NEW_PASSWORD)
    invitee.page.get_by_role("button", name="Set password").click()
    expect(invitee.page.get_by_role("heading", level=1)).to_have_text("Your password is set")
    invitee.check("password-set")
    invitee.log_in(good[0], NEW_PASSWORD)
    expect(invitee.page.locator(".nhsuk-header__account-item").first).to_contain_text("Imported")


def test_a_forgotten_password_is_set_again_from_the_emailed_link(visit, mailbox):
    someone = visit("forgetful")
    someone.open("/login")
    someone.page.get_by_role("link", name="Forgotten your password?").click()
    someone.check("forgot-password")
    someone.page.get_by_label("Email address").fill("chair@demo.nhs.uk")
    someone.page.get_by_role("button", name="Send the link").click()
    expect(someone.page.get_by_role("heading", level=1)).to_have_text("Check your email")
    token = link_sent_to(mailbox, "chair@demo.nhs.uk", "Set a new password")
    set_password(someone, token, "harbour quilt meadow")
    expect(someone.page.get_by_role("heading", level=1)).to_have_text("Your password is set")
    someone.log_in("chair@demo.nhs.uk", "demo")
    expect(someone.page.get_by_role("heading", level=1)).to_have_text("Log in to MSK Peer Support")
    someone.log_in("chair@demo.nhs.uk", "harbour quilt meadow")
    expect(someone.page.locator(".nhsuk-header__account-item").first).to_contain_text("Chris")
    set_password(someone, token, "another fine phrase")  # the link worked once
    expect(someone.page.get_by_role("heading", level=1)).to_have_text("This link no longer works")


def test_a_leaver_is_signed_out_of_the_web_and_the_api_at_once(visit, api):
    email = "physio@demo.nhs.uk"
    token = api.token(email)
    leaver = visit("leaver")
    leaver.log_in(email)
    expect(leaver.page.locator(".nhsuk-header__account-item").first).to_contain_text("Pat")

    coordinator = visit("coordinator")
    coordinator.log_in(COORDINATOR)
    coordinator.open(f"/staff?q={email}")
    coordinator.page.get_by_role("link", name="Pat Physio").click()
    coordinator.check("staff-person")
    coordinator.page.get_by_role("button", name="Deactivate").click()
    expect(coordinator.page.get_by_role("heading", level=1)).to_have_text("Pat Physio has left")
    coordinator.check("staff-left")

    leaver.open("/")
    expect(leaver.page).to_have_url(re.compile(r"/login"))
    gone = api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert gone.status_code == 401 and gone.json()["error"] == "SESSION_ENDED"
    eventually(
        lambda: api.get("/api/v1/clinicians?q=Pat%20Physio", COORDINATOR).json()["items"],
        lambda cards: not [c for c in cards if c["name"] == "Pat Physio"],
        20,
        "the leaver's card out of the directory",
    )

    coordinator.page.get_by_role("link", name="Back to Pat Physio").click()
    coordinator.page.get_by_role("button", name="Reactivate").click()
    expect(coordinator.page.locator(".nhsuk-inset-text")).to_contain_text("Reactivated")
    leaver.log_in(email)
    expect(leaver.page.locator(".nhsuk-header__account-item").first).to_contain_text("Pat")
