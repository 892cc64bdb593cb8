"""Changing someone on the staff list, and leaving it: each change audited and announced."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update

from contracts import events
from contracts.errors import Conflict, NotFound
from services.staff import models, people


def stored(session, person_id: str, lock: bool = False):
    query = people.query().where(models.people.c.id == person_id)
    row = session.execute(query.with_for_update(of=models.people) if lock else query).first()
    if row is None:
        raise NotFound("STAFF_NOT_FOUND", f"there is nobody {person_id} on the staff list")
    return row


def audit(session, actor_id: str | None, person_id: str, action: str, now, details=None) -> None:
    session.execute(
        insert(models.audit).values(
            actor_id=actor_id, person_id=person_id, action=action, details=details, at=now
        )
    )


def change(tx, person_id: str, changes: dict, actor_id: str | None, now: datetime) -> dict:
    """New name, band, service, site or roles. Emits staff.changed when anything changed."""
    before = stored(tx.session, person_id, lock=True)
    changed = {k: v for k, v in changes.items() if getattr(before, k) != v}
    if not changed:
        return people.staff_out(before)
    p = models.people
    tx.session.execute(update(p).where(p.c.id == person_id).values(**changed))
    after = stored(tx.session, person_id)
    shown = {k: [getattr(before, k), v] for k, v in changed.items()}
    audit(tx.session, actor_id, person_id, "changed", now, shown)
    tx.emit(events.STAFF_CHANGED, people.event_data(after, now))
    return people.staff_out(after)


def deactivate(tx, person_id: str, actor_id: str | None, now: datetime) -> dict:
    """They have left: sign-in fails, and every token and session they hold is refused."""
    if person_id == actor_id:  # nobody locks themselves out, nor the service's last admin
        raise Conflict("NOT_YOURSELF", "another coordinator or admin deactivates you")
    row = stored(tx.session, person_id, lock=True)
    if not row.active:
        raise Conflict("ALREADY_LEFT", f"{row.name} has already left")
    _set_active(tx.session, row, False, now)
    audit(tx.session, actor_id, person_id, "deactivated", now)
    after = stored(tx.session, person_id)
    tx.emit(events.STAFF_LEFT, people.event_data(after, now))
    return people.staff_out(after)


def reactivate(tx, person_id: str, actor_id: str | None, now: datetime) -> dict:
    row = stored(tx.session, person_id, lock=True)
    if row.active:
        raise Conflict("STILL_ACTIVE", f"{row.name} has not left")
    _set_active(tx.session, row, True, now)
    audit(tx.session, actor_id, person_id, "reactivated", now)
    after = stored(tx.session, person_id)
    tx.emit(events.STAFF_CHANGED, people.event_data(after, now))
    return people.staff_out(after)


def _set_active(session, row, active: bool, now: datetime) -> None:
    p = models.people
    session.execute(
        update(p)
        .where(p.c.id == row.id)
        .values(
            active=active,
            left_at=None if active else now,
            # Tokens and web sessions carry the version they were issued under.
            session_version=row.session_version + 1,
        )
    )


def sign_in_state(session, person_id: str) -> dict | None:
    """The version a token must carry, and whether they may sign in at all; None: nobody."""
    p = models.people
    row = session.execute(
        select(p.c.active, p.c.session_version).where(p.c.id == person_id)
    ).first()
    return {"version": row.session_version, "active": row.active} if row else None


def history(session, person_id: str) -> list[dict]:
    """Who invited, changed, deactivated or reactivated them, and when, oldest first."""
    a = models.audit
    rows = session.execute(select(a).where(a.c.person_id == person_id).order_by(a.c.id)).all()
    return [
        {"action": r.action, "by": r.actor_id, "at": r.at.isoformat(), "details": r.details}
        for r in rows
    ]
