"""An open action's owner is reminded once when its day comes, and only then."""

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import insert, select

from contracts import events
from mskpeer.platform.database import Transaction
from services.scheduling import actions, models
from tests.support.scheduling_rows import a_clinician, a_series, a_site

NOW = datetime(2027, 1, 15, 7, 0, tzinfo=UTC)


def an_action(connection, due: date, status: str = "open") -> int:
    conference = str(uuid.uuid4())
    owner = a_clinician(connection, a_site(connection))
    series = a_series(connection, first_date=date(2026, 1, 5), location="Teams", panel_min=5)
    connection.execute(
        insert(models.conferences).values(
            id=conference,
            series_id=series,
            starts_at=NOW,
            ends_at=NOW,
            series_slot=NOW,
            location="Teams",
            status="held",
            chair_id=None,
        )
    )
    done = connection.execute(
        insert(models.actions).values(
            conference_id=conference,
            case_id=str(uuid.uuid4()),
            owner_id=owner,
            description="Review loading at six weeks",
            due_date=due,
            status=status,
            assigned_at=NOW,
        )
    )
    return done.inserted_primary_key[0]


def release(engine) -> list[dict]:
    with engine.begin() as connection:
        tx = Transaction(connection, models.messaging, lambda: NOW)
        actions.release_due(tx, NOW)
    return [e.data for e in tx.emitted if e.event_type == events.ACTION_DUE]


def test_a_due_open_action_is_announced_once_and_others_are_not(scheduling_db):
    with scheduling_db.begin() as connection:
        due = an_action(connection, date(2027, 1, 15))
        an_action(connection, date(2027, 1, 16))  # tomorrow
        an_action(connection, date(2027, 1, 1), status="done")

    first = release(scheduling_db)
    assert [d["action_id"] for d in first] == [due]
    assert first[0]["description"] == "Review loading at six weeks"
    assert release(scheduling_db) == [], "a second run (or a second copy) does not remind again"
    with scheduling_db.connect() as connection:
        outbox = connection.execute(select(models.messaging["outbox"].c.event_type)).scalars()
        assert list(outbox) == [events.ACTION_DUE]
