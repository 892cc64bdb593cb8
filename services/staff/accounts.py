"""Signing in: passwords (hashing, checking, the rest after too many wrong ones) and the
verified email an identity provider vouches for. Every sign-in and refusal is a line in the
security log (ASVS 16.3): the person's id where there is one, never an email or password."""

from __future__ import annotations

from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import update

from contracts.errors import Unauthenticated
from mskpeer.platform import security_events as events
from mskpeer.platform.clock import aware
from mskpeer.platform.threads import in_a_thread
from services.staff import lockout, models, people

_hasher = PasswordHasher()
# The security event of each refusal; a leaver's email is worth a look whoever tries it.
REFUSED = {
    "TOO_MANY_WRONG_PASSWORDS": events.SIGN_IN_WHILE_RESTING,
    "ACCOUNT_DEACTIVATED": events.LEAVER_SIGN_IN,
}


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
    row = _by_email(session, email)
    if row is None or not row.active or not row.password_hash:
        return _refused("password", row, "BAD_CREDENTIALS", "email or password is wrong")
    locked_until = aware(row.locked_until) if row.locked_until else None
    if lockout.resting(locked_until, now):
        wait = lockout.minutes_left(locked_until, now)
        return _refused(
            "password",
            row,
            "TOO_MANY_WRONG_PASSWORDS",
            f"too many wrong passwords in a row: try again in {wait} minutes",
        )
    p = models.people
    # argon2 is deliberately slow CPU work: keep it off the eventlet hub.
    if in_a_thread(_verify, row.password_hash, password):
        if row.wrong_passwords:
            session.execute(update(p).where(p.c.id == row.id).values(wrong_passwords=0))
        return _signed_in("password", row)
    wrong, rest_until = lockout.after_wrong_password(row.wrong_passwords, now)
    if rest_until is not None:
        events.record(events.ACCOUNT_RESTED, person=row.id, until=rest_until)
    session.execute(
        update(p).where(p.c.id == row.id).values(wrong_passwords=wrong, locked_until=rest_until)
    )
    return _refused("password", row, "BAD_CREDENTIALS", "email or password is wrong")


def by_verified_email(session, email: str, issuer: str) -> dict:
    """The person an identity provider (`issuer`) has vouched for by a verified email.

    Only someone a coordinator invited and who has not left: an NHS account alone is not
    a place on this service. A password is not needed, nor a rest after wrong passwords
    (those guard the password, which this sign-in does not use).
    """
    row = _by_email(session, email)
    how = f"NHS account ({issuer})"
    if row is None:
        raise _refused(how, row, "NOT_INVITED", "nobody with this email address is invited")
    if not row.active:
        raise _refused(how, row, "ACCOUNT_DEACTIVATED", "this account has been deactivated")
    return _signed_in(how, row)


def _by_email(session, email: str):
    p = models.people
    return session.execute(people.query().where(p.c.email == email.strip().lower())).first()


def _signed_in(how: str, row) -> dict:
    events.record(events.SIGNED_IN, how=how, person=row.id)
    # Tokens and web sessions carry the version, so that leaving ends them all.
    return {**people.person_out(row), "session_version": row.session_version}


def _refused(how: str, row, code: str, message: str) -> Unauthenticated:
    left = row is not None and not row.active
    event = events.LEAVER_SIGN_IN if left else REFUSED.get(code, events.SIGN_IN_FAILED)
    events.record(event, how=how, reason=code, person=row.id if row else None)
    return Unauthenticated(code, message)
