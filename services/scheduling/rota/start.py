"""A first rota built seat by seat with the solver's own weights: where CP-SAT starts.

The baseline `greedy` is deliberately simple; this one picks, for each seat,
whoever adds most to the objective the model will score (mix, matched
experts, fairness, fewer people from the presenters' sites, no recent pairs),
so CP-SAT starts near a good rota instead of spending its seconds getting
there. It keeps the hard rules where it can; CP-SAT repairs any it misses.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from services.scheduling.rota import model as w
from services.scheduling.rota.instance import Clinician, Instance, Occurrence, Panel
from services.scheduling.rota.rules import MIN_SERVICES, MIN_SITES, days_already_taken
from services.scheduling.rota.shares import Shares


def first_rota(instance: Instance) -> dict[str, Panel]:
    shares = Shares.of(instance)
    duties = days_already_taken(instance)
    load = Counter(instance.history.loads_so_far)
    ordered = sorted(instance.occurrences, key=lambda o: (o.day, o.id))
    experts = _reserve_experts(instance, ordered, duties, load, shares)
    chaired: Counter = Counter()
    panels: dict[str, Panel] = {}
    for occurrence in ordered:
        recent = _recent_pairs(instance, occurrence)
        reserved = experts[occurrence.id]
        free = [
            c
            for c in instance.clinicians
            if c not in reserved and _free(instance, c, occurrence, duties)
        ]
        chairs = sorted(
            (c for c in free if c.full_chair),
            key=lambda c: (
                chaired[c.id] >= shares.even_chair,
                load[c.id] >= shares.even,
                load[c.id] >= shares.fair_share,
                instance.history.past_loads.get(c.id, 0),
                c.id,
            ),
        )
        if len(chairs) < 2:
            continue
        chair = chairs[0]
        # The standby is whoever among the other chairs is least needed on panels.
        standby = max(chairs[1:], key=lambda c: (load[c.id], c.id))
        meeting = _Meeting(occurrence, load, instance.history.past_loads, shares, recent)
        members = _seat(meeting, [chair, *reserved], free, standby)
        panel = Panel(chair.id, standby.id, tuple(sorted(c.id for c in members[1:])))
        panels[occurrence.id] = panel
        for person in (*members[len(reserved) + 1 :], chair, standby):
            duties[person.id].append(occurrence.day)
        load.update(c.id for c in members if c not in reserved)
        chaired[chair.id] += 1
    return panels


def _reserve_experts(instance: Instance, ordered, duties, load, shares) -> dict[str, list]:
    """A seat for one matched expert per case, the best match free, booked before anyone else.

    Booked first because seating people meeting by meeting uses up the
    experts later cases need (their 14 days, their fair share).
    """
    people, reserved = instance.by_id(), defaultdict(list)
    for o in ordered:
        for case in o.experts:
            matched = [people[p] for p in case.clinician_ids[: len(w.EXPERT_RANK)] if p in people]
            if any(c in reserved[o.id] for c in matched):
                continue
            for c in matched:
                if load[c.id] < shares.even and _free(instance, c, o, duties):
                    reserved[o.id].append(c)
                    duties[c.id].append(o.day)
                    load[c.id] += 1
                    break
    return reserved


def _recent_pairs(instance: Instance, o: Occurrence) -> dict[str, set[str]]:
    partners: dict[str, set[str]] = defaultdict(set)
    for pair, last in instance.history.sat_together.items():
        if len(pair) == 2 and abs(o.day - last) <= w.PAIR_MEMORY:
            a, b = pair
            partners[a].add(b)
            partners[b].add(a)
    return partners


def _free(instance: Instance, c: Clinician, o: Occurrence, duties) -> bool:
    if not instance.available(c, o):
        return False
    span = timedelta(days=c.window_days)
    return sum(abs(d - o.day) < span for d in duties[c.id]) < c.max_conferences


@dataclass
class _Meeting:
    """What the cost of a seat on one conference depends on."""

    occurrence: Occurrence
    load: Counter
    past: dict
    shares: Shares
    recent: dict[str, set[str]]
    ranks: dict = field(default_factory=lambda: defaultdict(list))  # person -> (case, rank)


def _seat(meeting: _Meeting, chosen: list[Clinician], free, standby) -> list[Clinician]:
    """The chair and booked experts first, then whoever adds most, seat by seat."""
    o, chosen = meeting.occurrence, list(chosen)
    others = [c for c in free if c.id not in (chosen[0].id, standby.id)]
    for n, case in enumerate(o.experts):
        for r, person_id in enumerate(case.clinician_ids[: len(w.EXPERT_RANK)]):
            meeting.ranks[person_id].append((n, r))
    while len(chosen) < o.panel_max and others:
        best = min(others, key=lambda c: (_cost(meeting, c, chosen), c.id))
        needed = _still_needed(chosen)
        if len(chosen) >= o.panel_min - 1 and needed and not needed(best):
            fixing = [c for c in others if needed(c)]
            if fixing:
                best = min(fixing, key=lambda c: (_cost(meeting, c, chosen), c.id))
        chosen.append(best)
        others.remove(best)
    return chosen


def _still_needed(chosen: list[Clinician]):
    """A test for who would fix a hard rule the panel still breaks, if it breaks one."""
    if not any(c.senior for c in chosen[1:]):
        return lambda c: c.senior
    services = {c.service for c in chosen}
    if len(services) < MIN_SERVICES:
        return lambda c: c.service not in services
    sites = {c.site for c in chosen}
    if len(sites) < MIN_SITES:
        return lambda c: c.site not in sites
    return None


def _cost(meeting: _Meeting, c: Clinician, chosen: list[Clinician]) -> int:
    """What seating `c` adds to the model's objective, given who is already chosen."""
    o, load, shares = meeting.occurrence, meeting.load, meeting.shares
    cost = -w.BAND_MIX * all(p.band != c.band for p in chosen)
    cost -= w.SERVICE_MIX * all(p.service != c.service for p in chosen)
    cost -= w.SITE_MIX * all(p.site != c.site for p in chosen)
    if c.site in o.presenter_sites and any(p.site in o.presenter_sites for p in chosen):
        cost += w.SAME_SITE_AS_PRESENTER
    on_panel = {p.id for p in chosen}
    for n, r in meeting.ranks.get(c.id, ()):
        cost -= w.EXPERT_RANK[r]
        if not on_panel & set(o.experts[n].clinician_ids[: len(w.EXPERT_RANK)]):
            cost -= w.EXPERT_ON_PANEL
    cost += w.SAT_TOGETHER * len(meeting.recent.get(c.id, set()) & on_panel)
    cost += w.PAST_LOAD * meeting.past.get(c.id, 0)
    if load[c.id] < shares.fair_share:
        cost -= w.BELOW_FAIR_SHARE
    elif load[c.id] >= shares.even:
        cost += w.BUSIEST_LOAD
    return cost
