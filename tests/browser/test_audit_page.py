"""An admin checks the audit: what a person read and when, who read a case, as a spreadsheet;
with names and titles, never ids, and their own reading of the audit recorded too."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.staff import newcomer

pytestmark = pytest.mark.browser

PHYSIO = "physio@demo.nhs.uk"
ADMIN = "admin@demo.nhs.uk"
COORDINATOR = "coordinator@demo.nhs.uk"
TITLE = "Audit journey: hip pain on stairs"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_an_admin_sees_what_a_physio_read_and_who_read_a_case_and_is_audited_doing_so(visit, api):
    case = api.submit_case(PHYSIO, title=TITLE, body_region="hip")
    api.case(PHYSIO, case["id"])  # a read, as the case page makes

    admin = visit("admin")
    admin.log_in(ADMIN)
    admin.open("/coordinator")
    admin.page.get_by_role("link", name="Audit: who read what, and when").click()
    admin.check("audit")

    admin.page.get_by_label("By person").select_option(label="Pat Physio")
    admin.page.get_by_role("button", name="Show what they read").click()
    lines = admin.page.get_by_role("table", name="What Pat Physio read or changed")
    read = lines.get_by_role("row", name=re.compile(f"Read The case ‘{TITLE}’"))
    expect(read.first).to_contain_text("Pat Physio")
    expect(read.first).to_contain_text(re.compile(r"\w+day \d+ \w+ \d{4} at \d\d:\d\d"))
    assert not UUID.search(lines.inner_text()), "the audit shows an id instead of a name"
    admin.check("audit-by-person")

    spreadsheet = admin.page.get_by_role("link", name=re.compile("as a spreadsheet"))
    csv = admin.page.request.get(spreadsheet.get_attribute("href"))
    assert csv.headers["content-type"].startswith("text/csv")
    rows = csv.text().splitlines()
    assert rows[0] == "When,Who,Did,What,Request"
    assert any("Pat Physio" in row and f"The case ‘{TITLE}’" in row for row in rows[1:])

    admin.page.get_by_label("By case").fill("hip pain on stairs")
    admin.page.get_by_role("button", name="Find the case").click()
    admin.page.get_by_role("link", name=TITLE).click()
    by_case = admin.page.get_by_role("table", name=f"Who read or changed the case ‘{TITLE}’")
    expect(by_case.get_by_role("row", name=re.compile("Pat Physio Read"))).not_to_have_count(0)
    admin.check("audit-by-case")

    # Reading the audit is itself in the audit, under the admin's name.
    admin.page.get_by_label("By person").select_option(label="Adam Admin")
    admin.page.get_by_role("button", name="Show what they read").click()
    own = admin.page.get_by_role("table", name="What Adam Admin read or changed")
    expect(own.get_by_role("row", name=re.compile("The audit of Pat Physio"))).not_to_have_count(0)


def test_the_audit_shows_whom_a_coordinator_invited_and_marked_as_left(visit, api):
    invitation = newcomer()
    invited = api.post("/api/v1/staff/invitations", COORDINATOR, json=invitation)
    assert invited.status_code == 201, invited.text
    left = api.post(f"/api/v1/staff/{invited.json()['id']}/deactivate", COORDINATOR)
    assert left.status_code == 200, left.text

    admin = visit("admin")
    admin.log_in(ADMIN)
    admin.open("/admin/audit")
    admin.page.get_by_label("By person").select_option(label="Cora Coordinator")
    admin.page.get_by_role("button", name="Show what they read").click()
    lines = admin.page.get_by_role("table", name="What Cora Coordinator read or changed")
    expect(
        lines.get_by_role("row", name=re.compile(f"Invited {invitation['name']}"))
    ).to_have_count(1)
    expect(
        lines.get_by_role("row", name=re.compile(f"Marked as having left {invitation['name']}"))
    ).to_have_count(1)


def test_only_an_admin_may_read_the_audit(visit):
    physio = visit("physio")
    physio.log_in(PHYSIO)
    refused = physio.open("/admin/audit")
    assert refused.status == 403
