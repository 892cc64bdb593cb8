"""Planning a window of conferences with the rota solver, then publishing the answer.

Three steps, so neither the database lock nor the eventlet hub is held while
CP-SAT searches: read the window (one transaction), solve in a real thread
(`mskpeer.platform.threads`: CP-SAT releases the GIL), then write the panels
and their events (a second transaction, which refuses if the panels changed
meanwhile).
"""

from __future__ import annotations

import logging
import uuid
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import delete, insert, select, update

from contracts import events
from contracts.errors import Conflict, NotFound
from mskpeer.platform import metrics
from mskpeer.platform.threads import in_a_thread
from services.scheduling import agenda, models, planner, rota
from services.scheduling.directory import addressee, people_by_id
from services.scheduling.rota import Panel, Rota, shortages, violations
from services.scheduling.rota.rules import already_over
from services.scheduling.rota_inputs import (
    Planned,
    conferences_between,
    local_day,
    read_instance,
    seated,
    seats_held,
)

log = logging.getLogger(__name__)

TIME_LIMIT = 6.0  # seconds of search for a coordinator's rota: the gateway waits 15
AUTOMATIC_TIME_LIMIT = 1.0  # for the few new conferences the planner adds each week
PLAN_AHEAD = timedelta(weeks=8)
ATTEMPTS = 3


def plan_window(db, start: date, end: date, series_id, actor_id, now: datetime) -> dict:
    """A coordinator's rota for every conference in the window. Returns its figures.

    If the panels change while the solver searches (the automatic planner, a
    second coordinator), the answer is stale: it is planned again from the new
    panels, a couple of times, before the coordinator is told to retry.
    """
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _plan_once(db, start, end, series_id, actor_id, now)
        except Conflict as error:
            if error.code != "ROTA_CHANGED" or attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _plan_once(db, start: date, end: date, series_id, actor_id, now: datetime) -> dict:
    with db.transaction() as tx:
        if series_id is not None and not _series_exists(tx.session, series_id):
            raise NotFound("SERIES_NOT_FOUND", f"there is no conference series {series_id}")
        planner.add_missing(tx.session, start, end, now, series_id)
        rows = conferences_between(tx.session, start, end, now, series_id)
        if not rows:
            return _empty(start, end, series_id)
        instance, planned = read_instance(tx.session, rows, TIME_LIMIT)
    solved = _solve(instance, "coordinator")
    if not solved.panels:
        raise Conflict(
            "ROTA_IMPOSSIBLE",
            "no rota keeps every rule: " + "; ".join(shortages(instance)[:5]),
        )
    with db.command() as tx:
        if not tx.done_before:
            window = (start, end, series_id)
            tx.result = publish(tx, instance, planned, solved, window, actor_id, now)
    return tx.result


def _solve(instance, trigger: str) -> Rota:
    """CP-SAT in a real thread (see above), timed for Prometheus."""
    solved = in_a_thread(rota.plan, instance)
    metrics.ROTA_SOLVE.labels(trigger, solved.status).observe(solved.seconds)
    return solved


def plan_new_conferences(db, now: datetime) -> int:
    """Keep conferences generated eight weeks ahead, each stored with its panel at once.

    New conferences are solved before they are stored, so nobody ever sees one
    without a chair (the agenda only places cases on chaired conferences).
    """
    today, horizon = now.date(), (now + PLAN_AHEAD).date()
    with db.transaction() as tx:
        new = planner.missing(tx.session, today, horizon, now)
        rows = [
            r for r in conferences_between(tx.session, today, horizon, now) if r.chair_id is None
        ]
        rows += [SimpleNamespace(**conference) for conference in new]
        if not rows:
            return 0
        instance, planned = read_instance(tx.session, rows, AUTOMATIC_TIME_LIMIT)
    solved = _solve(instance, "automatic")
    days = [o.day for o in instance.occurrences]
    with db.transaction() as tx:
        if not planner.add(tx.session, new):
            return 0  # another copy of this service generated them meanwhile
        if not solved.panels:
            log.warning("conferences left without a panel: %s", "; ".join(shortages(instance)))
            return 0
        try:
            window = (min(days), max(days), None)
            summary = publish(tx, instance, planned, solved, window, None, now)
            for warning in summary["warnings"]:
                log.warning("new conferences planned around: %s", warning)
        except Conflict:
            return 0  # a coordinator's rota got there first; those conferences have panels
    return len(solved.panels)


def publish(tx, instance, planned: dict[str, Planned], solved: Rota, window, actor_id, now) -> dict:
    """Store the panels, emit a change per seat and rota.published; refuse stale answers."""
    start, end, series_id = window
    agenda.hold(tx.session, now)  # panels and agendas change in one lock order
    ids = list(planned)
    held = {i: seated(seats) for i, seats in seats_held(tx.session, ids).items()}
    if {i: p for i, p in held.items() if p.chair is not None} != dict(instance.current):
        raise Conflict("ROTA_CHANGED", "the rota changed while it was planned; plan it again")
    broken = violations(instance, solved.panels)
    if broken:  # the referee disagrees with the solver: a bug, never stored
        raise RuntimeError(f"the solver's rota breaks rules: {broken[:3]}")
    rota_id = str(uuid.uuid4())
    people = _people(tx.session, [*solved.panels.values(), *held.values()])
    warnings = _already_over(tx.session, instance)
    changes = 0
    for conference_id, panel in solved.panels.items():
        changes += _apply(
            tx,
            rota_id,
            planned[conference_id],
            held.get(conference_id),
            panel,
            solved.reasons.get(conference_id, {}),
            people,
        )
    _resolve_warnings(tx.session, list(solved.panels), now)
    figures = {
        "status": solved.status,
        "objective": solved.objective,
        "bound": solved.bound,
        "max_load": solved.max_load,
        "lower_bound": solved.lower_bound,
        "changes": changes,
        "seconds": solved.seconds,
        "windows": solved.windows,
        "warnings": warnings,
    }
    _record(tx.session, rota_id, start, end, series_id, actor_id, now, figures)
    tx.emit(
        events.ROTA_PUBLISHED,
        {
            "rota_id": rota_id,
            "starts_on": start.isoformat(),
            "ends_on": end.isoformat(),
            "series_id": series_id,
            "conference_ids": ids,
            "changes": changes,
            "status": solved.status,
            "max_load": solved.max_load,
            "lower_bound": solved.lower_bound,
            "published_by": actor_id,
            "published_at": now.isoformat(),
        },
    )
    return _summary(rota_id, start, end, series_id, figures)


def reseat(tx, conference: Planned, before: Panel, after: Panel, reasons, actor_id, now) -> tuple:
    """Store a panel changed without the solver (the quorum call-up), with its seat events.

    Recorded as a rota of its own, so each change names the record that made it.
    Returns the record's id and the number of changes.
    """
    agenda.hold(tx.session, now)  # a call-up changes a panel: the same lock order as publish
    rota_id = str(uuid.uuid4())
    people = _people(tx.session, [before, after])
    changes = _apply(tx, rota_id, conference, before, after, reasons, people)
    day = local_day(conference.starts_at)
    figures = {"status": "call_up", "changes": changes}
    _record(tx.session, rota_id, day, day, None, actor_id, now, figures)
    return rota_id, changes


def _already_over(session, instance) -> list[str]:
    """For the coordinator: people over their maximum before this rota, which it cannot undo."""
    over = already_over(instance)
    names = people_by_id(session, [person.id for person, _, _ in over])
    return [
        f"{names[person.id]['name'] if person.id in names else person.id} already has {count} "
        f"conferences within {person.window_days} days from {first.strftime('%-d %B %Y')} "
        f"(at most {person.max_conferences}), from seats or expert invitations made outside "
        "this rota (a moved meeting, for one): this rota gives them nothing more in those days"
        for person, first, count in over
    ]


def _people(session, panels) -> dict[str, dict]:
    everyone = {p for panel in panels if panel for p in (*panel.members, panel.standby)}
    return people_by_id(session, [p for p in everyone if p])


def _record(session, rota_id, start, end, series_id, actor_id, now, figures) -> None:
    session.execute(
        insert(models.rotas).values(
            id=rota_id,
            starts_on=start,
            ends_on=end,
            series_id=series_id,
            published_by=actor_id,
            published_at=now,
            figures=figures,
        )
    )


def _resolve_warnings(session, conference_ids, now) -> None:
    """A rota that kept every rule answers the quorum warnings on those conferences."""
    w = models.quorum_warnings
    session.execute(
        update(w)
        .where(w.c.conference_id.in_(conference_ids), w.c.resolved_at.is_(None))
        .values(resolved_at=now)
    )


def _roles(panel: Panel | None) -> dict[str, str]:
    if panel is None:
        return {}
    roles = {p: "attendee" for p in panel.attendees}
    if panel.chair is not None:
        roles[panel.chair] = "chair"
    if panel.standby is not None:
        roles[panel.standby] = "standby"
    return roles


def _apply(tx, rota_id, conference: Planned, old, new: Panel, reasons, people) -> int:
    """Seat the new panel; one conference.assignment_changed per person added or removed."""
    a = models.attendees
    before, after = _roles(old), _roles(new)
    changed = 0
    for person_id, role in before.items():
        if after.get(person_id) != role:
            tx.session.execute(
                delete(a).where(a.c.conference_id == conference.id, a.c.clinician_id == person_id)
            )
            _announce(tx, rota_id, conference, people.get(person_id), role, "removed", [])
            changed += 1
    for person_id, role in after.items():
        why = list(reasons.get(person_id, ()))
        if before.get(person_id) == role:
            if person_id in reasons:  # a call-up gives reasons only to those it moves
                tx.session.execute(
                    update(a)
                    .where(a.c.conference_id == conference.id, a.c.clinician_id == person_id)
                    .values(reasons=why)
                )
            continue
        tx.session.execute(
            insert(a).values(
                conference_id=conference.id, clinician_id=person_id, role=role, reasons=why
            )
        )
        _announce(tx, rota_id, conference, people.get(person_id), role, "added", why)
        changed += 1
    c = models.conferences
    tx.session.execute(update(c).where(c.c.id == conference.id).values(chair_id=new.chair))
    return changed


def _announce(tx, rota_id, conference: Planned, person, role, change, reasons) -> None:
    if person is None:  # left the directory meanwhile: nobody to tell
        return
    tx.emit(
        events.CONFERENCE_ASSIGNMENT_CHANGED,
        {
            "rota_id": rota_id,
            "conference_id": conference.id,
            "clinician": addressee(person),
            "role": role,
            "change": change,
            "starts_at": conference.starts_at.isoformat(),
            "ends_at": conference.ends_at.isoformat(),
            "location": conference.location,
            "reasons": reasons,
        },
    )


def _series_exists(session, series_id) -> bool:
    s = models.series
    return session.execute(select(s.c.id).where(s.c.id == series_id)).first() is not None


def _summary(rota_id, start, end, series_id, figures) -> dict:
    return {
        "rota_id": rota_id,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "series_id": series_id,
        **{k: figures[k] for k in ("status", "objective", "bound", "max_load", "lower_bound")},
        **{k: figures[k] for k in ("changes", "seconds", "warnings")},
    }


def _empty(start, end, series_id) -> dict:
    figures = dict.fromkeys(("objective", "bound"), None)
    figures.update(status="optimal", max_load=0, lower_bound=0, changes=0, seconds=0.0)
    figures.update(warnings=[])
    return _summary(None, start, end, series_id, figures)
