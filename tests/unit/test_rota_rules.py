"""The rota's hard rules: the referee (`violations`) catches each, and the solver keeps each."""

from datetime import date, timedelta

import pytest

from services.scheduling.rota import (
    Clinician,
    History,
    Instance,
    Occurrence,
    Panel,
    solve,
    violations,
)
from services.scheduling.rota.rules import already_over

WEDNESDAY = date(2027, 1, 6)
SITES = ("Poole", "Swanage", "Wimborne", "Bridport", "Weymouth")


def clinician(id, band=5, service="core_physio", site="Poole", **flags) -> Clinician:
    return Clinician(id, band, service, site, can_chair=band >= 7, **flags)


# Two chairs, a trainee, seniors and juniors over five sites and three services.
PEOPLE = (
    clinician("chair-8", 8, "msk_esp", "Poole"),
    clinician("chair-7", 7, "orthopaedics", "Swanage"),
    clinician("trainee-6", 6, "core_physio", "Wimborne", co_chair_in_training=True),
    clinician("esp-6", 6, "msk_esp", "Bridport"),
    clinician("b5-a", 5, "core_physio", "Weymouth"),
    clinician("b5-b", 5, "core_physio", "Poole"),
    clinician("b4", 4, "orthopaedics", "Bridport"),
    clinician("b6", 6, "core_physio", "Swanage"),
)
MEETING = Occurrence("wed-1", WEDNESDAY, panel_min=4, panel_max=5)
GOOD = Panel("chair-8", "chair-7", ("b4", "b5-a", "esp-6"))


def instance(*occurrences, people=PEOPLE, **changes) -> Instance:
    return Instance(people, occurrences or (MEETING,), time_limit=5, **changes)


def test_a_sound_panel_breaks_no_rule():
    assert violations(instance(), {"wed-1": GOOD}) == []


@pytest.mark.parametrize(
    ("panel", "broken"),
    [
        (Panel("b5-a", "chair-7", ("b4", "chair-8", "esp-6")), "may not chair"),
        (Panel("b6", "chair-7", ("b4", "chair-8", "esp-6")), "may not chair"),
        (Panel("trainee-6", "chair-7", ("b4", "b5-a", "esp-6")), "no band 7-8 chair beside"),
        (Panel("chair-8", None, ("b4", "b5-a", "esp-6")), "no standby chair"),
        (Panel("chair-8", "esp-6", ("b4", "b5-a", "b6")), "may not chair alone"),
        (Panel("chair-8", "chair-7", ("b4", "b5-a", "chair-7")), "also sits on the panel"),
        (Panel("chair-8", "chair-7", ("b4", "esp-6")), "outside 4-5"),
        (Panel("chair-8", "chair-7", ("b4", "b5-a", "esp-6", "b6", "b5-b")), "outside 4-5"),
        (Panel("chair-8", "chair-7", ("b5-a", "b5-b", "b6")), "no ESP/FCP or band 7-8"),
    ],
)
def test_each_broken_panel_rule_is_named(panel, broken):
    found = violations(instance(), {"wed-1": panel})

    assert any(broken in problem for problem in found), found


def test_a_panel_from_one_service_or_two_sites_breaks_the_mixing_rules():
    people = (
        clinician("c8", 8, "core_physio", "Poole"),
        clinician("c7", 7, "core_physio", "Poole"),
        clinician("p5", 5, "core_physio", "Swanage"),
        clinician("p7", 7, "core_physio", "Swanage"),
    )
    found = violations(instance(people=people), {"wed-1": Panel("c8", "c7", ("p5", "p7"))})

    assert any("fewer than 2 services" in p for p in found)
    assert any("fewer than 3 sites" in p for p in found)


def test_nobody_sits_or_stands_by_on_a_day_they_are_unavailable():
    away = instance(unavailable=frozenset({("b4", WEDNESDAY), ("chair-7", WEDNESDAY)}))

    found = violations(away, {"wed-1": GOOD})

    assert sorted(p.split(": ")[1] for p in found) == [
        "b4 is unavailable that day",
        "chair-7 is unavailable that day",
    ]


def test_nobody_has_two_conferences_within_fourteen_days_standby_and_history_included():
    next_week = Occurrence("wed-2", WEDNESDAY + timedelta(weeks=1), 4, 5)
    twice = {"wed-1": GOOD, "wed-2": Panel("chair-7", "chair-8", ("b5-b", "b6", "trainee-6"))}
    found = violations(instance(MEETING, next_week), twice)
    assert {p.split(":")[0] for p in found if "within 14 days" in p} == {"chair-7", "chair-8"}

    sat_last_week = History(seats=(("b4", WEDNESDAY - timedelta(days=7)),))
    found = violations(instance(history=sat_last_week), {"wed-1": GOOD})
    assert found and found[0].startswith("b4: 2 conferences within 14 days")
    fortnight_ago = History(seats=(("b4", WEDNESDAY - timedelta(days=14)),))
    assert violations(instance(history=fortnight_ago), {"wed-1": GOOD}) == []


def test_a_missing_panel_is_a_violation():
    assert violations(instance(), {}) == [f"{WEDNESDAY} wed-1: no panel"]


def test_the_solver_keeps_every_rule_on_a_tight_instance():
    away = frozenset({("b4", WEDNESDAY), ("b5-a", WEDNESDAY)})
    solved = solve(instance(unavailable=away))

    assert solved.status == "optimal"
    assert violations(instance(unavailable=away), solved.panels) == []
    # esp-6 is the only senior left to sit beside the chair.
    assert "esp-6" in solved.panels["wed-1"].attendees


def test_a_co_chair_in_training_chairs_only_beside_a_band_7_8_chair():
    # Only one band 7-8 is free: they must be the standby or sit beside the trainee.
    people = (*PEOPLE, clinician("chair-7b", 7, "core_physio", "Weymouth"))
    away = frozenset({("chair-8", WEDNESDAY)})
    solved = solve(instance(people=people, unavailable=away))
    panel = solved.panels["wed-1"]

    assert violations(instance(people=people, unavailable=away), solved.panels) == []
    if panel.chair == "trainee-6":
        assert {"chair-7", "chair-7b"} & set(panel.attendees)


def test_an_expert_already_invited_holds_no_rota_seat_there_and_counts_toward_their_maximum():
    invited = Occurrence("wed-1", WEDNESDAY, 4, 5, invited=("esp-6",))
    next_week = Occurrence("wed-2", WEDNESDAY + timedelta(weeks=1), 4, 5)
    people = (
        *PEOPLE,
        clinician("esp-7", 7, "msk_esp", "Weymouth"),
        clinician("chair-8b", 8, "core_physio", "Wimborne"),
        clinician("b5-c", 5, "orthopaedics", "Weymouth"),
        clinician("b6-d", 6, "msk_esp", "Poole"),
    )
    planned = instance(invited, next_week, people=people)

    solved = solve(planned)

    assert violations(planned, solved.panels) == []
    seated = {p for panel in solved.panels.values() for p in (*panel.members, panel.standby)}
    assert "esp-6" not in seated


def test_when_no_rota_can_keep_the_rules_the_solver_says_so_and_gives_no_panels():
    alone = instance(unavailable=frozenset({("chair-7", WEDNESDAY), ("chair-8", WEDNESDAY)}))

    solved = solve(alone)

    assert solved.status == "infeasible" and solved.panels == {}


# More people, so a rota exists with one of them left out.
MORE_PEOPLE = (
    *PEOPLE,
    clinician("esp-7", 7, "msk_esp", "Weymouth"),
    clinician("chair-8b", 8, "core_physio", "Wimborne"),
    clinician("b5-c", 5, "orthopaedics", "Weymouth"),
    clinician("b6-d", 6, "msk_esp", "Poole"),
)


def test_an_expert_over_their_maximum_before_planning_is_not_the_rotas_doing():
    # Seen in e2e: esp-6 was invited as the expert to Wednesday's meeting, two weeks to the
    # day before their standby duty; the meeting then moved to Thursday, 13 days before it.
    thursday = WEDNESDAY + timedelta(days=1)
    moved = Occurrence("wed-1", thursday, 4, 5, invited=("esp-6",))
    standby_later = History(seats=(("esp-6", WEDNESDAY + timedelta(days=14)),))
    planned = instance(moved, people=MORE_PEOPLE, history=standby_later)

    solved = solve(planned)

    assert solved.panels, "a rota is still planned"
    assert violations(planned, solved.panels) == []
    assert [(p.id, first, count) for p, first, count in already_over(planned)] == [
        ("esp-6", thursday, 2)
    ]


def test_the_rota_plans_around_someone_already_over_and_may_not_add_to_it():
    near = History(
        seats=(("b5-a", WEDNESDAY - timedelta(days=2)), ("b5-a", WEDNESDAY + timedelta(days=2)))
    )
    planned = instance(people=MORE_PEOPLE, history=near)

    solved = solve(planned)

    assert solved.status in ("optimal", "feasible")
    assert "b5-a" not in {*solved.panels["wed-1"].members, solved.panels["wed-1"].standby}
    assert violations(planned, solved.panels) == []
    seated_anyway = {"wed-1": Panel("chair-8", "chair-7", ("b4", "b5-a", "esp-6"))}
    assert violations(planned, seated_anyway) == [
        f"b5-a: 3 conferences within 14 days from {WEDNESDAY - timedelta(days=2)} (at most 1)"
    ]
