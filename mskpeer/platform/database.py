"""A database per service, with an outbox in every transaction.

`self.db.transaction()` opens a unit of work. Events emitted in it are written
to the outbox table with the change; after the commit they are published at
once, and the relay timer publishes whatever a crash left behind.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import uuid
from collections.abc import Iterator
from datetime import timedelta

from nameko.extensions import DependencyProvider
from sqlalchemy import Connection, Engine, Text, cast, insert, select, update

from contracts.envelope import Envelope
from contracts.errors import DatabaseUnavailable
from contracts.events import spec_for
from contracts.versions import emitted, version_pins
from mskpeer.platform import metrics
from mskpeer.platform.clock import utc_now
from mskpeer.platform.engine import GreenLock, make_engine
from mskpeer.platform.entrypoints import REQUEST_ID
from mskpeer.platform.outages import database_away
from mskpeer.platform.published_behind import PublishedBehind
from mskpeer.platform.publisher import EventPublisher
from mskpeer.platform.readings import EVERY_SERVICE
from mskpeer.platform.settings import database_url

log = logging.getLogger(__name__)


class EventContractBroken(ValueError):
    """A producer tried to emit data its contract does not allow: a bug, not user input."""


class Transaction:
    def __init__(
        self,
        connection: Connection,
        tables,
        now,
        correlation_id=None,
        causation_id=None,
        pins=None,
        written_at_the_end=False,
    ):
        self.session = connection  # what repositories run their statements on
        self._outbox = tables["outbox"]
        self._now = now
        self._pins = pins or {}  # EVENT_VERSION_PINS: events sent at an earlier version
        self._correlation_id = correlation_id
        self._causation_id = causation_id
        self.emitted: list[Envelope] = []
        # Store.transaction writes the outbox rows together before it commits (write_outbox);
        # used on its own, a Transaction writes each as it is emitted.
        self._written_at_the_end = written_at_the_end
        self._unwritten: list[dict] = []
        self.committed_hooks: list = []
        self.done_before = False  # see Store.command
        self.result = None

    @property
    def request_id(self) -> str | None:
        """The id of the request (or first event) this work belongs to, for audit trails."""
        return self._correlation_id

    def after_commit(self, hook) -> None:
        """Run `hook()` once this transaction has committed (e.g. send the mail it queued)."""
        self.committed_hooks.append(hook)

    def emit(self, event_type: str, data: dict) -> Envelope:
        spec = spec_for(event_type)
        errors, version = spec.validate(data), spec.version
        if not errors and event_type in self._pins:
            # During a rolling upgrade: sent as the version the consumers not yet
            # upgraded read, and checked as strictly against that version.
            version, data = emitted(event_type, data, self._pins)
            errors = spec.validate(data, version)
        if errors:
            raise EventContractBroken(f"{event_type}: {errors}")
        envelope = Envelope.new(
            event_type,
            data,
            now=self._now(),
            schema_version=version,
            correlation_id=self._correlation_id,
            causation_id=self._causation_id,
        )
        self._unwritten.append(
            {
                "event_id": envelope.event_id,
                "event_type": event_type,
                "envelope": envelope.to_wire(),
                "created_at": self._now(),
            }
        )
        self.emitted.append(envelope)
        if not self._written_at_the_end:
            self.write_outbox()
        return envelope

    def write_outbox(self) -> None:
        """The events emitted, in one statement, in the transaction that made them: a
        statement each was most of the time it took to release a batch of follow-ups."""
        if self._unwritten:
            self.session.execute(insert(self._outbox), self._unwritten)
            self._unwritten = []


class Reading:
    """What `Store.reading()` gives: a session whose statements commit one by one, and the
    request they serve (for audit lines). It cannot emit events: nothing would hold them."""

    def __init__(self, connection: Connection, request_id: str | None):
        self.session = connection
        self.request_id = request_id


class Store:
    """What a worker sees as `self.db`."""

    def __init__(self, provider: Database, worker_ctx):
        self._provider = provider
        self._publish = provider.publish_committed
        self._correlation_id = worker_ctx.data.get("correlation_id")
        self._request_id = worker_ctx.data.get(REQUEST_ID)
        self._method = worker_ctx.entrypoint.method_name
        self.service_name = provider.container.service_name
        self.tables = provider.tables
        self.config = provider.container.config
        self.now = provider.now
        self.dialect = provider.engine.dialect.name

    @contextlib.contextmanager
    def transaction(self, cause: Envelope | None = None) -> Iterator[Transaction]:
        provider = self._provider
        correlation = cause.correlation_id if cause else self._correlation_id
        # A Core connection, not an ORM Session: we only run Core statements,
        # and the Session's bookkeeping was a quarter of a read's CPU time.
        with self._connection(begin=True) as connection:
            yield (
                tx := Transaction(
                    connection,
                    provider.tables,
                    provider.now,
                    correlation_id=correlation,
                    causation_id=cause.event_id if cause else None,
                    pins=provider.pins,
                    written_at_the_end=True,
                )
            )
            tx.write_outbox()
        # Committed: from here on nothing may turn the work into an error. The
        # outbox relay publishes whatever could not be published now.
        if tx.emitted:
            self._publish(tx.emitted)
        for hook in tx.committed_hooks:
            try:
                hook()
            except Exception:
                log.exception("after the commit of %s: left to its timer", self._method)

    @contextlib.contextmanager
    def published_behind(self) -> Iterator[Store]:
        """This store, with each transaction's events published behind it, in commit order,
        while the caller goes on to its next transaction (platform/published_behind.py).
        Leaving the block waits until they are all published."""
        behind = PublishedBehind(self._publish)
        store = copy.copy(self)
        store._publish = behind.publish
        try:
            yield store
        except Exception:
            behind.finish()  # what was committed before the failure still goes out
            raise
        except BaseException:
            behind.abandon()  # the worker is being killed: the relay has the rest
            raise
        behind.finish()

    def execute_alone(self, statement, parameters: dict | None = None):
        """Run one statement, atomic by itself, outside a transaction (autocommit), which
        saves waiting for a BEGIN and a COMMIT. Never for statements that must go together."""
        with self.reading() as reading:
            return reading.session.execute(statement, parameters)

    @contextlib.contextmanager
    def reading(self) -> Iterator[Reading]:
        """Statements each committed on its own (autocommit): for a read, and the audit line
        that records it. A BEGIN and a COMMIT were two of a case read's four round trips, and
        bought nothing: under READ COMMITTED each statement sees its own snapshot anyway, and
        one audit line is atomic by itself. Never for writes that must go together."""
        with self._connection(begin=False) as connection:
            autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
            yield Reading(autocommit, self._correlation_id)

    @contextlib.contextmanager
    def _connection(self, begin: bool) -> Iterator[Connection]:
        """A pooled connection (in a transaction committed on leaving, with `begin`), SQLite's
        turn held; a database restarting or unreachable is DatabaseUnavailable, for the
        caller to try again."""
        provider = self._provider
        opening = provider.engine.begin if begin else provider.engine.connect
        try:
            with provider.lock.held(), opening() as connection:
                yield connection
        except Exception as error:
            if database_away(error):
                raise DatabaseUnavailable(f"the {self.service_name} database: {error}") from error
            raise

    @contextlib.contextmanager
    def command(self, idempotency_key: str | None = None) -> Iterator[Transaction]:
        """A transaction that carries out an RPC command once, however often it is asked.

        The request is recorded with the command's effect and its result (set
        `tx.result`). Asked again, by the broker redelivering a request whose
        ack was lost, or by a client retrying with the same Idempotency-Key,
        `tx.done_before` is True and `tx.result` is the first answer.
        """
        processed = self.tables["processed_events"]
        handler = f"rpc:{self.service_name}.{self._method}"
        request = self._request_id
        if idempotency_key:  # the caller scopes it (e.g. to the person); we bound its length
            request = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{handler}:{idempotency_key}"))
        with self.transaction() as tx:
            earlier = None
            if request:
                earlier = tx.session.execute(
                    select(processed.c.result).where(
                        processed.c.handler == handler, processed.c.event_id == request
                    )
                ).first()
            tx.done_before = earlier is not None
            tx.result = earlier.result if earlier else None
            yield tx
            if request and not tx.done_before:
                tx.session.execute(
                    insert(processed).values(
                        handler=handler,
                        event_id=request,
                        processed_at=self.now(),
                        result=tx.result,
                    )
                )

    def relay(self) -> int:
        return self._provider.relay()


RELAY_BATCH = 1000  # events a sweep of the outbox publishes and has confirmed together
WITHHELD = "(withheld once published)"


class Database(DependencyProvider):
    def __init__(self, metadata, tables, readings=None):
        self.metadata = metadata
        self.tables = tables
        self.now = utc_now
        # What Prometheus reads from this database at each scrape (platform/readings.py).
        self.readings = {**EVERY_SERVICE, **(readings or {})}

    def setup(self):
        config = self.container.config
        urls = config.get("DATABASE_URLS") or {}
        self.url = urls.get(self.container.service_name) or database_url(
            self.container.service_name
        )
        self.engine: Engine = make_engine(self.url, pool_size=int(config.get("DATABASE_POOL", 10)))
        self.lock = GreenLock(self.url)
        self.grace = timedelta(seconds=float(config.get("RELAY_GRACE", 2.0)))
        self.publisher = EventPublisher(config["AMQP_URI"])
        self.pins = version_pins(config.get("EVENT_VERSION_PINS"))
        metrics.DATABASES.watch(self)

    def stop(self):
        metrics.DATABASES.forget(self)
        self.engine.dispose()

    def get_dependency(self, worker_ctx):
        return Store(self, worker_ctx)

    @property
    def _service(self) -> str:
        return self.container.service_name

    def publish_committed(self, envelopes: list[Envelope]) -> None:
        """Publish right after commit; on failure the relay retries later.

        The rows are claimed first, as the relay claims them (FOR UPDATE SKIP
        LOCKED): on a busy machine a relay sweep, of this copy or another, may
        find them older than RELAY_GRACE before they are marked, and the event
        would go out twice.
        """
        outbox = self.tables["outbox"]
        try:
            with self.lock.held(), self.engine.begin() as connection:
                claimed = set(
                    connection.execute(
                        select(outbox.c.event_id)
                        .where(
                            outbox.c.event_id.in_([e.event_id for e in envelopes]),
                            outbox.c.published_at.is_(None),
                        )
                        .with_for_update(skip_locked=True)
                    ).scalars()
                )
                if not claimed:
                    return  # a relay sweep has them
                mine = [e for e in envelopes if e.event_id in claimed]
                self.publisher.publish_all(mine)
                metrics.events_published(self._service, (e.event_type for e in mine), "commit")
                connection.execute(
                    update(outbox)
                    .where(outbox.c.event_id.in_(claimed))
                    .values(published_at=self.now())
                )
                self._withhold_secrets(connection, [(e.event_id, e.event_type) for e in mine])
        except Exception as error:  # the broker or the database is away
            # Published twice at worst (the relay sends it again): consumers are idempotent.
            log.warning("publish after commit incomplete (%s); the outbox relay will retry", error)

    def _withhold_secrets(self, connection, published: list[tuple[str, str]]) -> None:
        """Blank the fields that open something in the (event id, type)s the broker
        now has, so a read of this table, or a backup of it, opens nothing: a password
        link's token lives on only in the email it is sent in."""
        outbox = self.tables["outbox"]
        for event_id, event_type in published:
            secrets = spec_for(event_type).secrets
            if not secrets:
                continue
            envelope = connection.execute(
                select(outbox.c.envelope).where(outbox.c.event_id == event_id)
            ).scalar_one()
            data = {**envelope["data"], **dict.fromkeys(secrets, WITHHELD)}
            connection.execute(
                update(outbox)
                .where(outbox.c.event_id == event_id)
                .values(envelope={**envelope, "data": data})
            )

    def relay(self, batch: int = RELAY_BATCH) -> int:
        """Publish events committed but not published (the process died, or the broker was away).

        Rows are claimed with FOR UPDATE SKIP LOCKED so two copies of a service
        don't both relay one event; a duplicate would still be harmless
        because every consumer is idempotent.
        """
        outbox = self.tables["outbox"]
        cutoff = self.now() - self.grace
        with self.lock.held(), self.engine.begin() as connection:
            # As stored, as text: parsing and re-encoding each one was half the relay's time.
            rows = connection.execute(
                select(
                    outbox.c.id,
                    outbox.c.event_id,
                    outbox.c.event_type,
                    cast(outbox.c.envelope, Text),
                )
                .where(outbox.c.published_at.is_(None), outbox.c.created_at < cutoff)
                .order_by(outbox.c.id)
                .limit(batch)
                .with_for_update(skip_locked=True)
            ).all()
            if not rows:
                return 0
            self.publisher.publish_stored([(row.event_type, row[3]) for row in rows])
            connection.execute(
                update(outbox)
                .where(outbox.c.id.in_([row.id for row in rows]))
                .values(published_at=self.now())
            )
            self._withhold_secrets(connection, [(row.event_id, row.event_type) for row in rows])
        metrics.events_published(self._service, (row.event_type for row in rows), "relay")
        log.info("relayed %d event(s) from the outbox", len(rows))
        return len(rows)
