"""The triage queue on a real database: nothing waiting is buried, and late ones stand out."""

from datetime import UTC, datetime, timedelta

import pytest

from mskpeer.platform.engine import make_engine
from mskpeer.platform.migrate import upgrade
from services.referrals import repository, triaging
from services.referrals.sealing import Keyring
from tests.support.referrals import K1, stored_referral

pytestmark = pytest.mark.integration
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def connection(tmp_path):
    url = f"sqlite:///{tmp_path / 'referrals.db'}"
    upgrade("referrals", url)
    engine = make_engine(url, green=False)
    with engine.begin() as connected:
        yield connected
    engine.dispose()


def test_waiting_referrals_come_before_triaged_ones_and_late_ones_are_marked(connection):
    keys = Keyring.from_setting(K1, embedded=False)
    # Received the Wednesday before: 3 working days by Monday 9:00, over a 2-day target.
    late = stored_referral(connection, keys, MONDAY - timedelta(days=5))
    new = stored_referral(connection, keys, MONDAY - timedelta(hours=1))
    urgent = stored_referral(connection, keys, MONDAY - timedelta(days=20))
    routine = stored_referral(connection, keys, MONDAY - timedelta(days=30))
    for referral_id, priority in ((urgent, "urgent"), (routine, "routine")):
        repository.update_row(
            connection,
            referral_id,
            status="triaged",
            priority=priority,
            destination="physiotherapy",
            site="north",
            triaged_at=MONDAY - timedelta(days=10),
        )

    everything = triaging.queue(connection, {}, 0, 50, 2.0, MONDAY)
    assert [r["id"] for r in everything["items"]] == [late, new, urgent, routine]
    assert [r["overdue"] for r in everything["items"]] == [True, False, False, False]
    assert everything["items"][0]["waiting_working_days"] == 3.0

    waiting = triaging.queue(connection, {"status": "received"}, 0, 1, 2.0, MONDAY)
    assert (waiting["total"], waiting["items"][0]["id"]) == (2, late)  # the oldest, first
    by_site = triaging.queue(
        connection, {"site": "north", "destination": "physiotherapy"}, 0, 50, 2.0, MONDAY
    )
    assert [r["id"] for r in by_site["items"]] == [urgent, routine]
