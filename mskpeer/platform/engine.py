"""SQLAlchemy engines that behave under eventlet.

PostgreSQL through psycopg2 is cooperative once eventlet has monkey-patched
sockets. SQLite is not: its busy wait sleeps in C and freezes the hub, so we
never wait inside SQLite (timeout=0) and instead queue writers on a green lock.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import time
from collections.abc import Iterator

import eventlet.semaphore
from sqlalchemy import Engine, Table, create_engine, event, exc, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.pool import StaticPool

log = logging.getLogger(__name__)
WAIT_FOR_ANOTHER = 600.0  # seconds: a copy migrating a large table may take minutes
PING_AFTER = 5.0  # seconds a pooled connection rested before it is tried on checkout


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def upsert(session, table: Table):
    """INSERT ... ON CONFLICT for the dialect in use (PostgreSQL in production, SQLite embedded)."""
    dialect = postgresql if session.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def built_once(build):
    """A statement built the first time it is needed on each SQL dialect (and for each
    table given), then run again and again with the values given at execution. Building
    one, with the cache key SQLAlchemy works out for it, took 0.3-1.6 ms; running the
    built one on SQLite, 0.04-0.13 ms. For statements a hot path runs per event."""
    built: dict = {}

    @functools.wraps(build)
    def statement(session, *tables):
        key = (session.dialect.name, *tables)
        if key not in built:
            built[key] = build(session, *tables)
        return built[key]

    return statement


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
    engine = create_engine(
        url,
        hide_parameters=True,
        pool_size=pool_size,
        max_overflow=0,
        pool_timeout=30,
        connect_args={"options": BOUNDED_WAITS},
    )
    _try_rested_connections(engine)
    return engine


def _try_rested_connections(engine: Engine) -> None:
    """Try a connection that rested a while before handing it out (PostgreSQL restarted, or
    a firewall dropped it), not every one: trying each was a round trip per transaction,
    and a connection used a moment ago is alive. If one in use dies all the same, its
    statement fails as in any outage and the pool replaces every connection it had."""

    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def _rested(dbapi_connection, record):
        record.info["rested_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _tried(dbapi_connection, record, proxy):
        if time.monotonic() - record.info.get("rested_since", 0.0) < PING_AFTER:
            return
        try:
            with contextlib.closing(dbapi_connection.cursor()) as cursor:
                cursor.execute("SELECT 1")
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool drops this connection and hands out another (or a fresh one).
            raise exc.DisconnectionError(str(error)) from error


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
