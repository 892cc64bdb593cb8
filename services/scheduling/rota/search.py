"""Solving the rota with CP-SAT, whole or in windows of weeks, within a time limit.

CPU-bound: callers on the eventlet hub run `solve` in `eventlet.tpool` (CP-SAT
releases the GIL while it searches, so the hub keeps serving).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace
from datetime import date

from ortools.sat.python import cp_model

from services.scheduling.rota.greedy import greedy
from services.scheduling.rota.instance import History, Instance, Panel, Rota
from services.scheduling.rota.model import PAIR_MEMORY, RotaModel
from services.scheduling.rota.reasons import explain
from services.scheduling.rota.rules import changes, eligible, loads, lower_bound, violations

STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.MODEL_INVALID: "invalid",
    cp_model.UNKNOWN: "unknown",
}


def solve(instance: Instance) -> Rota:
    """The best rota CP-SAT finds within the instance's time limit."""
    started = time.perf_counter()
    if not instance.occurrences:
        return _rota(instance, {}, "optimal", 0.0, 0.0, started)
    built = RotaModel(instance)
    # Start from the rota being re-planned, and elsewhere from the greedy one:
    # CP-SAT's own first answers on big plans are poor.
    start = {**greedy(instance).panels, **instance.current}
    built.hint(start)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = instance.time_limit
    solver.parameters.num_workers = instance.workers
    solver.parameters.random_seed = instance.seed
    status = STATUS.get(solver.Solve(built.model), "unknown")
    if status == "unknown" and not violations(instance, start):
        # Out of time before CP-SAT had even taken up its start (a busy machine):
        # that start keeps every rule, so it is a rota, just not an improved one.
        return _rota(instance, start, "feasible", None, None, started)
    if status not in ("optimal", "feasible"):
        return _rota(instance, {}, status, None, None, started)
    panels = {}
    for occurrence in instance.occurrences:
        roles = {c.id: built.chosen(c, occurrence, solver) for c in instance.clinicians}
        chair = next(p for p, role in roles.items() if role == "chair")
        standby = next((p for p, role in roles.items() if role == "standby"), None)
        attendees = tuple(sorted(p for p, role in roles.items() if role == "attendee"))
        panels[occurrence.id] = Panel(chair, standby, attendees)
    return _rota(
        instance, panels, status, solver.ObjectiveValue(), solver.BestObjectiveBound(), started
    )


def _rota(instance, panels, status, objective, bound, started, windows=1) -> Rota:
    counted = loads(panels, instance.history.loads_so_far)
    return Rota(
        panels=panels,
        reasons=explain(instance, panels),
        status=status,
        objective=objective,
        bound=bound,
        max_load=max(counted.values(), default=0),
        lower_bound=lower_bound(sum(counted.values()), len(eligible(instance))),
        seconds=round(time.perf_counter() - started, 3),
        changes=changes(instance.current, panels),
        windows=windows,
    )


WHOLE_UP_TO = 13  # conferences (a quarter of weekly ones) solved as one model
PER_WINDOW = 6  # conferences per window beyond that (bench/rota.py compares)


def plan(instance: Instance) -> Rota:
    """The rota as the service makes it: one model for a quarter, windows for more.

    Measured on seeded instances (bench/rota.py): one model is best up to about
    a quarter of weekly meetings; for a year of them CP-SAT improves little on
    its starting point within seconds, while windows of six find better panels.
    """
    if len(instance.occurrences) <= WHOLE_UP_TO:
        return solve(instance)
    return solve_in_windows(instance, PER_WINDOW)


def solve_in_windows(instance: Instance, per_window: int) -> Rota:
    """Solve `per_window` conferences at a time, each window seeing the ones before as history.

    For plans too big to solve whole in the time limit: each window's answer is
    fixed before the next is solved, so the whole is not proven optimal, but
    every hard rule still holds across windows (earlier seats count toward
    each maximum) and fairness carries over through the loads so far. The
    time limit is shared out between the windows.
    """
    started = time.perf_counter()
    ordered = sorted(instance.occurrences, key=lambda o: (o.day, o.id))
    chunks = [ordered[i : i + per_window] for i in range(0, len(ordered), per_window)]
    if len(chunks) <= 1:
        return solve(instance)
    history, panels, objective, bound, statuses = instance.history, {}, 0.0, 0.0, set()
    for n, chunk in enumerate(chunks):
        later = [o for c in chunks[n + 1 :] for o in c]
        window = replace(
            instance,
            occurrences=tuple(chunk),
            history=_with_later_invitations(history, later),
            time_limit=instance.time_limit / len(chunks),
        )
        part = solve(window)
        statuses.add(part.status)
        if part.status not in ("optimal", "feasible"):
            return _rota(instance, panels, part.status, None, None, started, len(chunks))
        panels.update(part.panels)
        objective += part.objective or 0.0
        bound += part.bound or 0.0
        history = _after(history, chunk, part.panels)
    status = "optimal" if statuses == {"optimal"} else "feasible"
    return _rota(instance, panels, status, objective, bound, started, len(chunks))


def _with_later_invitations(history: History, later) -> History:
    """Experts invited to later conferences are busy on those days already."""
    promised = tuple((p, o.day) for o in later for p in o.invited)
    return replace(history, seats=history.seats + promised) if promised else history


def _after(history: History, chunk, panels: dict[str, Panel]) -> History:
    """The history the next window sees: this window's seats, pairs and loads added."""
    seats = list(history.seats)
    together: dict[frozenset[str], date] = dict(history.sat_together)
    so_far = Counter(history.loads_so_far)
    for occurrence in chunk:
        panel = panels[occurrence.id]
        seats += [(p, occurrence.day) for p in (*panel.members, panel.standby) if p]
        members = sorted(panel.members)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                together[frozenset((a, b))] = occurrence.day
        so_far.update(panel.members)
    # Pairs older than the memory no longer matter; dropping them keeps models small.
    newest = max(o.day for o in chunk)
    together = {pair: day for pair, day in together.items() if newest - day <= PAIR_MEMORY}
    return replace(history, seats=tuple(seats), sat_together=together, loads_so_far=so_far)


def evaluate(instance: Instance, panels: dict[str, Panel]) -> float | None:
    """The solver's objective for a given rota (e.g. the greedy one); None if it breaks a rule."""
    built = RotaModel(instance)
    built.fix(panels)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = instance.time_limit
    solver.parameters.num_workers = instance.workers
    if solver.Solve(built.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return solver.ObjectiveValue()
