"""What every service of ours has besides its own entrypoints.

The outbox relay timer and the dead-letter routes are the same in each service,
so they live here once; a service class inherits them and declares `db`.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select, text, update

from contracts.envelope import Envelope
from contracts.errors import NotFound
from contracts.events import spec_for
from mskpeer.platform.consumer import HandlerFailed, deliver
from mskpeer.platform.database import RELAY_BATCH
from mskpeer.platform.dead_letters import (
    AWAITING_UPGRADE,
    PARKED,
    REPLAY_REQUESTED,
    REPLAYED,
    as_dict,
    list_parked,
)
from mskpeer.platform.entrypoints import rpc
from mskpeer.platform.lease import leased
from mskpeer.platform.log_context import LogContext
from mskpeer.platform.metrics import WorkerMetrics
from mskpeer.platform.outages import RetryPolicy, passing
from mskpeer.platform.timers import timer

log = logging.getLogger(__name__)

RELAY_INTERVAL = 1.0  # seconds between sweeps of the outbox and replay requests
REPLAY_LEASE = timedelta(minutes=5)  # handlers retry within seconds: far longer than a replay


class ReliableService:
    name: str
    db = None  # each service sets a Database provider
    metrics = WorkerMetrics()  # RPC latency, events consumed, timer runs
    log_context = LogContext()  # every log line of a worker carries its request's ids

    @timer(interval=RELAY_INTERVAL)
    def relay_outbox(self):
        try:
            while self.db.relay() == RELAY_BATCH:  # behind (a burst, or back from an outage)
                pass
        except Exception as error:
            if not passing(error):
                raise
            log.warning("outbox relay waits for the broker or the database: %s", error)
            return
        self._replay_requested()

    @rpc
    def health(self):
        with self.db.transaction() as tx:
            tx.session.execute(text("SELECT 1"))
        return {"status": "ok", "database": self.db.dialect}

    @rpc
    def list_dead_letters(self, status=None, offset=0, limit=50):
        table = self.db.tables["dead_letters"]
        with self.db.transaction() as tx:
            items, total = list_parked(tx.session, table, self.name, status, offset, limit)
        return {"items": items, "total": total}

    @rpc(expected_exceptions=NotFound)
    def replay_dead_letter(self, dead_letter_id):
        """Run the parked event through its handler once more. Returns the dead letter."""
        table = self.db.tables["dead_letters"]
        with self.db.transaction() as tx:
            row = tx.session.execute(select(table).where(table.c.id == dead_letter_id)).first()
        if row is None:
            raise NotFound(
                "DEAD_LETTER_NOT_FOUND", f"no dead letter {dead_letter_id} in {self.name}"
            )
        if row.status != REPLAYED:
            self._replay(row, RetryPolicy(attempts=1, outage=0))  # a person waits for the answer
        with self.db.transaction() as tx:
            row = tx.session.execute(select(table).where(table.c.id == dead_letter_id)).one()
            return as_dict(row, self.name)

    def _replay_requested(self):
        """Replays an operator asked for (`mskpeer dead-letters replay`), and events that
        waited for an upgrade this copy has had, by one copy at a time: two copies
        replaying one letter could each record the other's run as failed."""
        if not self._requested():
            return
        with leased(self.db, f"{self.name}.dead_letter_replays", REPLAY_LEASE) as mine:
            if not mine:
                return
            for row in self._requested():  # read again: another copy may have done them
                # once each: if it fails again it stays parked, for a person
                self._replay(row, replace(RetryPolicy.from_config(self.db.config), attempts=1))

    def _requested(self) -> list:
        table = self.db.tables["dead_letters"]
        waiting = (REPLAY_REQUESTED, AWAITING_UPGRADE)
        with self.db.transaction() as tx:
            rows = tx.session.execute(
                select(table).where(table.c.status.in_(waiting)).order_by(table.c.id)
            ).all()
        # A newer version waits for a copy that reads it: this one, or a later, upgraded one.
        return [row for row in rows if row.status != AWAITING_UPGRADE or self._reads(row)]

    def _receiver(self, row):
        return getattr(type(self), row.handler.split(".", 1)[1])

    def _reads(self, row) -> bool:
        reads = self._receiver(row).reads or spec_for(row.event_type).version
        return row.envelope.get("schema_version", 1) <= reads

    def _replay(self, row, policy: RetryPolicy):
        table = self.db.tables["dead_letters"]
        receive = self._receiver(row)
        method_name, handle = receive.__name__, receive.reliable_handler
        envelope = Envelope.from_wire(row.envelope)
        values = {"status": REPLAYED, "replayed_at": self.db.now()}
        try:
            deliver(self, method_name, handle, envelope, policy, receive.reads)
        except HandlerFailed as failed:
            attempts = row.attempts + failed.attempts
            status = AWAITING_UPGRADE if failed.newer else PARKED
            values = {"status": status, "error": failed.error[-4000:], "attempts": attempts}
        with self.db.transaction() as tx:
            tx.session.execute(update(table).where(table.c.id == row.id).values(**values))
        log.info("replayed dead letter %s of %s: %s", row.id, self.name, values["status"])
