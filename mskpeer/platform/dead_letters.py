"""The dead-letter store: what a handler could not apply, kept for a person to see and replay."""

from __future__ import annotations

import logging

from sqlalchemy import func, insert, select, update

from contracts.envelope import Envelope
from mskpeer.platform.engine import serialised

log = logging.getLogger(__name__)

PARKED, REPLAY_REQUESTED, REPLAYED = "parked", "replay_requested", "replayed"
# A version of an event newer than its handler reads: replayed by the first replica
# that reads it, once the upgrade reaches this service (contracts/versions.py).
AWAITING_UPGRADE = "awaiting_upgrade"
STATUSES = (PARKED, REPLAY_REQUESTED, AWAITING_UPGRADE, REPLAYED)


def park(
    db,
    handler: str,
    envelope: Envelope | dict,
    error: str,
    attempts: int,
    replay: bool = False,
    status: str | None = None,
) -> None:
    """Keep an event, or a message that was not even an envelope, with why it failed.

    `replay`: it failed only because the database or broker was away, so it is
    kept as replay_requested and the relay timer replays it once all is well.
    `status` overrides both (AWAITING_UPGRADE).
    """
    table = db.tables["dead_letters"]
    wire = envelope.to_wire() if isinstance(envelope, Envelope) else envelope
    event_id = str(wire.get("event_id", ""))[:36]
    with db.transaction() as tx:
        # Two copies of one event failing together must not both see "not parked yet"
        # and both insert: on PostgreSQL they take turns until the commit.
        serialised(tx.session, f"mskpeer.park.{handler}:{event_id}")
        if event_id and _waiting(tx.session, table, handler, event_id):
            # The same event arrived twice (published after commit and relayed, both
            # during an outage): one line for a person to see, and one replay.
            log.warning("%s for %s is already parked", event_id, handler)
            return
        tx.session.execute(
            insert(table).values(
                handler=handler,
                event_id=event_id,
                event_type=str(wire.get("event_type", "malformed"))[:80],
                envelope=wire,
                error=error[-4000:],
                attempts=attempts,
                status=status or (REPLAY_REQUESTED if replay else PARKED),
                parked_at=db.now(),
            )
        )
    log.error("parked %s for %s after %d attempts", wire.get("event_id"), handler, attempts)


def _waiting(session, table, handler: str, event_id: str) -> bool:
    query = select(table.c.id).where(
        table.c.handler == handler, table.c.event_id == event_id, table.c.status != REPLAYED
    )
    return session.execute(query.limit(1)).first() is not None


def as_dict(row, service: str) -> dict:
    return {
        "id": row.id,
        "service": service,
        "handler": row.handler,
        "event_id": row.event_id,
        "event_type": row.event_type,
        "error": row.error,
        "attempts": row.attempts,
        "status": row.status,
        "parked_at": row.parked_at.isoformat() if row.parked_at else None,
        "replayed_at": row.replayed_at.isoformat() if row.replayed_at else None,
    }


def list_parked(session, table, service: str, status=None, offset=0, limit=50):
    query = select(table).order_by(table.c.id)
    count = select(func.count()).select_from(table)
    if status:
        query = query.where(table.c.status == status)
        count = count.where(table.c.status == status)
    rows = session.execute(query.offset(offset).limit(limit)).all()
    return [as_dict(row, service) for row in rows], session.execute(count).scalar_one()


def request_replay(session, table, dead_letter_id: int) -> bool:
    """Used by the command line, which has the database but not the handler code running."""
    result = session.execute(
        update(table)
        .where(table.c.id == dead_letter_id, table.c.status == PARKED)
        .values(status=REPLAY_REQUESTED)
    )
    return result.rowcount == 1
