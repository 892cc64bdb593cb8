"""Parking an event a handler could not apply: one line per event, however often it came."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, select, update
from sqlalchemy.pool import StaticPool

from contracts import events
from mskpeer.platform.dead_letters import PARKED, REPLAYED, park
from services.cases import models
from tests.support.events import envelope

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
WITHDRAWN = {
    "case_id": "c-1",
    "conference_id": None,
    "withdrawn_by": "p-1",
    "withdrawn_at": NOW.isoformat(),
}


class ParkingDatabase:
    """Just what `park` uses of the service's database: its tables, a transaction, the time."""

    def __init__(self, connection):
        self.connection = connection
        self.tables = models.messaging

    @contextlib.contextmanager
    def transaction(self):
        yield SimpleNamespace(session=self.connection)

    def now(self):
        return NOW


@pytest.fixture
def db():
    engine = create_engine("sqlite://", poolclass=StaticPool)
    models.metadata.create_all(engine)
    with engine.begin() as connection:
        yield ParkingDatabase(connection)
    engine.dispose()


def parked(db) -> list:
    table = db.tables["dead_letters"]
    return db.connection.execute(select(table.c.event_id, table.c.status)).all()


def test_an_event_that_came_twice_during_an_outage_is_parked_once(db):
    # Published after its commit and relayed too: both copies fail while the database is away.
    event = envelope(events.CASE_WITHDRAWN, WITHDRAWN)
    park(db, "scheduling.handle_case_withdrawn", event, "database away", 8, replay=True)
    park(db, "scheduling.handle_case_withdrawn", event, "database away", 8, replay=True)

    assert len(parked(db)) == 1


def test_the_same_event_failing_in_another_handler_or_after_its_replay_is_a_new_line(db):
    event = envelope(events.CASE_WITHDRAWN, WITHDRAWN)
    park(db, "scheduling.handle_case_withdrawn", event, "bug", 3)
    park(db, "notifications.handle_case_withdrawn", event, "bug", 3)
    table = db.tables["dead_letters"]
    db.connection.execute(update(table).values(status=REPLAYED))
    park(db, "scheduling.handle_case_withdrawn", event, "bug again", 3)

    assert sorted(status for _, status in parked(db)) == [PARKED, REPLAYED, REPLAYED]
