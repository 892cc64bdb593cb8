"""Claims on the messages this process is sending: leases it renews while it lives.

A delivery being sent is `sending` until its lease (MAIL_LEASE, 10 s) runs out.
This process renews the leases of what it holds every quarter of that time, on a
thread of its own so a busy worker pool cannot starve it. A process killed
mid-send stops renewing: its messages go back to the queue within one lease,
not minutes, and the only one sent twice is one the SMTP server had accepted
just before the kill, before it was recorded as sent.
"""

from __future__ import annotations

import logging
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
    def __init__(self, length: timedelta, now):
        self.length = length
        self._now = now
        self._held: set[int] = set()

    def until(self):
        """When a claim made now runs out, unless renewed."""
        return self._now() + self.length

    def held(self) -> list[int]:
        return list(self._held)

    def hold(self, ids) -> None:
        self._held.update(ids)

    def release(self, delivery_id: int) -> None:
        self._held.discard(delivery_id)

    def renew(self, engine, lock) -> int:
        held = list(self._held)
        if not held:
            return 0
        table = models.deliveries
        with lock.held(), engine.begin() as connection:
            renewed = connection.execute(
                update(table)
                .where(table.c.id.in_(held), table.c.status == SENDING)
                .values(next_attempt_at=self.until())
            )
        return renewed.rowcount


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
