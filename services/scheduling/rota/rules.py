"""The hard rules of the rota, checked on an answer independently of the solver.

`violations` is the referee: the solver's answers, the greedy baseline's and
anything stored are judged by it, so a modelling slip in the solver shows up
as a broken rule instead of passing silently.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from services.scheduling.rota.instance import Clinician, Instance, Occurrence, Panel

MIN_SERVICES = 2  # a panel hears more than one service's view
MIN_SITES = 3  # and is not just the colleagues down the corridor


def violations(instance: Instance, panels: Mapping[str, Panel]) -> list[str]:
    """Every hard rule the panels break, in words; empty when the rota is sound."""
    people = instance.by_id()
    found: list[str] = []
    for occurrence in instance.occurrences:
        panel = panels.get(occurrence.id)
        where = f"{occurrence.day} {occurrence.id}"
        if panel is None:
            found.append(f"{where}: no panel")
            continue
        found += [f"{where}: {problem}" for problem in _panel_problems(instance, occurrence, panel)]
    found += _overloaded(instance, panels, people)
    return found


def _panel_problems(instance: Instance, occurrence: Occurrence, panel: Panel) -> list[str]:
    people = instance.by_id()
    if panel.standby is not None and panel.standby not in people:
        return [f"unknown clinician(s) {panel.standby}"]
    return seat_problems(instance, occurrence, panel) + _standby_problems(
        instance, occurrence, panel, people
    )


def seat_problems(instance: Instance, occurrence: Occurrence, panel: Panel) -> list[str]:
    """The rules on who sits (chair and attendees), leaving the standby aside.

    These make the quorum: a meeting whose standby has been called up can go
    ahead; one that breaks these should not go ahead as it is.
    """
    people = instance.by_id()
    unknown = [p for p in panel.members if p is not None and p not in people]
    if unknown:
        return [f"unknown clinician(s) {', '.join(map(str, unknown))}"]
    problems = []
    members = [people[p] for p in panel.members if p is not None]
    if len(set(panel.members)) != len(panel.members):
        problems.append("someone holds two seats on the panel")
    chair = people.get(panel.chair)
    if chair is None:
        problems.append("nobody left who may chair")
    elif not chair.may_chair:
        problems.append(f"chair {chair.id} (band {chair.band}) may not chair")
    elif not chair.full_chair and not any(p.full_chair for p in members[1:]):
        problems.append(f"co-chair in training {chair.id} has no band 7-8 chair beside them")
    for person_id in panel.members:
        if (person_id, occurrence.day) in instance.unavailable:
            problems.append(f"{person_id} is unavailable that day")
        if person_id in occurrence.invited:
            problems.append(f"{person_id} is already invited as an expert")
    if not occurrence.panel_min <= len(members) <= occurrence.panel_max:
        problems.append(
            f"panel of {len(members)} outside {occurrence.panel_min}-{occurrence.panel_max}"
        )
    if len({p.service for p in members}) < MIN_SERVICES:
        problems.append(f"fewer than {MIN_SERVICES} services")
    if len({p.site for p in members}) < MIN_SITES:
        problems.append(f"fewer than {MIN_SITES} sites")
    if not any(p.senior for p in members[1:]):
        problems.append("no ESP/FCP or band 7-8 besides the chair")
    return problems


def _standby_problems(instance, occurrence, panel: Panel, people) -> list[str]:
    if panel.standby is None:
        return ["no standby chair"]
    problems = []
    standby = people[panel.standby]
    if not standby.full_chair:
        problems.append(f"standby {standby.id} (band {standby.band}) may not chair alone")
    if standby.id in panel.members:
        problems.append(f"standby {standby.id} also sits on the panel")
    if (standby.id, occurrence.day) in instance.unavailable:
        problems.append(f"{standby.id} is unavailable that day")
    if standby.id in occurrence.invited:
        problems.append(f"{standby.id} is already invited as an expert")
    return problems


@dataclass(frozen=True, order=True)
class Duty:
    """A day someone is committed to: given by this plan, or fixed before it."""

    day: date
    planned: bool


def commitments(instance: Instance, panels: Mapping[str, Panel]) -> dict[str, list[Duty]]:
    """Every day each person sits, stands by or is invited, inside and around the plan.

    Each day says whether the plan gave it (a seat or standby on a planned
    panel) or it was fixed before planning (history, an invited expert).
    """
    days: dict[str, list[Duty]] = defaultdict(list)
    for person_id, day in instance.history.seats:
        days[person_id].append(Duty(day, planned=False))
    for occurrence in instance.occurrences:
        for person_id in occurrence.invited:
            days[person_id].append(Duty(occurrence.day, planned=False))
        panel = panels.get(occurrence.id)
        if panel is not None:
            for person_id in {*panel.members, panel.standby} - {None}:
                days[person_id].append(Duty(occurrence.day, planned=True))
    return days


def _overloaded(instance: Instance, panels, people: dict[str, Clinician]) -> list[str]:
    """Over someone's maximum because of a duty the plan gave them."""
    found = []
    for person_id, duties in commitments(instance, panels).items():
        person = people.get(person_id)
        if person is None:
            continue
        # A window already full before planning is the plan's fault only if it adds to it.
        crowded = _crowded(person, duties, lambda within: any(d.planned for d in within))
        if crowded:
            first, count = crowded
            found.append(
                f"{person_id}: {count} conferences within {person.window_days} days "
                f"from {first} (at most {person.max_conferences})"
            )
    return found


def already_over(instance: Instance) -> list[tuple[Clinician, date, int]]:
    """People over their maximum before any planning: duties sat or invited outside the plan.

    Nothing the rota does can undo them (a meeting moved, an expert invited for
    a case): the plan gives these people no more duties in those days, and the
    coordinator is told. Each as (person, first day, conferences from it).
    """
    fixed, found = commitments(instance, {}), []
    for person in instance.clinicians:
        crowded = _crowded(person, fixed.get(person.id, []), lambda within: True)
        if crowded:
            found.append((person, *crowded))
    return found


def _crowded(person: Clinician, duties: list[Duty], counts) -> tuple[date, int] | None:
    """The first window of the person's days over their maximum for which `counts` holds."""
    duties = sorted(duties)
    span = timedelta(days=person.window_days)
    for i, first in enumerate(duties):
        within = [d for d in duties[i:] if d.day - first.day < span]
        if len(within) > person.max_conferences and counts(within):
            return first.day, len(within)
    return None


def loads(panels: Mapping[str, Panel], so_far: Mapping[str, int] | None = None) -> Counter:
    """Panel seats per person (chair and attendee; standing by is not a seat)."""
    counted = Counter(so_far or {})
    for panel in panels.values():
        counted.update(panel.members)
    return counted


def days_already_taken(instance: Instance) -> dict[str, list[date]]:
    """Each person's days already spoken for: seats before the window, and meetings in it
    they are invited to (a matched expert), for the 14-day rule while a rota is built."""
    duties: dict[str, list[date]] = defaultdict(list)
    for person_id, day in instance.history.seats:
        duties[person_id].append(day)
    for occurrence in instance.occurrences:
        for person_id in occurrence.invited:
            duties[person_id].append(occurrence.day)
    return duties


def eligible(instance: Instance) -> list[Clinician]:
    """People free for at least one of the meetings: who could share the seats."""
    return [
        c
        for c in instance.clinicians
        if any(instance.available(c, o) for o in instance.occurrences)
    ]


def lower_bound(seats: int, people: int) -> int:
    """The fewest conferences the busiest person can carry: the seats shared out evenly."""
    return math.ceil(seats / people) if people else 0


def changes(before: Mapping[str, Panel], after: Mapping[str, Panel]) -> int:
    """Seats (chair, standby, attendee) given to someone else than in `before`."""
    changed = 0
    for occurrence_id, old in before.items():
        new = after.get(occurrence_id)
        if new is None:
            changed += len(old.members) + (old.standby is not None)
            continue
        changed += old.chair != new.chair
        changed += old.standby != new.standby
        changed += len(set(old.attendees) - set(new.attendees))
    return changed


def shortages(instance: Instance) -> list[str]:
    """Plain reasons a rota cannot exist, per meeting, for when the solver finds none."""
    found = []
    for o in instance.occurrences:
        free = [c for c in instance.clinicians if instance.available(c, o)]
        where = f"{o.day} {o.id}"
        if sum(c.full_chair for c in free) < 2:
            found.append(f"{where}: fewer than two band 7-8 chairs free (a chair and a standby)")
        if len(free) < o.panel_min + 1:
            found.append(f"{where}: {len(free)} free for a panel of {o.panel_min} and a standby")
        if len({c.site for c in free}) < MIN_SITES:
            found.append(f"{where}: people from fewer than {MIN_SITES} sites free")
        if len({c.service for c in free}) < MIN_SERVICES:
            found.append(f"{where}: people from fewer than {MIN_SERVICES} services free")
    return found or ["the maximum per person (one conference in 14 days) leaves too few people"]
