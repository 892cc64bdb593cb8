"""The rota solver's longer runs: each takes its full time limit (seconds), so not a unit test.

Re-planning after a drop-out, a plan big enough to be repaired a few
conferences at a time, and random teams and meetings judged by the referee.
"""

from dataclasses import replace
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.scheduling.rota import (
    CaseExperts,
    Clinician,
    History,
    Instance,
    Occurrence,
    plan,
    solve,
    violations,
)
from tests.support.rota_teams import BANDS, FIRST, SERVICES, SITES, team, weekly


def test_one_person_falling_ill_changes_only_their_seat_when_re_planning():
    planned = Instance(team(40), weekly(6), time_limit=2)
    first = solve(planned)
    ill = first.panels["w3"].attendees[0]

    again = solve(
        replace(
            planned,
            unavailable=frozenset({(ill, FIRST + timedelta(weeks=3))}),
            current=first.panels,
        )
    )

    assert (
        violations(
            replace(planned, unavailable=frozenset({(ill, FIRST + timedelta(weeks=3))})),
            again.panels,
        )
        == []
    )
    assert ill not in again.panels["w3"].members
    assert again.changes <= 2  # their seat, and at most one knock-on swap
    assert any(
        "kept from the previous rota" in r for r in again.reasons["w0"][again.panels["w0"].chair]
    )


def test_a_big_plan_repaired_a_few_conferences_at_a_time_keeps_every_rule_across_them():
    planned = Instance(team(60), weekly(10, panel=(6, 8)), time_limit=2)

    solved = plan(planned)

    assert set(solved.panels) == {o.id for o in planned.occurrences}
    assert violations(planned, solved.panels) == []
    assert solved.max_load == solved.lower_bound


@st.composite
def instances(draw) -> Instance:
    size = draw(st.integers(16, 40))
    people = tuple(
        Clinician(
            f"p{n}",
            band := draw(st.sampled_from(BANDS)),
            draw(st.sampled_from(SERVICES)),
            draw(st.sampled_from(SITES[:6])),
            can_chair=band >= 7 and draw(st.booleans() | st.just(True)),
            co_chair_in_training=band == 6 and draw(st.booleans()),
            max_conferences=draw(st.sampled_from((1, 1, 2))),
        )
        for n in range(size)
    )
    meetings = draw(st.integers(1, 4))
    gaps = draw(st.lists(st.sampled_from((0, 7, 14)), min_size=meetings, max_size=meetings))
    days = [FIRST + timedelta(days=sum(gaps[: n + 1])) for n in range(meetings)]
    low = draw(st.integers(3, 6))
    occurrences = tuple(
        Occurrence(
            f"m{n}",
            day,
            low,
            low + draw(st.integers(0, 3)),
            presenter_sites=(draw(st.sampled_from(SITES[:6])),),
            experts=(
                CaseExperts("a case", tuple(draw(st.permutations([p.id for p in people]))[:3])),
            ),
        )
        for n, day in enumerate(days)
    )
    away = draw(
        st.sets(
            st.tuples(st.sampled_from([p.id for p in people]), st.sampled_from(days)),
            max_size=size // 3,
        )
    )
    # History that itself keeps the rules: one earlier duty per person at most.
    ids = st.sampled_from([p.id for p in people])
    seats = draw(st.dictionaries(ids, st.sampled_from(days), max_size=4))
    return Instance(
        people, occurrences, frozenset(away), History(seats=tuple(seats.items())), time_limit=2
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_whatever_the_team_and_the_meetings_the_solvers_rota_breaks_no_hard_rule(planned):
    solved = solve(planned)

    if solved.status in ("optimal", "feasible"):
        assert violations(planned, solved.panels) == []
        assert set(solved.panels) == {o.id for o in planned.occurrences}
    else:
        assert solved.panels == {}
