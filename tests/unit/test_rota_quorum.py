"""The check before a meeting: the absent are taken off and the standby steps in."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from services.scheduling.rota import Clinician, Instance, Occurrence, Panel, secure_quorum
from services.scheduling.rota.rules import seat_problems

WEDNESDAY = date(2027, 1, 6)


def clinician(id, band=5, service="core_physio", site="Poole", **flags) -> Clinician:
    return Clinician(id, band, service, site, can_chair=band >= 7, **flags)


PEOPLE = (
    clinician("chair-8", 8, "msk_esp", "Poole"),
    clinician("chair-7", 7, "orthopaedics", "Swanage"),
    clinician("chair-7b", 7, "core_physio", "Wimborne"),
    clinician("trainee-6", 6, "core_physio", "Wimborne", co_chair_in_training=True),
    clinician("esp-6", 6, "msk_esp", "Bridport"),
    clinician("b5-a", 5, "core_physio", "Weymouth"),
    clinician("b5-b", 5, "core_physio", "Poole"),
    clinician("b4", 4, "orthopaedics", "Bridport"),
)
MEETING = Occurrence("wed-1", WEDNESDAY, panel_min=4, panel_max=5)
PANEL = Panel("chair-8", "chair-7", ("b4", "b5-a", "esp-6"))


def check(panel=PANEL, away=(), people=PEOPLE):
    instance = Instance(people, (MEETING,), frozenset((p, WEDNESDAY) for p in away))
    return secure_quorum(instance, MEETING, panel)


def test_a_sound_panel_is_left_alone():
    called = check()
    assert called.panel == PANEL
    assert not called.changed
    assert called.problems == ()


def test_an_absent_attendee_above_the_minimum_is_only_taken_off():
    panel = Panel("chair-8", "chair-7", ("b4", "b5-a", "b5-b", "esp-6"))
    called = check(panel, away=["b5-b"])
    assert called.absent == ("b5-b",)
    assert called.panel == PANEL
    assert called.called_up is None, "the standby stays in reserve while the panel is sound"
    assert called.problems == ()


def test_the_standby_takes_the_chair_of_a_chair_who_cannot_come():
    called = check(away=["chair-8"])
    assert called.panel.chair == "chair-7"
    assert called.called_up == "chair-7"
    assert called.panel.standby is None
    assert called.absent == ("chair-8",)


def test_the_standby_sits_when_the_panel_falls_below_its_minimum():
    called = check(away=["b5-a"])
    assert called.called_up == "chair-7"
    assert called.panel == Panel("chair-8", None, ("b4", "chair-7", "esp-6"))
    assert called.problems == ()


def test_what_the_standby_cannot_fix_is_left_for_the_coordinator():
    called = check(away=["b5-a", "b4"])
    assert called.called_up == "chair-7"
    assert any("outside 4-5" in problem for problem in called.problems)


def test_without_a_standby_an_attendee_who_may_chair_steps_up():
    panel = Panel("chair-8", None, ("b4", "b5-a", "chair-7b", "esp-6"))
    called = check(panel, away=["chair-8"])
    assert called.stepped_up == "chair-7b"
    assert called.panel.chair == "chair-7b"


def test_with_nobody_who_may_chair_the_panel_has_no_chair_and_says_so():
    called = check(Panel("chair-8", None, ("b4", "b5-a", "esp-6")), away=["chair-8"])
    assert called.panel.chair is None
    assert "nobody left who may chair" in called.problems


def test_someone_gone_from_the_directory_is_absent_too():
    people = tuple(p for p in PEOPLE if p.id != "b4")
    called = check(people=people)
    assert called.absent == ("b4",)
    assert called.called_up == "chair-7"


@settings(max_examples=200, deadline=None)
@given(away=st.sets(st.sampled_from([p.id for p in PEOPLE])))
def test_nobody_absent_ever_keeps_a_seat_and_the_problems_are_the_rules_verdict(away):
    instance = Instance(PEOPLE, (MEETING,), frozenset((p, WEDNESDAY) for p in away))
    called = secure_quorum(instance, MEETING, PANEL)
    seated = {*called.panel.members, called.panel.standby} - {None}
    assert not seated & away
    assert set(called.absent) == away & {*PANEL.members, PANEL.standby}
    assert list(called.problems) == seat_problems(instance, MEETING, called.panel)
