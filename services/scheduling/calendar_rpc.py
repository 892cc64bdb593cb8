"""A clinician's conferences as their calendar feed and their home page list them (read only)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from contracts import api
from contracts.errors import Invalid
from mskpeer.platform.clock import aware
from mskpeer.platform.entrypoints import rpc
from mskpeer.platform.validation import load
from services.scheduling import actions, models, views
from services.scheduling.rota_views import duties


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
        with self.db.reading() as tx:
            return calendar_of(
                tx.session, clinician_id, datetime.fromisoformat(start), datetime.fromisoformat(end)
            )

    @rpc(expected_exceptions=Invalid)
    def clinician_overview(self, clinician_id, window, presenting=(), with_actions=True):
        """What is next for a clinician, in one call: each conference in `window` they sit on
        or present at (`presenting`: the conferences of their scheduled cases) with their roles
        in `my_roles`, and their open actions. The home page asked once per conference."""
        query = load(api.RotaQuery(), window)
        with self.db.reading() as tx:
            window = (query["from_"], query["to"])
            seats, _ = duties(tx.session, clinician_id, *window, 0, api.MAX_PAGE_SIZE)
            roles: dict[str, list[str]] = {}
            for seat in seats:
                roles.setdefault(seat["conference_id"], []).append(seat["role"])
            for conference_id in presenting:
                said = roles.setdefault(conference_id, [])
                if "presenter" not in said:  # presenting three cases is one role, said once
                    said.append("presenter")
            found = views.conferences_by_id(tx.session, roles)
            conferences = [{**found[i], "my_roles": roles[i]} for i in roles if i in found]
            to_do, most = [], api.MAX_PAGE_SIZE
            if with_actions:
                to_do, _ = actions.list_actions(tx.session, clinician_id, True, 0, most)
        return {"conferences": conferences, "open_actions": to_do}
