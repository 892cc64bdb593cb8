"""Passwords: hashing, checking, and the rest after too many wrong ones."""

from __future__ import annotations

from datetime import datetime

import eventlet.tpool
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import update

from contracts.errors import Unauthenticated
from mskpeer.platform import security_events
from mskpeer.platform.clock import aware
from services.staff import lockout, models, people

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


def authenticate(session, email: str, password: str, now: datetime) -> dict | Unauthenticated:
    """The person, or the refusal to raise once the count of wrong tries is stored.

    Returned rather than raised: raising would roll back that count.
    """
    p = models.people
    row = session.execute(people.query().where(p.c.email == email.strip().lower())).first()
    if row is not None and not row.active:  # a leaver's account: worth a look whoever tries
        security_events.record(security_events.LEAVER_SIGN_IN, person=row.id)
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
            session.execute(update(p).where(p.c.id == row.id).values(wrong_passwords=0))
        # Tokens and web sessions carry the version, so that leaving ends them all.
        return {**people.person_out(row), "session_version": row.session_version}
    wrong, rest_until = lockout.after_wrong_password(row.wrong_passwords, now)
    if rest_until is not None:
        security_events.record(security_events.ACCOUNT_RESTED, person=row.id, until=rest_until)
    session.execute(
        update(p).where(p.c.id == row.id).values(wrong_passwords=wrong, locked_until=rest_until)
    )
    return Unauthenticated("BAD_CREDENTIALS", "email or password is wrong")
