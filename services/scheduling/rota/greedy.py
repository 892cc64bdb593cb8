"""A simple greedy rota, the baseline the benchmark measures the solver against.

Meeting by meeting, in date order: the least-loaded free chair, the next as
standby, then attendees least-loaded first, preferring a site, service and
band the panel lacks. It never looks ahead, so it can paint itself into a
corner (no senior left, too few sites) that `violations` then reports.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

from services.scheduling.rota.instance import Clinician, Instance, Occurrence, Panel, Rota
from services.scheduling.rota.reasons import explain
from services.scheduling.rota.rules import changes, days_already_taken, eligible, lower_bound


def greedy(instance: Instance) -> Rota:
    started = time.perf_counter()
    duties = days_already_taken(instance)
    load = Counter(instance.history.loads_so_far)
    panels: dict[str, Panel] = {}
    for occurrence in sorted(instance.occurrences, key=lambda o: (o.day, o.id)):
        free = [c for c in instance.clinicians if _free(instance, c, occurrence, duties)]
        panel = _panel(free, occurrence, load, instance.history.past_loads)
        if panel is None:
            continue
        panels[occurrence.id] = panel
        for person_id in (*panel.members, panel.standby):
            if person_id:
                duties[person_id].append(occurrence.day)
        load.update(panel.members)
    return Rota(
        panels=panels,
        reasons=explain(instance, panels),
        status="greedy",
        objective=None,
        bound=None,
        max_load=max(load.values(), default=0),
        lower_bound=lower_bound(sum(load.values()), len(eligible(instance))),
        seconds=round(time.perf_counter() - started, 3),
        changes=changes(instance.current, panels),
    )


def _free(instance: Instance, c: Clinician, o: Occurrence, duties) -> bool:
    if not instance.available(c, o):
        return False
    span = timedelta(days=c.window_days)
    near = [d for d in duties[c.id] if abs(d - o.day) < span]
    return len(near) < c.max_conferences


def _panel(free: list[Clinician], o: Occurrence, load: Counter, past) -> Panel | None:
    def rest(c: Clinician):
        return (load[c.id], past.get(c.id, 0), c.id)

    chairs = sorted((c for c in free if c.full_chair), key=rest)
    if len(chairs) < 2:
        return None
    chair, standby = chairs[0], chairs[1]
    chosen = [chair]
    others = [c for c in free if c.id not in (chair.id, standby.id)]
    while len(chosen) < o.panel_max and others:
        sites = Counter(c.site for c in chosen)
        services = Counter(c.service for c in chosen)
        bands = Counter(c.band for c in chosen)
        best = min(
            others,
            key=lambda c: (load[c.id], sites[c.site], services[c.service], bands[c.band], c.id),
        )
        chosen.append(best)
        others.remove(best)
    return Panel(chair.id, standby.id, tuple(sorted(c.id for c in chosen[1:])))
