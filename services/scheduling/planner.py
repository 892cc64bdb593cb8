"""Generating the conferences of each series; the rota (rota_publishing) gives them panels."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import insert, select

from mskpeer.platform.clock import aware
from services.scheduling import models
from services.scheduling.domain import Series, occurrences


def _series(row) -> Series:
    return Series(
        row.id, row.weekday, row.start_time, row.duration_minutes, row.every_weeks, row.first_date
    )


def missing(session, start: date, end: date, now: datetime, series_id=None) -> list[dict]:
    """The conferences of the series between two days that do not exist yet, as rows to insert.

    They have no chair yet: the rota gives them their panel (rota_publishing).
    """
    c = models.conferences
    query = select(models.series)
    if series_id is not None:
        query = query.where(models.series.c.id == series_id)
    found = []
    for row in session.execute(query).all():
        # A moved conference still fills the slot of the series it was made for.
        known = {
            aware(slot)
            for (slot,) in session.execute(select(c.c.series_slot).where(c.c.series_id == row.id))
        }
        for starts, ends in occurrences(_series(row), start, end):
            if starts <= now or starts in known:
                continue
            found.append(
                {
                    "id": str(uuid.uuid4()),
                    "series_id": row.id,
                    "starts_at": starts,
                    "ends_at": ends,
                    "series_slot": starts,
                    "location": row.location,
                    "status": "scheduled",
                    "chair_id": None,
                    "capacity_minutes": row.capacity_minutes,
                }
            )
    return found


def add(session, conferences: list[dict]) -> bool:
    """Store generated conferences; False (storing none) if another planner got there first."""
    c = models.conferences
    for conference in conferences:
        clash = select(c.c.id).where(
            c.c.series_id == conference["series_id"],
            c.c.series_slot == conference["series_slot"],
        )
        if session.execute(clash).first():
            return False
    if conferences:
        session.execute(insert(c), conferences)
    return True


def add_missing(session, start: date, end: date, now: datetime, series_id=None) -> list[str]:
    """Create the series' conferences between two days that do not exist yet. Returns their ids."""
    new = missing(session, start, end, now, series_id)
    add(session, new)
    return [conference["id"] for conference in new]
