"""Event handlers that apply each event exactly once, retry, then park.

`@on_event(CASE_SUBMITTED)` wraps nameko's `@event_handler`:
- the event id is recorded per handler in the same transaction as the effect,
  so a redelivered or re-relayed event is recognised and skipped;
- a failing handler is retried with backoff, HANDLER_MAX_ATTEMPTS times for a
  fault of its own and for HANDLER_OUTAGE_RETRY (2 minutes) while the database
  or broker is away; then the event is parked in the service's dead-letter
  table and acknowledged (parked by an outage, it is replayed by itself later);
- only if even parking fails (the database is down) is the message requeued,
  so nothing is acknowledged that was neither applied nor parked;
- `data` is read through the contract of its own `schema_version` and upcast to
  the version the handler reads; a newer version is parked at once as
  awaiting_upgrade and replayed by the first replica that reads it
  (contracts/versions.py says why it is not read tolerantly).
"""

from __future__ import annotations

import functools
import logging
import traceback

import eventlet

from contracts.envelope import Envelope
from contracts.events import spec_for
from contracts.versions import NewerThanKnown, Unreadable, read
from mskpeer.platform.dead_letters import AWAITING_UPGRADE, park
from mskpeer.platform.engine import built_once, upsert
from mskpeer.platform.entrypoints import event_handler
from mskpeer.platform.outages import RetryPolicy, passing

log = logging.getLogger(__name__)

APPLIED, DUPLICATE = "applied", "duplicate"


class HandlerFailed(Exception):
    def __init__(self, error: str, attempts: int = 1, outage: bool = False, newer: bool = False):
        super().__init__(error)
        self.error = error
        self.attempts = attempts
        self.outage = outage  # it failed because the database or broker was away
        self.newer = newer  # its version is newer than the handler reads


def handler_key(service, method_name: str) -> str:
    return f"{service.name}.{method_name}"


def apply_once(service, method_name: str, handle, envelope: Envelope) -> str:
    """One attempt: the effect and the processed marker commit together."""
    db = service.db
    with db.transaction(cause=envelope) as tx:
        if not _first_time(tx.session, db, handler_key(service, method_name), envelope.event_id):
            return DUPLICATE
        handle(service, envelope, tx)
    return APPLIED


def _first_time(session, db, key: str, event_id: str) -> bool:
    """Write the processed marker first, if it is not there: one statement where a look
    and a write were two. A worker applying the same event at the same moment holds its
    marker until it commits; this one waits, then finds it and skips the event (or, had
    the other rolled back, applies it)."""
    marker = {"handler": key, "event_id": event_id, "processed_at": db.now()}
    written = session.execute(_write_marker(session, db.tables["processed_events"]), marker)
    return written.first() is not None


@built_once
def _write_marker(session, processed):
    return (
        upsert(session, processed)
        .on_conflict_do_nothing(index_elements=["handler", "event_id"])
        .returning(processed.c.id)
    )


def readable(envelope: Envelope, reads: int | None) -> Envelope:
    """The event as the handler reads it; HandlerFailed at once where no retry could help."""
    try:
        return read(envelope, reads)
    except NewerThanKnown as newer:
        raise HandlerFailed(str(newer), newer=True) from None
    except Unreadable as unreadable:
        raise HandlerFailed(str(unreadable)) from None


def deliver(
    service, method_name: str, handle, envelope: Envelope, policy: RetryPolicy, reads=None
) -> str:
    """Apply with retries: a few for a fault, minutes for an outage. HandlerFailed after them."""
    envelope = readable(envelope, reads)
    waited, attempt = 0.0, 0
    while True:
        attempt += 1
        try:
            return apply_once(service, method_name, handle, envelope)
        except Exception as error:
            outage = passing(error)
            pause = policy.wait(attempt, waited, outage)
            log.warning(
                "%s failed on %s (attempt %d%s)",
                handler_key(service, method_name),
                envelope.event_id,
                attempt,
                ", the database or broker is away" if outage else "",
                exc_info=not outage,
            )
            if pause is None:
                raise HandlerFailed(traceback.format_exc(limit=8), attempt, outage) from None
            eventlet.sleep(pause)
            waited += pause


def on_event(event_type: str, reads: int | None = None):
    """Subscribe a service method `(self, envelope, tx)` to an event type.

    `reads`: the version of `data` the handler is written for, by default the
    contract's current one. Older events are upcast to it; newer ones wait.
    """
    source = spec_for(event_type).source

    def decorate(handle):
        method_name = handle.__name__

        @functools.wraps(handle)
        def receive(self, payload):
            key = handler_key(self, method_name)
            try:
                envelope = Envelope.from_wire(payload)
            except Exception as error:  # not an envelope at all: retrying cannot help
                wire = payload if isinstance(payload, dict) else {"payload": repr(payload)}
                park(self.db, key, wire, f"not a valid event envelope: {error}", 1)
                return "parked"
            try:
                policy = RetryPolicy.from_config(self.db.config)
                return deliver(self, method_name, handle, envelope, policy, reads)
            except HandlerFailed as failed:
                # An event parked by an outage is replayed by itself once the service is
                # healthy again, one too new once a replica reads it; one parked by a
                # fault waits for a person. The envelope is kept as it came, unconverted.
                status = AWAITING_UPGRADE if failed.newer else None
                park(
                    self.db,
                    key,
                    envelope,
                    failed.error,
                    failed.attempts,
                    replay=failed.outage,
                    status=status,
                )
                return "parked"

        receive.reliable_handler = handle  # replay runs the undecorated handler
        receive.event_type = event_type
        receive.reads = reads
        # requeue_on_error only matters when parking itself failed (see above).
        return event_handler(source, event_type, requeue_on_error=True)(receive)

    return decorate
