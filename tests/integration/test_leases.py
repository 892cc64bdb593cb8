"""A lease is held by one copy of a service at a time, on PostgreSQL and on SQLite."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from mskpeer.platform import lease
from mskpeer.platform.timers import scaled
from services.scheduling import models

MINUTE = timedelta(minutes=1)


class Copy:
    """What a timer's worker sees as `self.db`, for one copy of the service, at a set time."""

    def __init__(self, engine, at: datetime):
        self.engine, self.at = engine, at
        self.tables, self.dialect, self.service_name = models.messaging, engine.dialect.name, "t"

    def now(self) -> datetime:
        return self.at

    @contextlib.contextmanager
    def transaction(self):
        with self.engine.begin() as connection:
            yield SimpleNamespace(session=connection)


def test_a_lease_held_by_one_copy_is_refused_to_another_until_given_back(scheduling_db):
    now = datetime(2027, 1, 13, 7, tzinfo=UTC)
    first, second = Copy(scheduling_db, now), Copy(scheduling_db, now)
    holder = lease.take(first, "digests", MINUTE)
    assert holder is not None
    assert lease.take(second, "digests", MINUTE) is None
    assert lease.take(second, "planning", MINUTE) is not None, "each lease on its own"
    lease.give_back(first, "digests", holder)
    with lease.leased(second, "digests", MINUTE) as mine:
        assert mine
        with lease.leased(first, "digests", MINUTE) as also_mine:
            assert not also_mine


def test_a_lease_whose_holder_died_runs_out(scheduling_db):
    now = datetime(2027, 1, 13, 7, tzinfo=UTC)
    assert lease.take(Copy(scheduling_db, now), "digests", MINUTE) is not None
    assert lease.take(Copy(scheduling_db, now + MINUTE / 2), "digests", MINUTE) is None
    assert lease.take(Copy(scheduling_db, now + MINUTE), "digests", MINUTE) is not None


@pytest.mark.parametrize(
    ("interval", "scale", "expected"),
    [(60, 1, 60), (60, 0.02, 1.2), (30, 0.02, 1.0), (1.0, 0.02, 1.0), (0.05, 0.5, 0.05)],
)
def test_a_timer_scale_shortens_intervals_but_never_below_a_second(interval, scale, expected):
    assert scaled(interval, scale) == pytest.approx(expected)
