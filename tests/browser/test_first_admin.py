"""A real installation: nobody is seeded, and the first admin starts from the command line."""

import os
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.support.product_process import product_fixture
from tests.support.staff import LINK, newcomer

pytestmark = pytest.mark.browser

embedded_product = product_fixture(SEED_DEMO="0")


def test_the_first_admin_sets_a_password_from_the_command_line_link(visit, mailbox):
    data_dir = mailbox.directory.parent
    made = subprocess.run(
        [sys.executable, "-m", "mskpeer.cli", "staff", "create-admin"]
        + ["--email", "lead@trust.nhs.uk", "--name", "Lee Lead"],
        env={**os.environ, "DATA_DIR": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    link = LINK.search(made.stdout).group(0)

    lead = visit("lead")
    lead.log_in("admin@demo.nhs.uk", "demo")  # no demo here
    expect(lead.page.get_by_role("heading", level=1)).to_have_text("Log in to MSK Peer Support")
    lead.open(link)
    lead.check("first-admin-set-password")
    lead.page.get_by_label("New password").fill("granite orchard whistle")
    lead.page.get_by_label("Type the password again").fill("granite orchard whistle")
    lead.page.get_by_role("button", name="Set password").click()
    expect(lead.page.get_by_role("heading", level=1)).to_have_text("Your password is set")
    lead.log_in("lead@trust.nhs.uk", "granite orchard whistle")
    lead.open("/staff")
    expect(lead.page.get_by_text("1 person")).to_be_visible()

    # The first colleague they invite, through the form.
    lead.page.get_by_role("link", name="Invite someone").click()
    lead.check("staff-invite")
    lead.page.get_by_role("button", name="Send the invitation").click()
    expect(lead.page.locator(".nhsuk-error-summary")).to_be_visible()  # nothing filled in
    invitation = newcomer()
    lead.page.get_by_label("Full name").fill(invitation["name"])
    lead.page.get_by_label("Email address").fill(invitation["email"])
    lead.page.get_by_label("Band").select_option("6")
    lead.page.get_by_label("Service").select_option("core_physio")
    assert lead.page.get_by_label("Site").locator("option").count() == 1  # no sites yet
    lead.page.get_by_label("Clinician").check()
    lead.page.get_by_role("button", name="Send the invitation").click()
    expect(lead.page.locator(".nhsuk-error-summary")).to_contain_text(re.compile("Site", re.I))
