"""What the optimised rota is for: fair, mixed, expert panels.

Runs that take the solver's full time limit (re-planning, bigger plans, random
teams) are in tests/integration/test_rota_solver_runs.py.
"""

import time
from datetime import timedelta

from services.scheduling.rota import (
    CaseExperts,
    History,
    Instance,
    Occurrence,
    greedy,
    solve,
    violations,
)
from services.scheduling.rota.repair import improve
from services.scheduling.rota.rules import loads
from services.scheduling.rota.search import evaluate
from services.scheduling.rota.start import first_rota
from tests.support.rota_teams import FIRST, team, weekly


def test_the_busiest_person_carries_no_more_than_the_even_share():
    planned = Instance(team(30), weekly(8), time_limit=1)

    solved = solve(planned)

    # 8 meetings x 6 seats = 48 seats over 30 people: nobody needs more than 2.
    assert solved.lower_bound == 2
    assert solved.max_load == 2
    assert max(loads(solved.panels).values()) == 2
    assert violations(planned, solved.panels) == []


def test_the_matched_expert_is_put_on_the_panel_of_their_case():
    expert = "c010"  # band 6, MSK ESP
    cases = (CaseExperts("Stiff painful shoulder", (expert, "c011")),)
    planned = Instance(team(30), (Occurrence("w0", FIRST, 5, 6, experts=cases),), time_limit=1)

    solved = solve(planned)

    assert expert in solved.panels["w0"].members
    assert (
        "expert matched to case: Stiff painful shoulder (best match)"
        in (solved.reasons["w0"][expert])
    )


def test_attendees_come_mostly_from_sites_other_than_the_presenters():
    meeting = Occurrence("w0", FIRST, 5, 6, presenter_sites=("Site 0",))
    solved = solve(Instance(team(44), (meeting,), time_limit=1))

    from_there = [
        p for p in solved.panels["w0"].members if p.startswith("c0") and int(p[1:]) % 11 == 0
    ]
    assert len(from_there) <= 1


def test_people_who_sat_together_recently_are_kept_apart():
    people = team(30)
    pairs = {
        frozenset((a.id, b.id)): FIRST - timedelta(weeks=2)
        for a in people
        for b in people
        if a.id < b.id and a.band == b.band
    }
    meeting = weekly(1, panel=(5, 5))
    solved = solve(Instance(people, meeting, history=History(sat_together=pairs), time_limit=1))

    bands = [c.band for c in people if c.id in solved.panels["w0"].members]
    assert len(bands) == len(set(bands))  # one of each band: no recent pair sits together


def test_every_seat_says_why_it_was_given():
    planned = Instance(team(30), weekly(2), history=History(past_loads={"c000": 3}), time_limit=1)

    solved = solve(planned)

    for occurrence_id, panel in solved.panels.items():
        why = solved.reasons[occurrence_id]
        assert set(why) == {*panel.members, panel.standby}
        for person in panel.members:
            assert any(
                r.startswith("fairness: ") and "conference in 14 weeks" in r for r in why[person]
            )
            assert any(r.startswith("mix: band ") for r in why[person])
        assert why[panel.chair][0].startswith(("chairs: band", "co-chair in training"))
        assert why[panel.standby][0].startswith("standby chair: band")


def test_repairing_a_rota_never_makes_it_worse_and_keeps_every_rule():
    cases = (CaseExperts("Hip pain", ("c004", "c013")),)
    planned = Instance(
        team(40),
        weekly(6, panel=(6, 8), experts=cases, presenter_sites=("Site 1",)),
        history=History(past_loads={"c000": 4, "c009": 2}),
        time_limit=1,
    )
    first = first_rota(planned)

    repaired = improve(planned, first, time.perf_counter() + 1)

    assert violations(planned, repaired) == []
    assert evaluate(planned, repaired) <= evaluate(planned, first)


def test_the_greedy_baseline_is_judged_by_the_same_referee():
    planned = Instance(team(30), weekly(4), time_limit=1)

    baseline = greedy(planned)

    assert set(baseline.panels) == {o.id for o in planned.occurrences}
    assert isinstance(violations(planned, baseline.panels), list)
