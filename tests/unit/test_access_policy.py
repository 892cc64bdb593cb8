"""The one access policy: who may read a case, and who administers the staff list."""

import pytest

from contracts import policy
from contracts.errors import Forbidden
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


# -- every rule, and the two questions asked of it -----------------------------------
CLINICIAN = {"id": "p-6", "roles": ["clinician"]}
TRIAGE = {"id": "p-7", "roles": ["triage"]}
CALL_HANDLER = {"id": "p-8", "roles": ["call_handler"]}


def test_every_rule_names_only_known_roles_and_a_public_rule_names_none():
    for rule in policy.RULES.values():
        assert rule.askers <= set(policy.EVERY_ROLE), rule.action
        assert not (rule.public and rule.askers), rule.action
        assert rule.public or rule.askers, f"{rule.action}: nobody could ever do it"
        assert not rule.related or rule.relation, f"{rule.action}: tied to it how?"


def test_someone_tied_to_an_object_may_ask_but_only_the_object_decides():
    """A clinician may ask for a case (theirs, or their conference's), never for the staff list."""
    assert policy.asking_roles(policy.READ_CASE) == ("clinician", "chair", "coordinator", "admin")
    assert policy.may_ask(CLINICIAN, policy.READ_CASE)
    assert not policy.has_role_for(CLINICIAN, policy.READ_CASE)
    assert not policy.may_ask(TRIAGE, policy.READ_CASE)
    assert not policy.may_ask(CLINICIAN, policy.ADMINISTER_STAFF)


def test_a_public_action_needs_no_sign_in_and_a_refusal_names_the_roles():
    assert policy.asking_roles(policy.SELF_REFER) is None
    assert policy.may_ask(None, policy.SELF_REFER)
    with pytest.raises(Forbidden) as refused:
        policy.require(None, policy.TRIAGE_REFERRALS)
    assert refused.value.code == "ROLE_REQUIRED" and "triage" in refused.value.message
    with pytest.raises(Forbidden):
        policy.require(CLINICIAN, policy.READ_REPORTS)
    policy.require(COORDINATOR, policy.READ_REPORTS)


def test_only_triage_sees_who_a_patient_is_and_only_a_call_handler_takes_a_phone_referral():
    assert policy.asking_roles(policy.TRIAGE_REFERRALS) == ("triage",)
    for someone in (CLINICIAN, COORDINATOR, ADMIN, CALL_HANDLER):
        assert not policy.may_ask(someone, policy.TRIAGE_REFERRALS)
    assert policy.takes_phone_referrals(CALL_HANDLER)
    assert not policy.takes_phone_referrals(TRIAGE) and not policy.takes_phone_referrals(None)


def test_a_case_is_changed_by_its_presenter_alone_and_withdrawn_by_them_or_a_lead():
    assert policy.may_change_case(PRESENTER, "p-1")
    assert not policy.may_change_case(COORDINATOR, "p-1")
    assert policy.may_withdraw_case(PRESENTER, "p-1")
    assert policy.may_withdraw_case(COORDINATOR, "p-1")
    assert not policy.may_withdraw_case(PANEL, "p-1")
    assert policy.sees_every_case(ADMIN) and not policy.sees_every_case(PANEL)


def test_the_chair_coordinators_and_admins_may_record_minutes_but_attendees_may_not():
    assert policy.may_record_minutes({"id": "chair-1", "roles": ["clinician"]}, "chair-1")
    assert policy.may_record_minutes({"id": "coord-1", "roles": ["coordinator"]}, "chair-1")
    assert policy.may_record_minutes({"id": "admin-1", "roles": ["admin"]}, "chair-1")
    assert not policy.may_record_minutes({"id": "attendee-1", "roles": ["clinician"]}, "chair-1")
    assert not policy.may_record_minutes({"id": "attendee-1"}, "chair-1")
    assert not policy.may_arrange_agenda({"id": "chair-2", "roles": ["chair"]}, "chair-1")
    assert policy.may_arrange_agenda({"id": "chair-1", "roles": ["chair"]}, "chair-1")


def test_a_conference_without_a_chair_has_its_minutes_recorded_by_a_coordinator():
    assert not policy.may_record_minutes({"id": "attendee-1", "roles": ["clinician"]}, None)
    assert policy.may_record_minutes({"id": "coord-1", "roles": ["coordinator"]}, None)


def test_minutes_are_read_by_the_panel_the_presenters_and_the_leads():
    assert policy.may_read_minutes(PANEL, {"p-2"}, set())
    assert policy.may_read_minutes(PRESENTER, set(), {"p-1"})
    assert policy.may_read_minutes(ADMIN, set(), set())
    assert not policy.may_read_minutes(STRANGER, {"p-2"}, {"p-1"})


def test_an_action_is_done_by_its_owner_the_chair_who_agreed_it_or_a_lead():
    assert policy.may_complete_action(PANEL, "p-2", "p-9")
    assert policy.may_complete_action({"id": "p-9", "roles": ["chair"]}, "p-2", "p-9")
    assert policy.may_complete_action(COORDINATOR, "p-2", "p-9")
    assert not policy.may_complete_action(STRANGER, "p-2", "p-9")
    assert policy.sees_everyones_actions(COORDINATOR)
    assert not policy.sees_everyones_actions(STRANGER)


def test_a_card_is_changed_by_its_owner_or_an_admin_not_a_coordinator():
    assert policy.may_edit_card(PANEL, "p-2")
    assert policy.may_edit_card(ADMIN, "p-2")
    assert not policy.may_edit_card(COORDINATOR, "p-2")
    assert not policy.may_edit_card(STRANGER, "p-2")


def test_an_outcome_is_recorded_by_presenter_or_chair_and_revised_by_its_author():
    assert policy.may_record_outcome(PRESENTER, "p-1", "p-9")
    assert policy.may_record_outcome({"id": "p-9", "roles": ["chair"]}, "p-1", "p-9")
    assert policy.may_record_outcome(COORDINATOR, "p-1", "p-9")
    assert not policy.may_record_outcome(PANEL, "p-1", "p-9")
    assert policy.may_read_outcome(PANEL, "p-1", "p-9", {"p-2"})
    assert not policy.may_read_outcome(STRANGER, "p-1", "p-9", {"p-2"})
    assert policy.may_read_outcome(ADMIN, "p-1", "p-9", set())
    assert policy.may_revise_outcome(PRESENTER, "p-1")
    assert not policy.may_revise_outcome(ADMIN, "p-1")


def test_days_away_are_the_clinicians_own_and_the_coordinators_to_plan_with():
    assert policy.may_manage_unavailability(PANEL, "p-2")
    assert policy.may_manage_unavailability(COORDINATOR, "p-2")
    assert not policy.may_manage_unavailability(STRANGER, "p-2")


def test_every_api_route_names_an_action_of_the_policy_and_states_its_roles_from_it():
    from gateway.openapi import document
    from gateway.routes import ROUTES

    assert len(ROUTES) > 60
    paths = document()["paths"]
    for route in ROUTES:
        assert route.action in policy.RULES, route.operation_id
        if "<path:" in route.path:
            continue
        operation = next(
            op
            for ops in paths.values()
            for op in ops.values()
            if op["operationId"] == route.operation_id
        )
        assert operation.get("x-roles") == (
            None if route.roles is None else list(policy.asking_roles(route.action))
        )
        assert bool(operation["security"]) is (route.roles is not None)


def test_every_action_a_page_template_asks_about_is_one_the_policy_knows():
    """A menu asking of an action the policy has no rule for would fail every page it is on."""
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "gateway" / "templates"
    asked = {
        action
        for template in templates.glob("*.html")
        for action in re.findall(r'may\("([^"]+)"\)', template.read_text())
    }
    assert asked, "the menus ask the policy what to offer"
    assert asked <= set(policy.RULES), asked - set(policy.RULES)
