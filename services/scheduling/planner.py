"""Keeping conferences generated ahead, each with a chair and a panel."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import insert, select

from mskpeer.platform.clock import aware
from services.scheduling import models
from services.scheduling.directory import active_clinicians
from services.scheduling.domain import Series, choose_panel, occurrences

PLAN_AHEAD = timedelta(weeks=8)
LOAD_WINDOW = timedelta(weeks=12)


def _series(row) -> Series:
    return Series(
        row.id, row.weekday, row.start_time, row.duration_minutes, row.every_weeks, row.first_date
    )


def plan_ahead(session, now: datetime) -> int:
    """Create the conferences of every series up to eight weeks ahead. Returns how many."""
    c, a = models.conferences, models.attendees
    people = active_clinicians(session)
    # Fairness looks at the recent past and the planned future, not all history.
    recent = select(a.c.clinician_id).join(c, c.c.id == a.c.conference_id)
    recent = recent.where(c.c.starts_at >= now - LOAD_WINDOW)
    load = Counter(row.clinician_id for row in session.execute(recent).all())
    created = 0
    for row in session.execute(select(models.series)).all():
        known = {
            aware(starts)
            for (starts,) in session.execute(select(c.c.starts_at).where(c.c.series_id == row.id))
        }
        for starts, ends in occurrences(_series(row), now.date(), (now + PLAN_AHEAD).date()):
            if starts <= now or starts in known:
                continue
            panel = choose_panel(people, load, row.panel_size)
            conference_id = str(uuid.uuid4())
            session.execute(
                insert(c).values(
                    id=conference_id,
                    series_id=row.id,
                    starts_at=starts,
                    ends_at=ends,
                    location=row.location,
                    status="scheduled",
                    chair_id=panel.chair_id if panel else None,
                )
            )
            if panel:
                seats = [(panel.chair_id, "chair")] + [(p, "attendee") for p in panel.attendee_ids]
                session.execute(
                    insert(a),
                    [
                        {"conference_id": conference_id, "clinician_id": p, "role": r}
                        for p, r in seats
                    ],
                )
                load.update(p for p, _ in seats)
            created += 1
    return created
