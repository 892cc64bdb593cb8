"""The rota as the API shows it: who sits where, in which role, and why."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from mskpeer.platform.clock import aware
from services.scheduling import models
from services.scheduling.directory import people_by_id
from services.scheduling.rota_inputs import local_day, midnight

SCHEDULED = "scheduled"


def _window(table, start: date | None, end: date | None) -> list:
    conditions = [table.c.status == SCHEDULED]
    if start is not None:
        conditions.append(table.c.starts_at >= midnight(start))
    if end is not None:
        conditions.append(table.c.starts_at < midnight(end + timedelta(days=1)))
    return conditions


def _seat(person: dict, role: str, reasons) -> dict:
    keys = ("id", "name", "email", "band", "service", "site")
    return {**{k: person[k] for k in keys}, "role": role, "reasons": list(reasons or ())}


def rota_between(session, start, end, offset: int, limit: int) -> tuple[list[dict], int]:
    c, a = models.conferences, models.attendees
    conditions = _window(c, start, end)
    total = session.execute(select(func.count()).select_from(c).where(*conditions)).scalar_one()
    rows = session.execute(
        select(c).where(*conditions).order_by(c.c.starts_at, c.c.id).offset(offset).limit(limit)
    ).all()
    seats = session.execute(select(a).where(a.c.conference_id.in_([row.id for row in rows]))).all()
    people = people_by_id(session, {s.clinician_id for s in seats})
    items = []
    for row in rows:
        here = [
            _seat(people[s.clinician_id], s.role, s.reasons)
            for s in seats
            if s.conference_id == row.id and s.clinician_id in people
        ]
        order = {"chair": 0, "standby": 1, "attendee": 2, "expert": 3}
        here.sort(key=lambda seat: (order.get(seat["role"], 4), seat["name"]))
        items.append(
            {
                "conference_id": row.id,
                "series": row.series_id,
                "starts_at": aware(row.starts_at).isoformat(),
                "ends_at": aware(row.ends_at).isoformat(),
                "location": row.location,
                "chair": next((s for s in here if s["role"] == "chair"), None),
                "standby": next((s for s in here if s["role"] == "standby"), None),
                "attendees": [s for s in here if s["role"] not in ("chair", "standby")],
            }
        )
    return items, total


def duties(session, clinician_id, start, end, offset: int, limit: int) -> tuple[list[dict], int]:
    """One clinician's conferences in the window, soonest first, with role and reasons."""
    c, a = models.conferences, models.attendees
    conditions = [*_window(c, start, end), a.c.clinician_id == clinician_id]
    joined = c.join(a, a.c.conference_id == c.c.id)
    total = session.execute(
        select(func.count()).select_from(joined).where(*conditions)
    ).scalar_one()
    rows = session.execute(
        select(c.c.id, c.c.starts_at, c.c.ends_at, c.c.location, a.c.role, a.c.reasons)
        .select_from(joined)
        .where(*conditions)
        .order_by(c.c.starts_at, c.c.id)
        .offset(offset)
        .limit(limit)
    ).all()
    return [
        {
            "conference_id": row.id,
            "day": local_day(row.starts_at).isoformat(),
            "starts_at": aware(row.starts_at).isoformat(),
            "ends_at": aware(row.ends_at).isoformat(),
            "location": row.location,
            "role": row.role,
            "reasons": list(row.reasons or ()),
        }
        for row in rows
    ], total
