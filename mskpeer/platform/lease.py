"""Leases: the one copy of a service that does a timer's work for now.

Most timers claim rows (`FOR UPDATE SKIP LOCKED`), so any number of copies can
run them side by side. Some work has no row to claim: planning the rota reads a
window, solves outside any transaction and writes the answer; a daily digest
gathers each person's held messages into one. Two copies doing such work at
once would both pass its checks, so it runs under a lease instead: a row in the
service's own database naming who holds the work, and until when. A copy that
finds the lease held by another skips the tick; the holder gives it back when
done, and a holder that died loses it when it runs out.

The expiry is written with the service's clock, so a lease must be far longer
than any skew between the machines' clocks (NTP keeps them within a second).
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy import Column, DateTime, MetaData, String, Table, update

from mskpeer.platform.engine import upsert

log = logging.getLogger(__name__)


def add_lease_table(metadata: MetaData) -> Table:
    return Table(
        "leases",
        metadata,
        Column("name", String(80), primary_key=True),
        Column("holder", String(36), nullable=False),
        Column("expires_at", DateTime(timezone=True), nullable=False),
    )


def take(db, name: str, length: timedelta) -> str | None:
    """The holder's id if this copy now holds the lease `name`; None if another does."""
    table, holder, now = db.tables["leases"], str(uuid.uuid4()), db.now()
    with db.transaction() as tx:
        tx.session.execute(
            upsert(tx.session, table)
            .values(name=name, holder=holder, expires_at=now)
            .on_conflict_do_nothing(index_elements=["name"])
        )
        # Two copies updating at once: PostgreSQL makes the second wait for the
        # first's commit, then looks at the row again and finds it held.
        taken = tx.session.execute(
            update(table)
            .where(table.c.name == name, (table.c.holder == holder) | (table.c.expires_at <= now))
            .values(holder=holder, expires_at=now + length)
        ).rowcount
    return holder if taken == 1 else None


def give_back(db, name: str, holder: str) -> None:
    table = db.tables["leases"]
    with db.transaction() as tx:
        tx.session.execute(
            update(table)
            .where(table.c.name == name, table.c.holder == holder)
            .values(expires_at=db.now())
        )


@contextlib.contextmanager
def leased(db, name: str, length: timedelta) -> Iterator[bool]:
    """`with leased(self.db, "digests", timedelta(minutes=5)) as mine: if mine: ...`"""
    holder = take(db, name, length)
    if holder is None:
        log.debug("%s: another copy of %s holds it", name, db.service_name)
    try:
        yield holder is not None
    finally:
        if holder is not None:
            give_back(db, name, holder)
