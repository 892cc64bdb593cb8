"""The last check before a meeting: does its panel still make a quorum, and can the standby fix it?

Pure, like the rest of the rota. Close to a meeting nobody is planned afresh:
people are taken off for the day they cannot come, and the standby chair,
who has kept the time free for exactly this, steps in. Whatever the rules
still find wrong is for a coordinator to sort out.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.scheduling.rota.instance import Instance, Occurrence, Panel
from services.scheduling.rota.rules import seat_problems


@dataclass(frozen=True)
class CallUp:
    panel: Panel  # who sits now
    absent: tuple[str, ...]  # taken off: unavailable that day or gone from the directory
    called_up: str | None  # the standby who took a seat, if one did
    stepped_up: str | None  # an attendee who took the chair when no standby could
    problems: tuple[str, ...]  # the rules the panel still breaks (the standby aside)

    @property
    def changed(self) -> bool:
        return bool(self.absent or self.called_up or self.stepped_up)


def secure_quorum(instance: Instance, occurrence: Occurrence, panel: Panel) -> CallUp:
    """Take the absent off, call up the standby where the panel needs them, and say what is left."""
    people = instance.by_id()

    def absent(person_id) -> bool:
        return person_id not in people or (person_id, occurrence.day) in instance.unavailable

    gone = tuple(p for p in (*panel.members, panel.standby) if p is not None and absent(p))
    chair = None if panel.chair in gone else panel.chair
    standby = None if panel.standby in gone else panel.standby
    attendees = [p for p in panel.attendees if p not in gone]
    called_up = stepped_up = None
    if chair is None and standby is not None:
        chair, standby, called_up = standby, None, standby
    elif chair is None:
        stepped_up = _most_senior_chair(attendees, people)
        if stepped_up is not None:
            chair = stepped_up
            attendees.remove(stepped_up)
    seated = Panel(chair, standby, tuple(sorted(attendees)))
    problems = seat_problems(instance, occurrence, seated)
    if problems and standby is not None:
        # Short of people, sites, services or seniority: the standby sits too.
        joined = Panel(chair, None, tuple(sorted((*attendees, standby))))
        still = seat_problems(instance, occurrence, joined)
        if len(still) < len(problems):
            seated, problems, called_up = joined, still, standby
    return CallUp(seated, gone, called_up, stepped_up, tuple(problems))


def _most_senior_chair(attendees: list[str], people) -> str | None:
    """An attendee who may chair alone, the highest band first."""
    able = [people[p] for p in attendees if people[p].full_chair]
    if not able:
        return None
    return max(able, key=lambda c: (c.band, c.id)).id
