"""People: who works where, in which band and service, and how they sign in."""

from __future__ import annotations

from datetime import datetime

import eventlet.tpool
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import select, update

from contracts.errors import Unauthenticated
from mskpeer.platform.clock import aware
from services.scheduling import lockout, models
from services.scheduling.domain import Clinician

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


def person_out(row, site_name: str | None = None) -> dict:
    return {
        "id": row.id,
        "name": row.name,
        "email": row.email,
        "band": row.band,
        "service": row.service,
        "site": site_name if site_name is not None else row.site_id,
        "roles": list(row.roles),
    }


def addressee(person: dict) -> dict:
    """Enough to email someone (an event's person): nothing about their work."""
    return {k: person[k] for k in ("id", "name", "email")}


def _people_query():
    c, s = models.clinicians, models.sites
    return select(c, s.c.name.label("site_name")).join(s, s.c.id == c.c.site_id)


def authenticate(session, email: str, password: str, now: datetime) -> dict | Unauthenticated:
    """The person, or the refusal to raise once the count of wrong tries is stored.

    Returned rather than raised: raising would roll back that count.
    """
    c = models.clinicians
    row = session.execute(_people_query().where(c.c.email == email.strip().lower())).first()
    if row is None or not row.active or not row.password_hash:
        return Unauthenticated("BAD_CREDENTIALS", "email or password is wrong")
    locked_until = aware(row.locked_until) if row.locked_until else None
    if lockout.resting(locked_until, now):
        wait = lockout.minutes_left(locked_until, now)
        return Unauthenticated(
            "TOO_MANY_WRONG_PASSWORDS",
            f"too many wrong passwords in a row: try again in {wait} minutes",
        )
    # argon2 is deliberately slow CPU work: keep it off the eventlet hub.
    if eventlet.tpool.execute(_verify, row.password_hash, password):
        if row.wrong_passwords:
            session.execute(update(c).where(c.c.id == row.id).values(wrong_passwords=0))
        return person_out(row, row.site_name)
    wrong, rest_until = lockout.after_wrong_password(row.wrong_passwords, now)
    session.execute(
        update(c).where(c.c.id == row.id).values(wrong_passwords=wrong, locked_until=rest_until)
    )
    return Unauthenticated("BAD_CREDENTIALS", "email or password is wrong")


def people_by_id(session, ids) -> dict[str, dict]:
    rows = session.execute(_people_query().where(models.clinicians.c.id.in_(list(ids)))).all()
    return {row.id: person_out(row, row.site_name) for row in rows}


def active_clinicians(session) -> list[Clinician]:
    c = models.clinicians
    rows = session.execute(select(c).where(c.c.active.is_(True))).all()
    return [
        Clinician(r.id, r.band, r.service, r.site_id, r.can_chair, "chair" in r.roles) for r in rows
    ]
