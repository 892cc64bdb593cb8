"""A presenter may take a case back until it has been discussed."""

from datetime import UTC, datetime

import pytest

from contracts import events
from contracts.errors import Conflict, Forbidden
from contracts.events import spec_for
from services.cases.domain import WITHDRAWN, Case, Person

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
PRESENTER = Person("p-1", "Priya Shah", "priya.shah@demo.nhs.uk")
PRESENTER_ACTOR = {"id": "p-1", "roles": ["clinician"]}
DETAILS = {
    "kind": "patient_case",
    "title": "Ankle instability after repeated sprains",
    "summary": "Thirties, netball, third inversion injury this season.",
    "question": "Brace or surgical opinion?",
    "body_region": "ankle_foot",
    "urgency": "routine",
    "intended_plan": "refer_orthopaedics",
}


def scheduled() -> Case:
    case = Case.submit(DETAILS, PRESENTER, now=NOW)
    case.schedule("conf-1")
    case.events.clear()
    return case


def test_a_scheduled_case_withdrawn_by_its_presenter_announces_it_with_its_conference():
    case = scheduled()
    case.withdraw(PRESENTER_ACTOR, now=NOW)
    assert case.status == WITHDRAWN
    [(event_type, data)] = case.events
    assert event_type == events.CASE_WITHDRAWN
    assert data["conference_id"] == "conf-1" and data["withdrawn_by"] == "p-1"
    assert spec_for(event_type).validate(data) == {}


def test_a_coordinator_may_withdraw_a_case_for_its_presenter():
    case = scheduled()
    case.withdraw({"id": "co-1", "roles": ["clinician", "coordinator"]}, now=NOW)
    assert case.status == WITHDRAWN


def test_another_clinician_may_not_withdraw_someone_elses_case():
    case = scheduled()
    with pytest.raises(Forbidden):
        case.withdraw({"id": "other", "roles": ["clinician", "chair"]}, now=NOW)
    assert case.status == "scheduled" and case.events == []


def test_a_discussed_case_can_no_longer_be_withdrawn():
    case = scheduled()
    case.discuss("conf-1", {"id": "ch", "name": "Sam Senior", "email": "s@demo.nhs.uk"}, NOW)
    with pytest.raises(Conflict) as refused:
        case.withdraw(PRESENTER_ACTOR, now=NOW)
    assert refused.value.code == "INVALID_CASE_TRANSITION"


def test_a_withdrawn_case_cannot_be_scheduled_again():
    case = scheduled()
    case.withdraw(PRESENTER_ACTOR, now=NOW)
    with pytest.raises(Conflict):
        case.schedule("conf-2")
