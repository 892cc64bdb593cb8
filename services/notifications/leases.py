"""Claims on the messages this process is sending: leases it renews while it lives.

A delivery being sent is `sending`, claimed by one sender process, until its
lease (MAIL_LEASE, 10 s) runs out. The process renews the leases of what it
holds every quarter of that time, on a thread of its own so a busy worker pool
cannot starve it, and checks a claim is still its own before sending a message
whose lease it has not renewed lately (a process starved of CPU may find it
lost). A process killed mid-send stops renewing: its messages go back to the
queue within one lease, not minutes, and the only one sent twice is one the SMTP
server had accepted just before the kill, before it was recorded as sent.
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import timedelta

import eventlet
from nameko.extensions import DependencyProvider
from sqlalchemy import update

from mskpeer.platform.database import Database
from mskpeer.platform.settings import parse_duration
from services.notifications import models
from services.notifications.deliveries import SENDING

log = logging.getLogger(__name__)


class Leases:
    def __init__(self, length: timedelta, now, owner: str | None = None):
        self.length = length
        self.owner = owner or str(uuid.uuid4())  # this process, as the sender of its claims
        self._now = now
        self._held: dict[int, float] = {}  # delivery id: when its lease was last (re)started

    def until(self):
        """When a claim made now runs out, unless renewed."""
        return self._now() + self.length

    def held(self) -> list[int]:
        return list(self._held)

    def hold(self, ids, since: float) -> None:
        """`since`: time.monotonic() before the statement that claimed them was sent."""
        self._held.update(dict.fromkeys(ids, since))

    def release(self, delivery_id: int) -> None:
        self._held.pop(delivery_id, None)

    def fresh(self, delivery_id: int) -> bool:
        """Held with at least half a lease to go: nobody else can have claimed it."""
        started = self._held.get(delivery_id)
        return started is not None and time.monotonic() - started < self.length.total_seconds() / 2

    def mine(self, table):
        return (table.c.status == SENDING) & (table.c.claimed_by == self.owner)

    def renew(self, engine, lock) -> None:
        held, since = self.held(), time.monotonic()
        if not held:
            return
        table = models.deliveries
        with lock.held(), engine.begin() as connection:
            connection.execute(
                update(table)
                .where(table.c.id.in_(held), self.mine(table))
                .values(next_attempt_at=self.until())
            )
        self.hold([i for i in held if i in self._held], since)


class SendingLeases(DependencyProvider):
    """`self.leases` in the notifications service."""

    def setup(self):
        length = parse_duration(self.container.config.get("MAIL_LEASE") or "10s")
        database = next(d for d in self.container.dependencies if isinstance(d, Database))
        self.leases = Leases(length, database.now)
        self._database = database

    def start(self):
        self.container.spawn_managed_thread(self._keep_alive)

    def _keep_alive(self):
        every = self.leases.length.total_seconds() / 4
        while True:
            eventlet.sleep(every)
            try:
                self.leases.renew(self._database.engine, self._database.lock)
            except Exception as error:  # the database is away: the leases may run out
                log.warning("could not renew the leases of messages being sent: %s", error)

    def get_dependency(self, worker_ctx):
        return self.leases
