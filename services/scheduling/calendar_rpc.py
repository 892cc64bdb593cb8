"""A clinician's conferences as their calendar feed lists them (read only)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from mskpeer.platform.clock import aware
from mskpeer.platform.entrypoints import rpc
from services.scheduling import models


def calendar_of(session, clinician_id: str, start: datetime, end: datetime) -> list[dict]:
    """Every conference the clinician has a seat on between start and end, cancelled ones too."""
    a, c, s = models.attendees, models.conferences, models.series
    rows = session.execute(
        select(c, a.c.role, s.c.name.label("series_name"))
        .join(a, a.c.conference_id == c.c.id)
        .join(s, s.c.id == c.c.series_id)
        .where(a.c.clinician_id == clinician_id, c.c.starts_at >= start, c.c.starts_at < end)
        .order_by(c.c.starts_at)
    ).all()
    return [
        {
            "conference_id": row.id,
            "title": row.series_name,
            "starts_at": aware(row.starts_at).isoformat(),
            "ends_at": aware(row.ends_at).isoformat(),
            "location": row.location,
            "status": row.status,
            "role": row.role,
        }
        for row in rows
    ]


class CalendarQueries:
    """Mixed into SchedulingService: needs `self.db`."""

    @rpc
    def calendar_of(self, clinician_id, start, end):
        """The clinician's conferences from `start` to `end` (ISO 8601), with their role."""
        with self.db.transaction() as tx:
            return calendar_of(
                tx.session, clinician_id, datetime.fromisoformat(start), datetime.fromisoformat(end)
            )
