"""Solving the rota within a time limit: CP-SAT on the whole plan, or a first rota repaired.

CPU-bound: callers on the eventlet hub run `solve` in a real thread
(`mskpeer.platform.threads`); CP-SAT releases the GIL while it searches, so the
hub keeps serving.
"""

from __future__ import annotations

import time
from dataclasses import replace

from ortools.sat.python import cp_model

from services.scheduling.rota.instance import Instance, Panel, Rota
from services.scheduling.rota.model import RotaModel
from services.scheduling.rota.reasons import explain
from services.scheduling.rota.repair import NEIGHBOURS, improve, mend
from services.scheduling.rota.rules import changes, eligible, loads, lower_bound, violations
from services.scheduling.rota.start import first_rota

STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.MODEL_INVALID: "invalid",
    cp_model.UNKNOWN: "unknown",
}


# With few workers CP-SAT runs one full search: the one with every cut (max_lp)
# first. At 60 x 13 its bound is within 0.1% of the optimum after a second,
# where the default search's is still 8-10% below after the time limit.
FULL_SEARCHES = ("max_lp", "default_lp", "reduced_costs", "quick_restart", "pseudo_costs", "no_lp")


def solve(instance: Instance, start: dict[str, Panel] | None = None) -> Rota:
    """The best rota CP-SAT finds within the instance's time limit (building the model included)."""
    started = time.perf_counter()
    if not instance.occurrences:
        return _rota(instance, {}, "optimal", 0.0, 0.0, started)
    # Start from the rota being re-planned, and elsewhere from a rota built seat
    # by seat with the model's weights: CP-SAT's own first answers on big plans are poor.
    start = start or mend(
        instance, {**first_rota(instance), **instance.current}, started + instance.time_limit / 4
    )
    built = RotaModel(instance)
    built.hint(start)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(
        0.1, instance.time_limit - (time.perf_counter() - started)
    )
    solver.parameters.num_workers = instance.workers
    # The LP with every constraint in it: a tighter bound, and its worker found
    # the best rotas in the benchmark.
    solver.parameters.linearization_level = 2
    solver.parameters.subsolvers.extend(FULL_SEARCHES)
    solver.parameters.random_seed = instance.seed
    status = STATUS.get(solver.Solve(built.model), "unknown")
    if status == "unknown" and not violations(instance, start):
        # Out of time before CP-SAT had even taken up its start (a busy machine):
        # that start keeps every rule, so it is a rota, just not an improved one.
        return _rota(instance, start, "feasible", None, None, started)
    if status not in ("optimal", "feasible"):
        return _rota(instance, {}, status, None, None, started)
    panels = {o.id: built.panel(o, solver) for o in instance.occurrences}
    return _rota(
        instance, panels, status, solver.ObjectiveValue(), solver.BestObjectiveBound(), started
    )


def _rota(instance, panels, status, objective, bound, started) -> Rota:
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
    )


REPAIR_SHARE = 0.7  # of the time limit spent repairing before CP-SAT sees the whole plan
WHOLE_UP_TO = 13  # conferences (a quarter of weekly ones) CP-SAT is then given whole


def plan(instance: Instance) -> Rota:
    """The rota as the service makes it: a first rota, repaired, then polished whole.

    Measured on seeded instances (bench/rota.py): CP-SAT given a whole year
    spends its seconds building and presolving before it improves anything,
    while re-solving four conferences at a time against the rest (`improve`)
    gains quickly. So the first rota is repaired that way; up to a quarter of
    weekly meetings, CP-SAT then gets the whole plan for the rest of the time,
    which may polish it and says how far from the best it can be (its bound).
    """
    started = time.perf_counter()
    deadline = started + instance.time_limit
    start = mend(
        instance, {**first_rota(instance), **instance.current}, started + instance.time_limit / 4
    )
    if len(instance.occurrences) <= NEIGHBOURS or violations(instance, start):
        # Small enough to solve whole, or rules the first rota broke for CP-SAT to repair.
        whole = solve(_until(instance, deadline), start)
        return replace(whole, seconds=round(time.perf_counter() - started, 3))
    small = len(instance.occurrences) <= WHOLE_UP_TO
    until = started + instance.time_limit * REPAIR_SHARE if small else deadline
    repaired = improve(instance, start, until, instance.seed)
    if not small:
        return _rota(instance, repaired, "feasible", None, None, started)
    whole = solve(_until(instance, deadline), repaired)
    return replace(whole, seconds=round(time.perf_counter() - started, 3))


def _until(instance: Instance, deadline: float) -> Instance:
    """The instance with what is left of its time limit."""
    return replace(instance, time_limit=max(0.1, deadline - time.perf_counter()))


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
