"""The one access policy: who may read a case, and who administers the staff list."""

import pytest

from contracts import policy
from gateway.pages.panel import mark_readable

PRESENTER = {"id": "p-1", "roles": ["clinician"]}
PANEL = {"id": "p-2", "roles": ["clinician"]}
STRANGER = {"id": "p-3", "roles": ["clinician", "chair"]}
COORDINATOR = {"id": "p-4", "roles": ["coordinator"]}
ADMIN = {"id": "p-5", "roles": ["admin"]}


def attended(reader):
    return lambda: {"c-1"} if reader is PANEL else set()


@pytest.mark.parametrize(
    ("reader", "may"),
    [(PRESENTER, True), (PANEL, True), (COORDINATOR, True), (ADMIN, True), (STRANGER, False)],
)
def test_a_case_is_read_by_its_presenter_its_panel_and_the_leads(reader, may):
    assert policy.may_read_case(reader, "p-1", "c-1", attended(reader)) is may


def test_a_case_waiting_for_a_conference_has_no_panel_yet():
    assert not policy.may_read_case(PANEL, "p-1", None, attended(PANEL))


def test_the_web_pages_mark_agenda_items_by_the_same_rule():
    """Home and the conference page once disagreed about coordinators: now they cannot."""
    for reader, seated, mine, expected in (
        (COORDINATOR, False, set(), [True, True]),
        (PANEL, True, set(), [True, True]),
        (PRESENTER, False, {"case-a"}, [True, False]),
        (STRANGER, False, set(), [False, False]),
    ):
        conference = {"id": "c-1", "agenda": [{"case_id": "case-a"}, {"case_id": "case-b"}]}
        mark_readable(reader, conference, mine, seated)
        assert [item["readable"] for item in conference["agenda"]] == expected, reader


def test_the_staff_list_is_administered_by_coordinators_and_admins_only():
    assert policy.roles_for(policy.ADMINISTER_STAFF) == ("coordinator", "admin")
    assert not policy.has_role_for(STRANGER, policy.ADMINISTER_STAFF)
    assert set(policy.RULES) >= {policy.READ_CASE, policy.RECORD_OUTCOME, policy.EDIT_CARD}


def test_a_referrals_person_is_seen_by_triage_alone_and_the_figures_by_the_leads():
    triage, handler = {"roles": ["triage"]}, {"roles": ["call_handler"]}
    assert policy.roles_for(policy.READ_REFERRAL) == ("triage",)
    for someone in (PRESENTER, COORDINATOR, ADMIN, handler):
        assert not policy.has_role_for(someone, policy.READ_REFERRAL), someone
    assert policy.has_role_for(triage, policy.TRIAGE_REFERRAL)
    assert policy.has_role_for(handler, policy.TAKE_PHONE_REFERRAL)
    assert policy.roles_for(policy.REFERRAL_FIGURES) == ("coordinator", "admin")
