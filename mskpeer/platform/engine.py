"""SQLAlchemy engines that behave under eventlet.

PostgreSQL through psycopg2 is cooperative once eventlet has monkey-patched
sockets. SQLite is not: its busy wait sleeps in C and freezes the hub, so we
never wait inside SQLite (timeout=0) and instead queue writers on a green lock.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator

import eventlet.semaphore
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.pool import StaticPool

log = logging.getLogger(__name__)
WAIT_FOR_ANOTHER = 600.0  # seconds: a copy migrating a large table may take minutes


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def driver_url(url: str) -> str:
    """SQLAlchemy 2.1 reads `postgresql://` as psycopg 3, which blocks the eventlet hub."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url.removeprefix(prefix)
    return url


def make_engine(url: str, *, green: bool = True, pool_size: int = 10) -> Engine:
    # hide_parameters: a failed statement's error (and so a log line) names the SQL but not
    # the values bound to it, which can be a case's or a patient's words.
    url = driver_url(url)
    if is_sqlite(url):
        # One connection shared by every greenthread, used under a green lock.
        engine = create_engine(
            url,
            hide_parameters=True,
            poolclass=StaticPool,
            connect_args={"check_same_thread": False, "timeout": 0 if green else 10},
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            # WAL lets the `mskpeer dead-letters` command read while a service writes.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    # A fixed pool: four services share one PostgreSQL (100 connections by
    # default). No overflow, because an overflow connection is closed when it
    # is returned and opening a new one costs a PostgreSQL fork; a worker waits
    # for a free connection instead.
    return create_engine(
        url,
        hide_parameters=True,
        pool_size=pool_size,
        max_overflow=0,
        pool_timeout=30,
        pool_pre_ping=True,
        connect_args={"options": BOUNDED_WAITS},
    )


# No wait without a bound: a statement stuck behind a lock fails (and its handler
# retries) instead of wedging a worker, and a transaction left open by a worker
# that never resumed is ended by PostgreSQL, releasing its locks.
BOUNDED_WAITS = (
    "-c lock_timeout=10s -c statement_timeout=60s -c idle_in_transaction_session_timeout=60s"
)


class GreenLock:
    """Serialises transactions on SQLite; a no-op on PostgreSQL."""

    def __init__(self, url: str):
        self._semaphore = eventlet.semaphore.Semaphore(1) if is_sqlite(url) else None

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        if self._semaphore is None:
            yield
            return
        with self._semaphore:
            yield


def serialised(connection, name: str, wait: float = WAIT_FOR_ANOTHER) -> None:
    """Hold the advisory lock `name` until this transaction ends (PostgreSQL; no-op on SQLite).

    Tried in a loop rather than waited on: a plain wait would end at the
    connection's lock_timeout (10 s), long before another copy's migration.
    """
    if connection.dialect.name != "postgresql":
        return
    deadline = time.monotonic() + wait
    take = text("SELECT pg_try_advisory_xact_lock(hashtext(:name))")
    while not connection.execute(take, {"name": name}).scalar():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{name}: another copy held the lock for {wait:.0f} s")
        log.info("%s: waiting for another copy to finish", name)
        time.sleep(0.2)
