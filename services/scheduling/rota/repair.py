"""Large-neighbourhood repair: re-solve a few conferences at a time, the rest held fixed.

The rota's objective is mostly per conference (mix, experts, pairs); only
fairness and the 14-day maximum tie conferences together. So a rota improves
fastest by freeing a handful of conferences (neighbours in time, which share
the 14-day windows, or far apart, which trade seats for fairness), letting
CP-SAT re-solve them exactly against everything else, and keeping the answer
when it is better. Each part is scored with the whole plan's fair shares
(`Shares`), so a better part is a better whole.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import replace

from ortools.sat.python import cp_model

from services.scheduling.rota.instance import Instance, Panel
from services.scheduling.rota.model import RotaModel
from services.scheduling.rota.rules import violations
from services.scheduling.rota.shares import Shares

# Conferences freed at a time. With the LP below each part is still solved
# exactly in a fraction of a second, and four let seats move between more
# conferences than two: 0.5-1% closer to the best rota at 60 x 13 and 200 x 52.
NEIGHBOURS = 4


def improve(
    instance: Instance, panels: dict[str, Panel], deadline: float, seed: int = 0
) -> dict[str, Panel]:
    """The given rota (which must keep every hard rule) improved until `deadline`."""
    ordered = sorted(instance.occurrences, key=lambda o: (o.day, o.id))
    if len(ordered) <= 1 or any(o.id not in panels for o in ordered):
        return panels
    panels, shares, rng = dict(panels), Shares.of(instance), random.Random(seed)
    size = min(NEIGHBOURS, len(ordered))
    while time.perf_counter() < deadline - 0.05:
        if rng.random() < 0.5:
            first = rng.randrange(len(ordered) - size + 1)
            freed = ordered[first : first + size]
        else:
            freed = rng.sample(ordered, size)
        found = _resolve(instance, panels, freed, shares, deadline)
        if found is not None:
            panels.update(found)
    return panels


def mend(instance: Instance, panels: dict[str, Panel], deadline: float) -> dict[str, Panel]:
    """Re-solve only the conferences whose panels break a rule (someone fell ill), the rest held.

    When re-planning, the rota being re-planned is the best start: minimal
    disturbance is worth more than anything else the solver could find.
    """
    broken = [
        o
        for o in instance.occurrences
        if o.id not in panels
        or violations(replace(instance, occurrences=(o,)), {o.id: panels[o.id]})
    ]
    if not broken or len(broken) == len(instance.occurrences):
        return panels
    found = _resolve(instance, panels, broken, Shares.of(instance), deadline, better=False)
    return {**panels, **found} if found else panels


def _resolve(
    instance, panels, freed, shares: Shares, deadline, better=True
) -> dict[str, Panel] | None:
    freed_ids = {o.id for o in freed}
    held = [o for o in instance.occurrences if o.id not in freed_ids]
    seats, loads, chairs = list(instance.history.seats), Counter(), Counter()
    for o in held:
        panel = panels.get(o.id)
        if panel is None:
            continue
        seats += [(p, o.day) for p in (*panel.members, panel.standby, *o.invited) if p]
        loads.update(panel.members)
        chairs[panel.chair] += 1
    loads.update(instance.history.loads_so_far)
    part = replace(
        instance,
        occurrences=tuple(freed),
        history=replace(instance.history, seats=tuple(seats), loads_so_far=loads),
        current={k: v for k, v in instance.current.items() if k in freed_ids},
    )
    built = RotaModel(part, replace(shares, chairs_so_far=chairs))
    hinted = built.hint({o.id: panels[o.id] for o in freed if o.id in panels})
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, min(1.0, deadline - time.perf_counter()))
    solver.parameters.num_workers = 1
    # Every constraint in the LP: its bound on a part is nearly the optimum, so
    # CP-SAT proves a part optimal quickly instead of searching out its time.
    solver.parameters.linearization_level = 2
    # A part is small and already tight: presolving it took a third of the
    # time spent on each, for no better answer (measured at 60 x 13).
    solver.parameters.cp_model_presolve = False
    solver.parameters.random_seed = instance.seed
    if solver.Solve(built.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    if better and solver.ObjectiveValue() >= hinted:
        return None  # no better (or CP-SAT missed its start): keep what we have
    return {o.id: built.panel(o, solver) for o in freed}
