"""Personal calendar feeds: a long random token in the URL is the only key.

Only the token's SHA-256 is stored, so the table alone opens no feed; a new
token replaces the old one, which stops working at once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select

from mskpeer.platform.clock import aware
from services.notifications import models, person_rows
from services.notifications.invites import Occurrence, feed

TOKEN_BYTES = 32  # 256 bits: not guessable, and short enough for a URL


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def rotate(session, clinician_id: str, now: datetime) -> str:
    """A new token for this person's feed; the old one no longer opens it."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    table = models.calendar_feeds
    values = {"token_hash": token_hash(token), "created_at": now}
    person_rows.put(session, table, clinician_id, values)
    return token


def owner(session, token: str) -> str | None:
    """Whose feed a token opens, if any."""
    if not token or len(token) > 200:
        return None
    table = models.calendar_feeds
    row = session.execute(
        select(table.c.clinician_id).where(table.c.token_hash == token_hash(token))
    ).first()
    return row.clinician_id if row else None


def render(conferences: list[dict], sequences: dict[str, int], base_url: str, now) -> str:
    """The feed of `conferences` (from scheduling's calendar_of), each with the person's role.

    The SEQUENCE is the one the last invite carried, so a client holding both
    an invite and the feed sees the same version of the meeting.
    """
    entries = []
    for item in conferences:
        occurrence = Occurrence(
            conference_id=item["conference_id"],
            starts_at=aware(datetime.fromisoformat(item["starts_at"])),
            ends_at=aware(datetime.fromisoformat(item["ends_at"])),
            location=item["location"],
            sequence=sequences.get(item["conference_id"], 0),
            cancelled=item["status"] == "cancelled",
            link=f"{base_url}/conferences/{item['conference_id']}",
            summary=item.get("title") or "MSK case conference",
        )
        entries.append((occurrence, item["role"]))
    return feed(entries, now)
