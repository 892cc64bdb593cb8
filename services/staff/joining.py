"""Joining the staff list: the first admin, an invitation, and the link to set a password."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import insert, select, update

from contracts import events
from contracts.errors import Conflict, Invalid
from mskpeer.platform.threads import in_a_thread
from services.staff import accounts, leaving, links, models, passwords, people


def join(tx, details: dict, actor_id: str | None, now: datetime, expertise=None) -> dict:
    """Store a new person (no password yet) and announce them. Returns the stored row."""
    p = models.people
    email = details["email"].strip().lower()
    if tx.session.execute(select(p.c.id).where(p.c.email == email)).first():
        raise Conflict(
            "EMAIL_TAKEN", f"{email} is already on the staff list", {"email": ["already there"]}
        )
    person_id = str(uuid.uuid4())
    values = {k: details.get(k) for k in ("name", "band", "service", "site_id", "roles")}
    tx.session.execute(
        insert(p).values(id=person_id, email=email, active=True, joined_at=now, **values)
    )
    row = leaving.stored(tx.session, person_id)
    leaving.audit(tx.session, actor_id, person_id, "invited", now, {"roles": values["roles"]})
    tx.emit(events.STAFF_JOINED, people.event_data(row, now, expertise or []))
    return row


def send_link(tx, row, purpose: str, now: datetime) -> str:
    """A new single-use link for this person, emailed by notifications. Returns the token."""
    token = links.issue(tx.session, row.id, purpose, now)
    tx.emit(
        events.STAFF_PASSWORD_LINK_ISSUED,
        {
            "staff_id": row.id,
            "name": row.name,
            "email": row.email,
            "purpose": purpose,
            "token": token,
            "expires_at": (now + links.LIFETIMES[purpose]).isoformat(),
        },
    )
    return token


def resend_invitation(tx, person_id: str, actor_id: str, now: datetime) -> dict:
    row = leaving.stored(tx.session, person_id)
    if not row.active:
        raise Conflict("ALREADY_LEFT", f"{row.name} has left: reactivate them first")
    if row.password_hash:
        raise Conflict(
            "ALREADY_SIGNED_UP",
            f"{row.name} has set a password: they can use 'Forgotten your password?'",
        )
    send_link(tx, row, "invitation", now)
    leaving.audit(tx.session, actor_id, person_id, "invitation_sent", now)
    return people.person_out(row)


def first_admin(tx, email: str, name: str, now: datetime) -> str:
    """The first admin of a new installation (`mskpeer staff create-admin`). Returns a token."""
    p = models.people
    admins = tx.session.execute(select(p.c.roles).where(p.c.active.is_(True))).scalars()
    if any("admin" in roles for roles in admins):
        raise Conflict(
            "ADMIN_EXISTS", "there is already an admin: they invite others from the web app"
        )
    details = {"email": email, "name": name, "roles": ["admin"]}
    return links.issue(tx.session, join(tx, details, None, now).id, "invitation", now)


def set_password(tx, token: str, password: str, now: datetime) -> dict:
    """Use a link: the password is set, and any older sessions of theirs end."""
    link = links.redeem(tx.session, token, now)
    row = leaving.stored(tx.session, link.person_id)
    if not row.active:  # left since the link was sent
        raise Invalid("LINK_NOT_VALID", "this link is no longer valid", {"token": ["left"]})
    wrong = passwords.problem(password, {"name": row.name, "email": row.email})
    if wrong:
        raise Invalid("PASSWORD_NOT_ACCEPTED", wrong, {"password": [wrong]})
    # argon2 is deliberately slow CPU work: off the eventlet hub, as checking a password is.
    password_hash = in_a_thread(accounts.hash_password, password)
    p = models.people
    tx.session.execute(
        update(p)
        .where(p.c.id == row.id)
        .values(
            password_hash=password_hash,
            wrong_passwords=0,
            locked_until=None,
            session_version=row.session_version + 1,
        )
    )
    leaving.audit(tx.session, row.id, row.id, f"password_set_by_{link.purpose}", now)
    after = leaving.stored(tx.session, row.id)
    tx.emit(events.STAFF_CHANGED, people.event_data(after, now))  # its new session version
    return people.person_out(after)


def forgotten(tx, email: str, now: datetime) -> None:
    """Email a one-hour link to an active person; say nothing either way."""
    p = models.people
    row = tx.session.execute(
        people.query().where(p.c.email == email.strip().lower(), p.c.active.is_(True))
    ).first()
    if row is not None:
        send_link(tx, row, "reset", now)
        leaving.audit(tx.session, None, row.id, "password_reset_asked", now)
