"""Store.reading: a read and its audit line, each statement committed as it runs.

A case read no longer opens a transaction (it cost a BEGIN and a COMMIT); the audit line
it appends must then be kept the moment it is written, whatever happens after it.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from mskpeer.platform.engine import make_engine
from services.cases import audit, models
from tests.support.stores import a_store

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


@pytest.fixture
def cases_db(tmp_path):
    """The cases service's `self.db` on a SQLite file, and a second connection to it."""
    path = tmp_path / "cases.db"
    engine = make_engine(f"sqlite:///{path}")
    models.metadata.create_all(engine)
    other = sqlite3.connect(path)
    yield a_store(engine, models.messaging, lambda: NOW, service="cases"), other
    other.close()
    engine.dispose()


def lines_seen_elsewhere(other) -> list[tuple]:
    return other.execute("SELECT actor_id, action, object FROM audit_log ORDER BY id").fetchall()


def test_an_audit_line_is_kept_as_soon_as_it_is_written(cases_db):
    db, other = cases_db
    with db.reading() as reading:
        audit.record(reading, "reader-1", "read", "case:c-1", NOW)
        # Seen from another connection while the reading goes on: nothing is left to commit.
        assert lines_seen_elsewhere(other) == [("reader-1", "read", "case:c-1")]


def test_a_failure_after_the_audit_line_does_not_take_it_back(cases_db):
    db, other = cases_db
    with pytest.raises(Exception, match="no_such_table"), db.reading() as reading:
        audit.record(reading, "reader-1", "read_refused", "case:c-2", NOW)
        reading.session.execute(text("SELECT * FROM no_such_table"))

    assert lines_seen_elsewhere(other) == [("reader-1", "read_refused", "case:c-2")]


def test_a_transaction_after_a_reading_still_rolls_back_as_a_whole(cases_db):
    """The connection given back after a reading is no longer committing statement by
    statement (the pool resets it)."""
    db, other = cases_db
    with db.reading() as reading:
        reading.session.execute(select(models.audit_log.c.id)).all()
    with pytest.raises(RuntimeError), db.transaction() as tx:
        audit.record(tx, "writer-1", "edit", "case:c-3", NOW)
        raise RuntimeError("the edit fails after its audit line")

    assert lines_seen_elsewhere(other) == []
