"""The daily digest: one email per person with every message held for it since the last."""

from __future__ import annotations

import itertools
import uuid
from datetime import datetime, time

from sqlalchemy import select, update

from services.notifications import deliveries, domain, models
from services.notifications.mailroom import Render
from services.notifications.messages import PRODUCT, digest_message


def digest_event_id(recipient_id: str, slot: datetime) -> str:
    """One digest per person per day, however often the timer looks."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"mskpeer:digest:{recipient_id}:{slot.isoformat()}"))


def inner_text(text: str) -> str:
    """A held message's own words, without the greeting and sign-off the digest has once."""
    lines = text.strip().splitlines()
    if lines and lines[0].startswith("Dear "):
        lines = lines[1:]
    if lines and lines[-1].strip() == PRODUCT:
        lines = lines[:-1]
    return "\n".join(lines).strip()


def compose_due(session, now: datetime, digest_at: time, render: Render) -> list[int]:
    """Queue the digest of everyone with messages held before today's digest time.

    Returns the digests' delivery ids. A message held after that time waits
    for tomorrow's digest.
    """
    slot = domain.last_digest_time(now, digest_at)
    table = models.deliveries
    held = session.execute(
        select(table)
        .where(table.c.status == deliveries.HELD, table.c.created_at < slot)
        .order_by(table.c.recipient_id, table.c.id)
        .with_for_update(skip_locked=True)
    ).all()
    digests = []
    for recipient_id, rows in itertools.groupby(held, key=lambda row: row.recipient_id):
        rows = list(rows)
        person = {
            "id": recipient_id,
            "name": rows[-1].recipient_name or rows[-1].recipient_email,
            "email": rows[-1].recipient_email,
        }
        items = [{"subject": row.subject, "text": inner_text(row.text)} for row in rows]
        day = slot.astimezone(domain.LONDON).strftime("%A %d %B %Y")
        message = digest_message(person, items, day)
        text, html = render(message)
        digest = deliveries.queue(
            session, digest_event_id(recipient_id, slot), message, text, html, now
        )
        if digest is None:
            continue  # today's digest already went: these wait for tomorrow's
        session.execute(
            update(table)
            .where(table.c.id.in_([row.id for row in rows]))
            .values(status=deliveries.DIGESTED, digest_id=digest.id)
        )
        digests.append(digest.id)
    return digests
