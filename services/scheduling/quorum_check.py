"""The check before each meeting, and after a late decline: call up the standby, warn the rest.

The rules come from `rota.quorum` (pure); this module reads the panel,
stores what the call-up changed (seat events through the outbox) and, when
the panel still breaks a rule, records a warning and tells the coordinators
(`conference.quorum_at_risk`), all in the caller's transaction.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from contracts import events
from contracts.errors import NotFound
from mskpeer.platform.clock import aware
from services.scheduling import models
from services.scheduling.directory import addressee, people_by_id
from services.scheduling.rota import CallUp, secure_quorum
from services.scheduling.rota_inputs import read_instance, seated, seats_held
from services.scheduling.rota_publishing import reseat

SCHEDULED = "scheduled"
TELL = ("coordinator", "admin")  # who hears of a quorum problem, in that order of preference


def due(session, now: datetime, before: timedelta) -> list[str]:
    """Conferences starting within `before` whose panel has not been checked yet."""
    c = models.conferences
    rows = session.execute(
        select(c.c.id)
        .where(
            c.c.status == SCHEDULED,
            c.c.quorum_checked_at.is_(None),
            c.c.minutes_recorded_at.is_(None),
            c.c.starts_at > now,
            c.c.starts_at <= now + before,
        )
        .order_by(c.c.starts_at)
    )
    return list(rows.scalars())


def claim(session, conference_id: str, now: datetime) -> bool:
    """Mark the conference checked; False if another copy of the service got there first."""
    c = models.conferences
    claimed = session.execute(
        update(c)
        .where(c.c.id == conference_id, c.c.quorum_checked_at.is_(None))
        .values(quorum_checked_at=now)
    )
    return claimed.rowcount == 1


def secure(tx, conference_id: str, cause: str, actor_id, now: datetime) -> dict:
    """Take the absent off the panel, call up the standby if needed, warn about what is left."""
    c = models.conferences
    row = tx.session.execute(select(c).where(c.c.id == conference_id)).first()
    if row is None:
        raise NotFound("CONFERENCE_NOT_FOUND", f"there is no conference {conference_id}")
    instance, planned = read_instance(tx.session, [row], time_limit=0)
    before = seated(seats_held(tx.session, [conference_id])[conference_id])
    called = secure_quorum(instance, instance.occurrences[0], before)
    changes = 0
    if called.changed:
        _, changes = reseat(
            tx, planned[conference_id], before, called.panel, _why(called), actor_id, now
        )
    on_panel = {*before.members, before.standby, *called.panel.members} - {None}
    named = people_by_id(tx.session, on_panel)
    problems = _in_words(called.problems, named)
    warning_id = None
    if problems and not _already_warned(tx.session, conference_id, called.changed, problems):
        warning_id = _warn(tx, row, called, problems, named, cause, now)
    return {
        "changes": changes,
        "called_up": called.called_up,
        "problems": problems,
        "warning_id": warning_id,
    }


def _in_words(problems, named: dict) -> list[str]:
    """The rules speak of clinician ids; coordinators know people by name."""
    worded = []
    for problem in problems:
        for person_id, person in named.items():
            problem = problem.replace(person_id, person["name"])
        worded.append(problem)
    return worded


def _why(called: CallUp) -> dict[str, tuple[str, ...]]:
    reasons = {}
    if called.called_up is not None:
        seat = "to chair" if called.panel.chair == called.called_up else "to the panel"
        reasons[called.called_up] = (f"called up from standby {seat}: someone cannot come",)
    if called.stepped_up is not None:
        reasons[called.stepped_up] = ("stepped up to chair: the chair cannot come",)
    return reasons


def _already_warned(session, conference_id: str, changed: bool, problems: list[str]) -> bool:
    """An open warning already says this, and nothing has changed since: do not repeat it."""
    if changed:
        return False
    w = models.quorum_warnings
    open_problems = session.execute(
        select(w.c.problems).where(w.c.conference_id == conference_id, w.c.resolved_at.is_(None))
    ).scalars()
    return any(list(said) == problems for said in open_problems)


def _warn(tx, row, called: CallUp, problems, named, cause: str, now: datetime) -> str:
    warning_id = str(uuid.uuid4())
    tx.session.execute(
        models.quorum_warnings.insert().values(
            id=warning_id,
            conference_id=row.id,
            cause=cause,
            problems=problems,
            absent=list(called.absent),
            called_up=called.called_up,
            raised_at=now,
        )
    )
    tx.emit(
        events.CONFERENCE_QUORUM_AT_RISK,
        {
            "warning_id": warning_id,
            "conference_id": row.id,
            "starts_at": aware(row.starts_at).isoformat(),
            "ends_at": aware(row.ends_at).isoformat(),
            "location": row.location,
            "cause": cause,
            "problems": problems,
            "absent": [addressee(named[p]) for p in called.absent if p in named],
            "called_up": addressee(named[called.called_up]) if called.called_up else None,
            "coordinators": [addressee(p) for p in _coordinators(tx.session)],
            "raised_at": now.isoformat(),
        },
    )
    return warning_id


def _coordinators(session) -> list[dict]:
    """Active coordinators; the admins when the service has no coordinator."""
    c = models.clinicians
    rows = session.execute(select(c.c.id, c.c.roles).where(c.c.active.is_(True))).all()
    for role in TELL:
        ids = [r.id for r in rows if role in r.roles]
        if ids:
            return sorted(people_by_id(session, ids).values(), key=lambda p: p["name"])
    return []


def warnings(session, now: datetime, open_only: bool, offset: int, limit: int):
    """Quorum warnings on conferences still ahead, soonest meeting first."""
    w, c = models.quorum_warnings, models.conferences
    conditions = [c.c.status == SCHEDULED, c.c.starts_at > now]
    if open_only:
        conditions.append(w.c.resolved_at.is_(None))
    joined = w.join(c, c.c.id == w.c.conference_id)
    total = session.execute(
        select(func.count()).select_from(joined).where(*conditions)
    ).scalar_one()
    rows = session.execute(
        select(w, c.c.starts_at, c.c.location)
        .select_from(joined)
        .where(*conditions)
        .order_by(c.c.starts_at, w.c.raised_at)
        .offset(offset)
        .limit(limit)
    ).all()
    named = people_by_id(session, {p for r in rows for p in (*r.absent, r.called_up) if p})
    return [_warning_out(r, named) for r in rows], total


def _warning_out(row, named: dict) -> dict:
    return {
        "id": row.id,
        "conference_id": row.conference_id,
        "starts_at": aware(row.starts_at).isoformat(),
        "location": row.location,
        "cause": row.cause,
        "problems": list(row.problems),
        "absent": [addressee(named[p]) for p in row.absent if p in named],
        "called_up": addressee(named[row.called_up]) if row.called_up in named else None,
        "raised_at": aware(row.raised_at).isoformat(),
        "resolved_at": aware(row.resolved_at).isoformat() if row.resolved_at else None,
    }
