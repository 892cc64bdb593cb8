"""Conferences as the API shows them."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, tuple_

from mskpeer.platform.clock import aware
from services.scheduling import models
from services.scheduling.agenda import agendas_in_order
from services.scheduling.directory import people_by_id


def _public(person: dict) -> dict:
    return {k: person[k] for k in ("id", "name", "email", "band", "service", "site")}


def conference_out(session, row, presenters: bool = False) -> dict:
    """A conference; with `presenters`, who presents each agenda item (for the minutes)."""
    return conferences_out(session, [row], presenters)[0]


def conferences_out(session, rows, presenters: bool = False) -> list[dict]:
    """Several conferences in four statements, not four each: a clinician's home page
    shows every conference they sit on or present at."""
    ids = [row.id for row in rows]
    a = models.attendees
    seats: dict[str, list] = {i: [] for i in ids}
    for seat in session.execute(select(a).where(a.c.conference_id.in_(ids))):
        seats[seat.conference_id].append(seat)
    people = people_by_id(session, {s.clinician_id for found in seats.values() for s in found})
    agendas = agendas_in_order(session, ids)
    s = models.series
    named = select(s.c.id, s.c.name).where(s.c.id.in_({row.series_id for row in rows}))
    series = dict(session.execute(named).all())
    return [
        _conference(row, seats[row.id], people, agendas.get(row.id, []), series, presenters)
        for row in rows
    ]


def _conference(row, seats, people, agenda, series, presenters) -> dict:
    slots, cursor = [], aware(row.starts_at)
    for item in agenda:
        ends = cursor + timedelta(minutes=item.minutes)
        slots.append(
            {
                "case_id": item.case_id,
                "title": item.title,
                "slot_starts_at": cursor.isoformat(),
                "slot_ends_at": ends.isoformat(),
                "red_flags": item.red_flags or [],
                "escalation_pathway": item.escalation_pathway,
                **({"presenter": dict(item.presenter)} if presenters else {}),
            }
        )
        cursor = ends
    chair = people.get(row.chair_id)
    return {
        "id": row.id,
        "series": row.series_id,
        "series_name": series.get(row.series_id) or "",
        "starts_at": aware(row.starts_at).isoformat(),
        "ends_at": aware(row.ends_at).isoformat(),
        "location": row.location,
        "status": row.status,
        "chair": _public(chair) if chair else None,
        "attendees": [
            {**_public(people[s.clinician_id]), "role": s.role}
            for s in seats
            if s.role != "chair" and s.clinician_id in people
        ],
        "agenda": slots,
        "minutes_recorded": row.minutes_recorded_at is not None,
    }


def list_conferences(session, start: datetime, end: datetime | None, offset: int, limit: int):
    c = models.conferences
    conditions = [c.c.starts_at >= start]
    if end is not None:
        conditions.append(c.c.starts_at <= end)
    total = session.execute(select(func.count()).select_from(c).where(*conditions)).scalar_one()
    rows = session.execute(
        select(c).where(*conditions).order_by(c.c.starts_at).offset(offset).limit(limit)
    ).all()
    return conferences_out(session, rows), total


def seats_after(session, after: dict | None, limit: int) -> list[dict]:
    """Seats in key order, from just after `after` (keyset paging: no seat skipped as rows
    come and go between pages)."""
    a = models.attendees
    key = (a.c.conference_id, a.c.clinician_id, a.c.role)
    query = select(*key).order_by(*key).limit(limit)
    if after is not None:
        query = query.where(
            tuple_(*key) > tuple_(after["conference_id"], after["clinician_id"], after["role"])
        )
    return [dict(row._mapping) for row in session.execute(query)]


def conferences_by_id(session, ids) -> dict[str, dict]:
    c = models.conferences
    rows = session.execute(select(c).where(c.c.id.in_(list(ids)))).all()
    return {found["id"]: found for found in conferences_out(session, rows)}
