"""Why each person was given their place, in words a clinician would use."""

from __future__ import annotations

from collections import Counter

from services.scheduling.rota.instance import Clinician, Instance, Occurrence, Panel

SERVICE_WORDS = {
    "core_physio": "core physiotherapy",
    "msk_esp": "MSK ESP/FCP",
    "orthopaedics": "orthopaedics",
}


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def explain(instance: Instance, panels: dict[str, Panel]) -> dict[str, dict[str, tuple]]:
    """occurrence id -> clinician id -> the reasons, most telling first."""
    people = instance.by_id()
    history = instance.history
    seen = Counter(history.past_loads)
    seen.update(history.loads_so_far)
    reasons: dict[str, dict[str, tuple]] = {}
    for occurrence in sorted(instance.occurrences, key=lambda o: (o.day, o.id)):
        panel = panels.get(occurrence.id)
        if panel is None:
            continue
        old = instance.current.get(occurrence.id)
        here: dict[str, tuple] = {}
        for person_id in panel.members:
            seen[person_id] += 1
            person = people[person_id]
            why = []
            if person_id == panel.chair:
                why.append(_chairing(person, panel, people))
            why += _expertise(person_id, occurrence)
            why.append(f"fairness: {ordinal(seen[person_id])} conference in {history.weeks} weeks")
            why.append(_mix(person))
            if person.senior and person_id != panel.chair:
                why.append("senior voice besides the chair (ESP/FCP or band 7-8)")
            if old is not None and (
                person_id == old.chair if person_id == panel.chair else person_id in old.attendees
            ):
                why.append("kept from the previous rota")
            here[person_id] = tuple(why)
        if panel.standby is not None:
            standby = people[panel.standby]
            why = [f"standby chair: band {standby.band}, free that day and able to chair alone"]
            if old is not None and old.standby == panel.standby:
                why.append("kept from the previous rota")
            here[panel.standby] = tuple(why)
        reasons[occurrence.id] = here
    return reasons


def _chairing(person: Clinician, panel: Panel, people: dict[str, Clinician]) -> str:
    if person.full_chair:
        return f"chairs: band {person.band}, able to chair"
    senior = next((people[p] for p in panel.attendees if people[p].full_chair), None)
    beside = f"band {senior.band} chair {senior.id}" if senior else "a band 7-8 chair"
    return f"co-chair in training (band {person.band}), chairing beside {beside}"


def _expertise(person_id: str, occurrence: Occurrence) -> list[str]:
    return [
        f"expert matched to case: {case.case}"
        + (" (best match)" if case.clinician_ids[0] == person_id else "")
        for case in occurrence.experts
        if person_id in case.clinician_ids
    ]


def _mix(person: Clinician) -> str:
    service = SERVICE_WORDS.get(person.service, person.service)
    return f"mix: band {person.band}, {service}, {person.site}"
