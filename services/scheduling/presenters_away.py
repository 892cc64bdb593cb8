"""Days a presenter cannot come (leave, a meeting they declined): no case of theirs goes there.

A case presented by nobody wastes ten minutes of a meeting and a panel's
preparation, so placement skips the presenter's days away, and a case already
on such a day goes back to wait for the next suitable meeting. Placing it
again tells the presenter where it went (case.rescheduled).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update

from mskpeer.platform.clock import aware
from services.scheduling import models
from services.scheduling.domain import LONDON

SCHEDULED = "scheduled"


def days_away(session, presenter_ids, now: datetime) -> dict[str, frozenset[date]]:
    """Each presenter's days away from today on, by their id."""
    if not presenter_ids:
        return {}
    u = models.unavailability
    rows = session.execute(
        select(u.c.clinician_id, u.c.day).where(
            u.c.clinician_id.in_(list(presenter_ids)), u.c.day >= now.astimezone(LONDON).date()
        )
    )
    found: dict[str, set[date]] = {}
    for row in rows:
        found.setdefault(row.clinician_id, set()).add(row.day)
    return {person: frozenset(days) for person, days in found.items()}


def unplace_on_days(session, presenter_id: str, days, now: datetime) -> list[str]:
    """Take the presenter's cases off meetings ahead on those days; returns their case ids.

    They wait with `moved_from` set, so the next placement announces the move.
    The caller holds the agenda first (agenda.hold): these rows change under it.
    """
    a, c = models.agenda_items, models.conferences
    days = set(days)
    rows = session.execute(
        select(a.c.id, a.c.case_id, c.c.starts_at)
        .join(c, c.c.id == a.c.conference_id)
        .where(
            a.c.presenter["id"].as_string() == presenter_id,
            c.c.status == SCHEDULED,
            c.c.starts_at > now,
            c.c.minutes_recorded_at.is_(None),
        )
    ).all()
    moving = [row for row in rows if aware(row.starts_at).astimezone(LONDON).date() in days]
    if moving:
        session.execute(
            update(a)
            .where(a.c.id.in_([row.id for row in moving]))
            # Each row's own conference (SET reads the row as it was before the update).
            .values(conference_id=None, moved_from=a.c.conference_id, position=None)
        )
    return [row.case_id for row in moving]
