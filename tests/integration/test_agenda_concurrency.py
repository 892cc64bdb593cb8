"""Cases placed at the same moment by many workers never overbook a conference's agenda."""

import uuid
from datetime import UTC, datetime, timedelta

import eventlet
import pytest
from sqlalchemy import func, insert, select

from mskpeer.platform.database import Transaction
from mskpeer.platform.engine import make_engine
from mskpeer.platform.migrate import upgrade
from services.scheduling import agenda, models
from tests.support.scheduling_rows import TEAMS, a_clinician, a_series, a_site

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
CAPACITY = 30  # minutes of cases a meeting takes: three 10-minute patient cases


@pytest.fixture
def scheduling_pg(database_urls):
    """PostgreSQL only: SQLite runs one transaction at a time (a green lock), nothing races."""
    upgrade("scheduling", database_urls["scheduling"])
    engine = make_engine(database_urls["scheduling"], green=False, pool_size=20)
    yield engine
    engine.dispose()


def conferences_with_a_chair(engine, count: int) -> None:
    with engine.begin() as session:
        chair = a_clinician(
            session,
            a_site(session),
            name="Cara Chair",
            band=8,
            service="msk_esp",
            roles=["chair"],
            can_chair=True,
        )
        series = a_series(session, first_date=NOW.date(), capacity_minutes=CAPACITY)
        for week in range(count):
            starts = NOW + timedelta(days=2 + 7 * week, hours=3)
            session.execute(
                insert(models.conferences).values(
                    id=str(uuid.uuid4()),
                    series_id=series,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=60),
                    location=TEAMS,
                    status="scheduled",
                    chair_id=chair,
                    capacity_minutes=CAPACITY,
                    series_slot=starts,
                )
            )


def submitted(n: int) -> dict:
    return {
        "case_id": str(uuid.uuid4()),
        "kind": "patient_case",
        "title": f"Lateral hip pain {n}",
        "question": "Loading or injection?",
        "urgency": "routine",
        "presenter": {"id": "p-1", "name": "Pat Physio", "email": "pat.physio@demo.nhs.uk"},
        "submitted_at": (NOW - timedelta(minutes=n)).isoformat(),
    }


def handle_case_submitted(engine, data: dict) -> None:
    """What scheduling's handler does with case.submitted, in a transaction of its own."""
    with engine.begin() as session:
        tx = Transaction(session, models.messaging, lambda: NOW)
        if agenda.add_waiting(session, data):
            agenda.place_waiting(tx, NOW)


def test_cases_placed_at_once_by_many_workers_never_overbook_a_conference(scheduling_pg):
    scheduling_db = scheduling_pg
    conferences_with_a_chair(scheduling_db, 3)
    pool = eventlet.GreenPool(20)
    for n in range(30):
        pool.spawn(handle_case_submitted, scheduling_db, submitted(n))
    pool.waitall()

    a = models.agenda_items
    with scheduling_db.connect() as connection:
        used = connection.execute(
            select(a.c.conference_id, func.sum(a.c.minutes))
            .where(a.c.conference_id.is_not(None))
            .group_by(a.c.conference_id)
        ).all()
        waiting = connection.execute(
            select(func.count()).where(a.c.conference_id.is_(None))
        ).scalar_one()
        scheduled = connection.execute(
            select(func.count()).select_from(models.messaging["outbox"])
        ).scalar_one()
    over = {conference: minutes for conference, minutes in used if minutes > CAPACITY}
    print(f"minutes per conference: {sorted(m for _, m in used)}; over capacity: {over}")
    assert not over, f"conferences holding more than {CAPACITY} minutes: {over}"
    assert sum(minutes for _, minutes in used) == 3 * CAPACITY, "every slot is used"
    assert waiting == 30 - 9
    assert scheduled == 9, "each placed case is announced once"
