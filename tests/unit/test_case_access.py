"""Who may read a case: its presenter, the people at its conference, and the service's leads."""

from types import SimpleNamespace

from services.cases.access import may_read

PRESENTER = {"id": "pat", "roles": ["clinician"]}
COLLEAGUE = {"id": "col", "roles": ["clinician"]}
CHAIR_ELSEWHERE = {"id": "cha", "roles": ["clinician", "chair"]}
COORDINATOR = {"id": "cor", "roles": ["clinician", "coordinator"]}


def case(conference_id=None):
    return SimpleNamespace(presenter=SimpleNamespace(id="pat"), conference_id=conference_id)


def nobody_should_ask():
    raise AssertionError("the conference list was asked for when it was not needed")


def test_the_presenter_and_leads_read_without_asking_who_attends():
    assert may_read(case("conf-1"), PRESENTER, nobody_should_ask)
    assert may_read(case("conf-1"), COORDINATOR, nobody_should_ask)


def test_a_case_not_yet_on_an_agenda_is_for_its_presenter_and_leads_only():
    assert not may_read(case(None), COLLEAGUE, nobody_should_ask)


def test_people_at_the_cases_conference_read_it_and_others_do_not():
    assert may_read(case("conf-1"), COLLEAGUE, lambda: ["conf-0", "conf-1"])
    assert not may_read(case("conf-1"), COLLEAGUE, lambda: ["conf-0"])
    assert not may_read(case("conf-1"), CHAIR_ELSEWHERE, lambda: ["conf-2"])
