"""Series of conferences, and the changes to one meeting that people must hear about."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update

from contracts import events
from contracts.errors import Conflict, NotFound
from mskpeer.platform.clock import aware
from services.scheduling import agenda, models
from services.scheduling.directory import addressee, people_by_id

SCHEDULED, CANCELLED = "scheduled", "cancelled"


def create_series(session, details: dict) -> dict:
    series = {"id": str(uuid.uuid4()), **details}
    session.execute(insert(models.series).values(**series))
    return series_out(series)


def series_out(row) -> dict:
    row = dict(row if isinstance(row, dict) else row._mapping)
    return {**row, "first_date": row["first_date"].isoformat()}


def list_series(session) -> list[dict]:
    return [
        series_out(r) for r in session.execute(select(models.series).order_by(models.series.c.name))
    ]


def panel_of(session, conference_id: str) -> list[dict]:
    """Everyone on a conference's panel with their role, as events name people."""
    a = models.attendees
    seats = session.execute(select(a).where(a.c.conference_id == conference_id)).all()
    people = people_by_id(session, [s.clinician_id for s in seats])
    return [
        {**addressee(people[s.clinician_id]), "role": s.role}
        for s in seats
        if s.clinician_id in people
    ]


def _upcoming(session, conference_id: str):
    c = models.conferences
    row = session.execute(select(c).where(c.c.id == conference_id).with_for_update()).first()
    if row is None:
        raise NotFound("CONFERENCE_NOT_FOUND", f"there is no conference {conference_id}")
    if row.status != SCHEDULED or row.minutes_recorded_at is not None:
        raise Conflict("CONFERENCE_NOT_UPCOMING", f"this conference is {row.status}")
    return row


def cancel(tx, conference_id: str, reason: str, now: datetime) -> dict:
    """Cancel one meeting: its people are told, its cases move to the next suitable one."""
    agenda.hold(tx.session, now)  # before this conference's own lock: one order
    row = _upcoming(tx.session, conference_id)
    c = models.conferences
    tx.session.execute(update(c).where(c.c.id == conference_id).values(status=CANCELLED))
    tx.emit(
        events.CONFERENCE_CANCELLED,
        {
            "conference_id": conference_id,
            "starts_at": aware(row.starts_at).isoformat(),
            "location": row.location,
            "people": panel_of(tx.session, conference_id),
            "reason": reason,
            "cancelled_at": now.isoformat(),
        },
    )
    agenda.unplace_all(tx.session, conference_id)
    agenda.place_waiting(tx, now)
    return {"id": conference_id, "status": CANCELLED}


def move(tx, conference_id: str, starts_at: datetime, location: str | None, now) -> dict:
    """Move one meeting to another time (and place); it keeps its panel and its agenda."""
    agenda.hold(tx.session, now)  # before this conference's own lock: one order
    row = _upcoming(tx.session, conference_id)
    if starts_at <= now:
        raise Conflict("NOT_IN_THE_FUTURE", "a conference can only move to a time ahead")
    before = aware(row.starts_at)
    ends_at = starts_at + (aware(row.ends_at) - before)
    c = models.conferences
    tx.session.execute(
        update(c)
        .where(c.c.id == conference_id)
        .values(
            starts_at=starts_at,
            ends_at=ends_at,
            location=location or row.location,
            quorum_checked_at=None,  # checked again before its new time: another day's diary
        )
    )
    tx.emit(
        events.CONFERENCE_MOVED,
        {
            "conference_id": conference_id,
            "previous_starts_at": before.isoformat(),
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
            "location": location or row.location,
            "people": panel_of(tx.session, conference_id),
            "moved_at": now.isoformat(),
        },
    )
    return {"id": conference_id, "starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()}


def publish_due_agendas(tx, now: datetime, before: timedelta) -> int:
    """Send each conference's agenda once, `before` its start (default 48 hours)."""
    c = models.conferences
    due = tx.session.execute(
        select(c)
        .where(
            c.c.status == SCHEDULED,
            c.c.agenda_published_at.is_(None),
            c.c.starts_at > now,
            c.c.starts_at <= now + before,
        )
        .with_for_update(skip_locked=True)
    ).all()
    for row in due:
        tx.emit(events.CONFERENCE_AGENDA_PUBLISHED, _agenda_data(tx.session, row, now))
        tx.session.execute(update(c).where(c.c.id == row.id).values(agenda_published_at=now))
    return len(due)


def _agenda_data(session, row, now: datetime) -> dict:
    starts = aware(row.starts_at)
    items = []
    for item in agenda.in_order(session, row.id):
        ends = starts + timedelta(minutes=item.minutes)
        items.append(
            {
                "case_id": item.case_id,
                "title": item.title,
                "question": item.question,
                "slot_starts_at": starts.isoformat(),
                "slot_ends_at": ends.isoformat(),
            }
        )
        starts = ends
    return {
        "conference_id": row.id,
        "starts_at": aware(row.starts_at).isoformat(),
        "ends_at": aware(row.ends_at).isoformat(),
        "location": row.location,
        "people": panel_of(session, row.id),
        "items": items,
        "published_at": now.isoformat(),
    }
