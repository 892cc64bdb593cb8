"""Single-use links to set a password: an invitation (7 days) or a forgotten password (1 hour).

Only a SHA-256 of each token is stored, so a copy of the database gives nobody a
working link. A new link of the same kind replaces the older one.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update

from contracts.errors import Invalid
from mskpeer.platform.clock import aware
from services.staff import models

LIFETIMES = {"invitation": timedelta(days=7), "reset": timedelta(hours=1)}


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(session, person_id: str, purpose: str, now: datetime) -> str:
    """A new link's token (shown once, never stored); older unused ones stop working."""
    links = models.password_links
    session.execute(
        update(links)
        .where(links.c.person_id == person_id, links.c.used_at.is_(None))
        .values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    session.execute(
        insert(links).values(
            token_hash=_digest(token),
            person_id=person_id,
            purpose=purpose,
            created_at=now,
            expires_at=now + LIFETIMES[purpose],
        )
    )
    return token


def redeem(session, token: str, now: datetime):
    """The link's row, now used up; a used, replaced or expired link is refused."""
    links = models.password_links
    row = session.execute(
        select(links).where(links.c.token_hash == _digest(token)).with_for_update()
    ).first()
    if row is None or row.used_at is not None or aware(row.expires_at) <= now:
        raise Invalid(
            "LINK_NOT_VALID",
            "this link has been used, replaced or has expired: ask for a new one",
            {"token": ["ask for a new link"]},
        )
    session.execute(update(links).where(links.c.id == row.id).values(used_at=now))
    return row


def url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/set-password?token={token}"
