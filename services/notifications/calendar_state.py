"""What the invites already told people about each conference: time, place, SEQUENCE, panel.

Calendar clients apply an update only when its SEQUENCE is higher than the
one they hold, so every change raises it here, in the transaction of the
event that changed it (an event is applied once, so it is raised once).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from mskpeer.platform.clock import aware
from mskpeer.platform.engine import built_once, upsert
from services.notifications import domain, models
from services.notifications.invites import Occurrence

SCHEDULED, CANCELLED = "scheduled", "cancelled"


# Statements a burst of events runs once each per event are built once (engine.built_once).
_CALENDARS = models.conference_calendars
_ROW = (
    select(_CALENDARS)
    .where(_CALENDARS.c.conference_id == bindparam("b_conference_id"))
    .with_for_update()
)
# The columns to set are the keys of the values given with it.
_UPDATE = (
    update(_CALENDARS)
    .where(_CALENDARS.c.conference_id == bindparam("b_conference_id"))
    .returning(*_CALENDARS.c)
)


def _row(session, conference_id: str):
    return session.execute(_ROW, {"b_conference_id": conference_id}).first()


def _add_if_new(session, values: dict) -> bool:
    """Write a conference's first row; False when another worker's write got there first.

    Two events about a conference we had not heard of may be handled at once.
    On PostgreSQL the loser waits for the winner's commit, gets a duplicate
    key inside a savepoint, and goes on to update the winner's row, instead
    of failing the whole handler and retrying out of order. SQLite writers
    take turns under a lock, so they never race.
    """
    table = models.conference_calendars
    if session.dialect.name == "sqlite":
        session.execute(insert(table).values(**values))
        return True
    try:
        with session.begin_nested():
            session.execute(insert(table).values(**values))
        return True
    except IntegrityError:
        return False


def occurrence(row, link: str = "") -> Occurrence:
    return Occurrence(
        conference_id=row.conference_id,
        starts_at=aware(row.starts_at),
        ends_at=aware(row.ends_at),
        location=row.location,
        sequence=row.sequence,
        cancelled=row.status == CANCELLED,
        link=link,
    )


def _first(conference_id, at, starts_at, ends_at, location, status, sequence) -> dict:
    return {
        "conference_id": conference_id,
        "sequence": sequence,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "location": location or "",
        "status": status,
        "changed_at": at,
    }


def record_change(
    session,
    conference_id: str,
    at: datetime,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    location: str | None = None,
    status: str = SCHEDULED,
    raise_sequence: bool = True,
) -> Occurrence | None:
    """Apply one change and return the conference as its invite should now say.

    None when a newer change was already applied (events may arrive out of
    order): the invite sent for that newer change stands.
    """
    row = _row(session, conference_id)
    if row is None:
        sequence = domain.next_sequence(None) if raise_sequence else domain.first_sequence()
        first = _first(conference_id, at, starts_at, ends_at, location, status, sequence)
        if _add_if_new(session, first):
            return occurrence(_row(session, conference_id))
        row = _row(session, conference_id)
    if not domain.is_newer(at, aware(row.changed_at)):
        return None
    values = {
        "sequence": domain.next_sequence(row.sequence) if raise_sequence else row.sequence,
        "starts_at": starts_at or row.starts_at,
        "ends_at": ends_at or row.ends_at,
        "location": location or row.location,
        "status": status,
        "changed_at": at,
    }
    return _update(session, conference_id, values)


def _update(session, conference_id: str, values: dict) -> Occurrence:
    """Change the conference's row; the row as it now stands, from the same statement."""
    changed = session.execute(_UPDATE, {**values, "b_conference_id": conference_id}).one()
    return occurrence(changed)


def record_seat_change(
    session, conference_id: str, at: datetime, starts_at: datetime, ends_at, location: str
) -> Occurrence | None:
    """Someone joins or leaves the panel: a new SEQUENCE for the invite they get.

    Time and place are taken only if no newer change was applied. None when
    the conference is cancelled: there is nothing to join or leave.
    """
    row = _row(session, conference_id)
    if row is None:
        first = _first(
            conference_id, at, starts_at, ends_at, location, SCHEDULED, domain.first_sequence()
        )
        if _add_if_new(session, first):
            return occurrence(_row(session, conference_id))
        row = _row(session, conference_id)
    if row.status == CANCELLED:
        return None
    values = {"sequence": domain.next_sequence(row.sequence)}
    if domain.is_newer(at, aware(row.changed_at)):
        values |= {"starts_at": starts_at, "ends_at": ends_at, "location": location}
        values["changed_at"] = at
    return _update(session, conference_id, values)


def seat_of(session, conference_id: str, clinician_id: str) -> str | None:
    """The role someone holds on a conference, as far as we know."""
    table = models.panel_seats
    row = session.execute(
        select(table.c.role).where(
            table.c.conference_id == conference_id, table.c.clinician_id == clinician_id
        )
    ).first()
    return row.role if row else None


def seat_panel(session, conference_id: str, people: list[dict]) -> None:
    """The whole panel, as an event listed it, replaces what we knew."""
    table = models.panel_seats
    session.execute(delete(table).where(table.c.conference_id == conference_id))
    for person in people:
        seat(session, conference_id, person, person.get("role", "attendee"))


def seat(session, conference_id: str, person: dict, role: str) -> None:
    seated = {"conference_id": conference_id, "clinician_id": person["id"], "role": role}
    session.execute(_seat(session), {**seated, "name": person["name"], "email": person["email"]})


@built_once
def _seat(session):
    table = models.panel_seats
    statement = upsert(session, table)
    return statement.on_conflict_do_update(
        index_elements=[table.c.conference_id, table.c.clinician_id],
        set_={key: statement.excluded[key] for key in ("name", "email", "role")},
    )


def unseat(session, conference_id: str, clinician_id: str) -> None:
    table = models.panel_seats
    session.execute(
        delete(table).where(
            table.c.conference_id == conference_id, table.c.clinician_id == clinician_id
        )
    )


def panel(session, conference_id: str) -> list[dict]:
    table = models.panel_seats
    rows = session.execute(
        select(table).where(table.c.conference_id == conference_id).order_by(table.c.name)
    ).all()
    return [{"id": r.clinician_id, "name": r.name, "email": r.email, "role": r.role} for r in rows]


def sequences(session, conference_ids: list[str]) -> dict[str, int]:
    table = models.conference_calendars
    rows = session.execute(
        select(table.c.conference_id, table.c.sequence).where(
            table.c.conference_id.in_(conference_ids)
        )
    ).all()
    return {row.conference_id: row.sequence for row in rows}


def due_reminders(session, now: datetime, before: timedelta) -> list:
    """Conferences to remind their panel of now, claimed so two workers don't both."""
    table = models.conference_calendars
    rows = session.execute(
        select(table)
        .where(
            table.c.status == SCHEDULED,
            table.c.starts_at > now,
            table.c.starts_at <= now + before,
        )
        .with_for_update(skip_locked=True)
    ).all()
    return [
        row
        for row in rows
        if domain.reminder_due(aware(row.starts_at), before, now, aware(row.reminded_for))
    ]


def mark_reminded(session, conference_id: str, starts_at: datetime) -> None:
    table = models.conference_calendars
    session.execute(
        update(table).where(table.c.conference_id == conference_id).values(reminded_for=starts_at)
    )
