"""The delivery log: queue each message once, send it, retry with backoff, then give up visibly."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import eventlet
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import OperationalError

from services.notifications import models
from services.notifications.messages import Message

log = logging.getLogger(__name__)

QUEUED, SENDING, SENT, FAILED = "queued", "sending", "sent", "failed"
# HELD waits for the person's daily digest, then is DIGESTED (sent inside it);
# SKIPPED was turned off in their preferences and is only logged.
# SUPERSEDED was replaced before it went by a newer message to the same person.
HELD, DIGESTED, SKIPPED, SUPERSEDED = "held", "digested", "skipped", "superseded"
STATUSES = (QUEUED, SENDING, SENT, FAILED, HELD, DIGESTED, SKIPPED, SUPERSEDED)
MAX_ATTEMPTS = 8
# A row left `sending` this long belongs to a process that died mid-send.
STALE_SENDING = timedelta(minutes=2)


@dataclass(frozen=True)
class Outgoing:
    """What sending needs of a delivery: a row read back, or one just written."""

    id: int
    key: str
    attempts: int
    recipient_email: str
    subject: str
    text: str
    html: str
    invite: str | None
    invite_method: str | None


def key_of(event_id: str, message: Message) -> str:
    return f"{event_id}:{message.message_type}:{message.recipient['id']}"


def outgoing(delivery_id, event_id, message: Message, text, html, invite) -> Outgoing:
    method, calendar = invite or (None, None)
    return Outgoing(
        delivery_id,
        key_of(event_id, message),
        0,
        message.recipient["email"],
        message.subject[:200],
        text,
        html,
        calendar,
        method,
    )


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(2**attempts, 600))


def queue(
    session,
    event_id: str,
    message: Message,
    text: str,
    html: str,
    now,
    status: str = QUEUED,
    invite: tuple[str, str] | None = None,
    not_before: datetime | None = None,
) -> int | None:
    """Record a delivery; None when this event already gave this person this message."""
    table = models.deliveries
    key = key_of(event_id, message)
    if session.execute(select(table.c.id).where(table.c.key == key)).first():
        return None
    method, calendar = invite or (None, None)
    result = session.execute(
        insert(table).values(
            key=key,
            event_id=event_id,
            message_type=message.message_type,
            recipient_id=message.recipient["id"],
            recipient_email=message.recipient["email"],
            recipient_name=message.recipient.get("name"),
            subject=message.subject[:200],
            text=text,
            html=html,
            status=status,
            attempts=0,
            next_attempt_at=not_before or now,
            created_at=now,
            conference_id=message.context.get("conference_id"),
            invite=calendar,
            invite_method=method,
        )
    )
    return result.inserted_primary_key[0]


def supersede(session, recipient_id: str, conference_id: str, message_type: str) -> int:
    """Withdraw this person's queued messages of a type about a conference, not yet sent."""
    table = models.deliveries
    result = session.execute(
        update(table)
        .where(
            table.c.recipient_id == recipient_id,
            table.c.conference_id == conference_id,
            table.c.message_type == message_type,
            table.c.status == QUEUED,
        )
        .values(status=SUPERSEDED)
    )
    return result.rowcount


def claim(db, now: datetime, ids=None, limit: int = 50) -> list:
    """Mark deliveries `sending` before sending, so no two workers send one message."""
    table = models.deliveries
    with db.transaction() as tx:
        query = select(table).where(
            ((table.c.status == QUEUED) & (table.c.next_attempt_at <= now))
            | ((table.c.status == SENDING) & (table.c.next_attempt_at <= now - STALE_SENDING))
        )
        if ids is not None:
            query = query.where(table.c.id.in_(ids))
        rows = tx.session.execute(
            query.order_by(table.c.id).limit(limit).with_for_update(skip_locked=True)
        ).all()
        if rows:
            tx.session.execute(
                update(table)
                .where(table.c.id.in_([row.id for row in rows]))
                .values(status=SENDING, next_attempt_at=now)
            )
    return rows


def send_claimed(db, mailer, rows, now: datetime) -> int:
    sent = 0
    with mailer.session() as session:
        for row in rows:
            sent += _send_one(db, session, row, now)
    return sent


def _send_one(db, session, row, now: datetime) -> int:
    """Send one delivery and record how it went; 1 if it went."""
    attempts = row.attempts + 1
    try:
        session.send(
            row.recipient_email,
            row.subject,
            row.text,
            row.html,
            f"<{row.key.replace(':', '.')}@mskpeer>",
            (row.invite_method, row.invite) if row.invite else None,
        )
    except Exception as error:  # SMTP down, refusing or timing out: try again later
        give_up = attempts >= MAX_ATTEMPTS
        log.warning("delivery %s attempt %d failed: %s", row.id, attempts, error)
        values = {
            "status": FAILED if give_up else QUEUED,
            "attempts": attempts,
            "next_attempt_at": now + backoff(attempts),
            "last_error": f"{type(error).__name__}: {error}"[:1000],
        }
        _record(db, row.id, values)
        return 0
    _record(db, row.id, {"status": SENT, "attempts": attempts, "sent_at": now, "last_error": None})
    return 1


def _record(db, delivery_id: int, values: dict, tries: int = 5) -> None:
    """Record how a send went; try hard, as a message left `sending` is sent again later."""
    table = models.deliveries
    for attempt in range(1, tries + 1):
        try:
            with db.transaction() as tx:
                tx.session.execute(update(table).where(table.c.id == delivery_id).values(**values))
            return
        except OperationalError:
            if attempt == tries:
                raise
            log.warning("could not record delivery %s yet (attempt %d)", delivery_id, attempt)
            eventlet.sleep(0.2 * 2**attempt)


def delivery_out(row) -> dict:
    return {
        "id": row.id,
        "event_id": row.event_id,
        "type": row.message_type,
        "recipient_id": row.recipient_id,
        "recipient": row.recipient_email,
        "subject": row.subject,
        "status": row.status,
        "invite": row.invite_method,  # REQUEST, CANCEL or None
        "digest_id": row.digest_id,
        "attempts": row.attempts,
        "last_error": row.last_error,
        "created_at": row.created_at.isoformat(),
        "sent_at": row.sent_at.isoformat() if row.sent_at else None,
    }


def list_deliveries(session, status=None, recipient_id=None, offset=0, limit=50):
    table = models.deliveries
    conditions = []
    if status:
        conditions.append(table.c.status == status)
    if recipient_id:
        conditions.append(table.c.recipient_id == recipient_id)
    total = session.execute(select(func.count()).select_from(table).where(*conditions)).scalar_one()
    rows = session.execute(
        select(table).where(*conditions).order_by(table.c.id.desc()).offset(offset).limit(limit)
    ).all()
    return [delivery_out(row) for row in rows], total


def requeue_failed(session, delivery_id: int, now: datetime) -> bool:
    table = models.deliveries
    result = session.execute(
        update(table)
        .where(table.c.id == delivery_id, table.c.status == FAILED)
        .values(status=QUEUED, attempts=0, next_attempt_at=now)
    )
    return result.rowcount == 1
