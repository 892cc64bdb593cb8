"""Inviting the colleague best matched to a case to the conference that discusses it.

The cases service matches each case to contact cards (case.matched). Here the
best-matched colleague who is free joins the case's conference as its expert:
not already on that panel, and not sitting on another conference within
MIN_GAP of it, so expertise spreads without loading the same few people.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from mskpeer.platform.clock import aware
from services.scheduling import models

EXPERT = "expert"
MIN_GAP = timedelta(days=14)


def first_free(matches: list[dict], on_panel: set[str], busy: set[str]) -> str | None:
    """The best-matched colleague not on the panel already and not busy nearby."""
    for match in matches:
        if match["clinician_id"] not in on_panel | busy:
            return match["clinician_id"]
    return None


def remember(session, case_id: str, experts: list[dict], matched_at: datetime) -> bool:
    """Keep the newest matches of a case; False when these are older than what we have."""
    m = models.case_matches
    known = session.execute(select(m).where(m.c.case_id == case_id)).first()
    if known is None:
        session.execute(insert(m).values(case_id=case_id, experts=experts, matched_at=matched_at))
    elif aware(known.matched_at) < matched_at:
        session.execute(
            update(m).where(m.c.case_id == case_id).values(experts=experts, matched_at=matched_at)
        )
    else:
        return False
    return True


def upsert(session, table):
    """INSERT ... ON CONFLICT for the dialect in use (PostgreSQL in production, SQLite embedded)."""
    dialect = postgresql if session.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def invite_for(session, case_id: str) -> str | None:
    """Invite the case's best free match to its conference, once. Returns who was invited."""
    m, items, c, a = models.case_matches, models.agenda_items, models.conferences, models.attendees
    row = session.execute(
        select(m.c.experts, m.c.invited_id, items.c.conference_id, c.c.starts_at)
        .join(items, items.c.case_id == m.c.case_id)
        .join(c, c.c.id == items.c.conference_id)
        .where(m.c.case_id == case_id)
    ).first()
    if row is None or row.invited_id is not None:
        return None  # not on an agenda yet, or its expert is invited already
    starts = aware(row.starts_at)
    on_panel = set(
        session.execute(
            select(a.c.clinician_id).where(a.c.conference_id == row.conference_id)
        ).scalars()
    )
    busy = set(
        session.execute(
            select(a.c.clinician_id)
            .join(c, c.c.id == a.c.conference_id)
            .where(
                c.c.id != row.conference_id,
                c.c.starts_at > starts - MIN_GAP,
                c.c.starts_at < starts + MIN_GAP,
            )
        ).scalars()
    )
    active = set(
        session.execute(
            select(models.clinicians.c.id).where(models.clinicians.c.active.is_(True))
        ).scalars()
    )
    chosen = first_free([e for e in row.experts if e["clinician_id"] in active], on_panel, busy)
    if chosen is None:
        return None
    # Two cases on one agenda may pick the same colleague: they sit on that panel once.
    session.execute(
        upsert(session, a)
        .values(conference_id=row.conference_id, clinician_id=chosen, role=EXPERT)
        .on_conflict_do_nothing(index_elements=[a.c.conference_id, a.c.clinician_id])
    )
    session.execute(update(m).where(m.c.case_id == case_id).values(invited_id=chosen))
    return chosen
