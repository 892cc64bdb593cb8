"""Each clinician's choice of non-essential messages, and the daily digest."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import bindparam, select, update

from services.notifications import deliveries, domain, models, person_rows
from services.notifications.domain import Preferences

# Built once: run for every message (engine.built_once says why).
_CHOSEN = select(models.preferences).where(
    models.preferences.c.clinician_id.in_(bindparam("b_ids", expanding=True))
)


def _from_row(row) -> Preferences:
    return Preferences(agenda=row.agenda, reminders=row.reminders, digest=row.digest)


def of(session, clinician_id: str) -> Preferences:
    return for_people(session, [clinician_id])[clinician_id]


def for_people(session, clinician_ids: list[str]) -> dict[str, Preferences]:
    """Everyone's preferences; someone who never chose gets every message at once."""
    rows = session.execute(_CHOSEN, {"b_ids": list(set(clinician_ids))}).all()
    chosen = {row.clinician_id: _from_row(row) for row in rows}
    return {person: chosen.get(person, Preferences()) for person in clinician_ids}


def save(session, clinician_id: str, preferences: Preferences, now: datetime) -> list[int]:
    """Store them; returns the held deliveries to send now that the digest is off."""
    table = models.preferences
    values = {
        "agenda": preferences.agenda,
        "reminders": preferences.reminders,
        "digest": preferences.digest,
        "updated_at": now,
    }
    person_rows.put(session, table, clinician_id, values)
    if preferences.digest == domain.DAILY:
        return []
    # Someone who stops the digest should not wait until tomorrow for what it held.
    held = models.deliveries
    ids = session.execute(
        select(held.c.id).where(
            held.c.recipient_id == clinician_id, held.c.status == deliveries.HELD
        )
    ).scalars()
    ids = list(ids)
    if ids:
        session.execute(
            update(held)
            .where(held.c.id.in_(ids))
            .values(status=deliveries.QUEUED, next_attempt_at=now)
        )
    return ids


def out(preferences: Preferences, digest_at: time) -> dict:
    return {
        "agenda": preferences.agenda,
        "reminders": preferences.reminders,
        "digest": preferences.digest,
        "digest_at": digest_at.strftime("%H:%M"),
    }
