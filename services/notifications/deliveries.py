"""The delivery log: queue each message once, send it, retry with backoff, then give up visibly."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

import eventlet
from sqlalchemy import bindparam, func, select, update

from contracts.errors import DatabaseUnavailable
from mskpeer.platform import metrics
from mskpeer.platform.engine import built_once, upsert
from services.notifications import models
from services.notifications.messages import HOLDS_A_KEY, Message, without_key

log = logging.getLogger(__name__)

QUEUED, SENDING, SENT, FAILED = "queued", "sending", "sent", "failed"
# HELD waits for the person's daily digest, then is DIGESTED (sent inside it);
# SKIPPED was turned off in their preferences and is only logged.
# SUPERSEDED was replaced before it went by a newer message to the same person.
HELD, DIGESTED, SKIPPED, SUPERSEDED = "held", "digested", "skipped", "superseded"
STATUSES = (QUEUED, SENDING, SENT, FAILED, HELD, DIGESTED, SKIPPED, SUPERSEDED)
MAX_ATTEMPTS = 8
RECORD_FOR = 60.0  # seconds of trying to record a send while the database is away


def key_of(event_id: str, message: Message) -> str:
    return f"{event_id}:{message.message_type}:{message.recipient['id']}"


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
    sender=None,
):
    """Record a delivery and return its row; None when this event already gave this
    person this message.

    With `sender` (a process's Leases) it is queued already claimed by that
    sender, as claim() would take it, to be sent once the transaction commits.
    """
    method, calendar = invite or (None, None)
    values = {
        "key": key_of(event_id, message),
        "event_id": event_id,
        "message_type": message.message_type,
        "recipient_id": message.recipient["id"],
        "recipient_email": message.recipient["email"],
        "recipient_name": message.recipient.get("name"),
        "subject": message.subject[:200],
        "text": text,
        "html": html,
        "status": status,
        "attempts": 0,
        "next_attempt_at": not_before or now,
        "created_at": now,
        "conference_id": message.context.get("conference_id"),
        "invite": calendar,
        "invite_method": method,
    }
    if sender is not None:
        values |= {"status": SENDING, "next_attempt_at": sender.until(), "claimed_by": sender.owner}
    return session.execute(_queue(session), values).first()


@built_once
def _queue(session):
    table = models.deliveries
    return (
        upsert(session, table)
        .on_conflict_do_nothing(index_elements=[table.c.key])
        .returning(*table.c)
    )


_DELIVERIES = models.deliveries
# Built once, as _queue: run for every message of a burst.
_SUPERSEDE = (
    update(_DELIVERIES)
    .where(
        _DELIVERIES.c.recipient_id == bindparam("b_recipient_id"),
        _DELIVERIES.c.conference_id == bindparam("b_conference_id"),
        _DELIVERIES.c.message_type == bindparam("b_message_type"),
        _DELIVERIES.c.status == QUEUED,
    )
    .values(status=SUPERSEDED)
)
_RECORD = update(_DELIVERIES).where(_DELIVERIES.c.id == bindparam("b_id"))  # sets what it is given


def supersede(session, recipient_id: str, conference_id: str, message_type: str) -> int:
    """Withdraw this person's queued messages of a type about a conference, not yet sent."""
    withdrawn = {
        "b_recipient_id": recipient_id,
        "b_conference_id": conference_id,
        "b_message_type": message_type,
    }
    return session.execute(_SUPERSEDE, withdrawn).rowcount


def claim(db, leases, now: datetime, ids=None, limit: int = 50) -> list:
    """Take deliveries due, or whose sender's lease ran out, so no two senders send one."""
    table = models.deliveries
    since = time.monotonic()
    due = select(table.c.id).where(
        ((table.c.status == QUEUED) & (table.c.next_attempt_at <= now))
        | ((table.c.status == SENDING) & (table.c.next_attempt_at <= now)),
        # Never from under this process's own sender, even if its lease ran late.
        table.c.id.not_in(leases.held()),
    )
    if ids is not None:
        due = due.where(table.c.id.in_(ids))
    due = due.order_by(table.c.id).limit(limit).with_for_update(skip_locked=True)
    with db.transaction() as tx:
        # One statement: the rows are locked, taken and returned in one round trip.
        rows = tx.session.execute(
            update(table)
            .where(table.c.id.in_(due.scalar_subquery()))
            .values(status=SENDING, next_attempt_at=leases.until(), claimed_by=leases.owner)
            .returning(*table.c)
        ).all()
    rows.sort(key=lambda row: row.id)
    leases.hold([row.id for row in rows], since)
    return rows


def send_claimed(db, mailer, leases, rows, clock) -> int:
    """Send what this process claimed, as many at once as the mailer allows; each is
    recorded as it goes. Returns how many went."""

    def send(row) -> int:
        try:
            return _send_one(db, mailer, row, clock) if _still_mine(db, leases, row.id) else 0
        finally:
            leases.release(row.id)

    pool = eventlet.GreenPool(mailer.concurrency)
    sending = [pool.spawn(send, row) for row in rows]
    pool.waitall()  # every claim settled, even if recording one of them failed
    return sum(each.wait() for each in sending)


def _still_mine(db, leases, delivery_id: int) -> bool:
    """A claim not renewed lately may have run out and been taken: look before sending."""
    if leases.fresh(delivery_id):
        return True
    table = models.deliveries
    since = time.monotonic()
    kept = db.execute_alone(
        update(table)
        .where(table.c.id == delivery_id, leases.mine(table))
        .values(next_attempt_at=leases.until())
    ).rowcount
    if kept:
        leases.hold([delivery_id], since)
    else:
        log.warning("delivery %s: its lease ran out and another sender took it", delivery_id)
    return bool(kept)


def _send_one(db, mailer, row, clock) -> int:
    """Send one delivery and record how it went, at once and on its own; 1 if it went."""
    attempts = row.attempts + 1
    try:
        mailer.send(
            row.recipient_email,
            row.subject,
            row.text,
            row.html,
            f"<{row.key.replace(':', '.')}@mskpeer>",
            (row.invite_method, row.invite) if row.invite else None,
        )
    except Exception as error:  # SMTP away, refusing, cut off, or a message it can't take
        # MaybeSent too: the server may have it, but a message lost is worse than
        # one twice; the same Message-ID marks the second copy (platform/smtp.py).
        give_up = attempts >= MAX_ATTEMPTS
        log.warning("delivery %s attempt %d failed: %s", row.id, attempts, error)
        metrics.mail_failed("notifications")
        values = {
            "status": FAILED if give_up else QUEUED,
            "attempts": attempts,
            "next_attempt_at": clock() + backoff(attempts),
            "last_error": f"{type(error).__name__}: {error}"[:1000],
        }
        _record(db, row.id, _settled(row, values) if give_up else values)
        return 0
    # Accepted by the SMTP server: recorded now, before this sender's next message,
    # so a crash repeats at most the messages in flight (SMTP_CONCURRENCY).
    sent = {"status": SENT, "attempts": attempts, "sent_at": clock(), "last_error": None}
    _record(db, row.id, _settled(row, sent))
    metrics.mail_sent("notifications")
    return 1


def _settled(row, values: dict) -> dict:
    """What a delivery that will not be sent again keeps: a key in it is withheld."""
    if row.message_type not in HOLDS_A_KEY:
        return values
    return {**values, "text": without_key(row.text), "html": without_key(row.html)}


def _record(db, delivery_id: int, values: dict) -> None:
    """Record how a send went; keep trying through a short outage, as a message left
    `sending` is sent again once its lease runs out."""
    waited, pause = 0.0, 0.2
    while True:
        try:
            # One statement, so no transaction around it: one round trip, not three.
            db.execute_alone(_RECORD, {**values, "b_id": delivery_id})
            return
        except DatabaseUnavailable:
            if waited >= RECORD_FOR:
                raise
            log.warning("could not record delivery %s yet; the database is away", delivery_id)
            eventlet.sleep(pause)
            waited, pause = waited + pause, min(pause * 2, 5.0)


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
