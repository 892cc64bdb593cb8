"""How long a handler retries: minutes through an outage, seconds for a fault of its own."""

from sqlalchemy import exc

from contracts.errors import DatabaseUnavailable
from mskpeer.platform.outages import RetryPolicy, database_away, passing
from mskpeer.platform.settings import nameko_config


def waits(policy: RetryPolicy, outage: bool) -> list[float]:
    """The pauses between tries until the event would be parked."""
    pauses, attempt, waited = [], 1, 0.0
    while (pause := policy.wait(attempt, waited, outage)) is not None:
        pauses.append(pause)
        attempt, waited = attempt + 1, waited + pause
    return pauses


def test_the_default_retries_ride_out_a_60_second_outage_before_parking():
    policy = RetryPolicy.from_config(nameko_config())
    pauses = waits(policy, outage=True)
    assert sum(pauses) >= 60, f"parked after {sum(pauses):.0f} s of an outage"
    assert pauses == sorted(pauses), "the pauses grow"
    assert max(pauses) <= 10, "a recovered database is noticed within seconds"


def test_a_fault_of_the_handler_itself_is_parked_after_a_few_quick_tries():
    policy = RetryPolicy.from_config(nameko_config())
    pauses = waits(policy, outage=False)
    assert len(pauses) + 1 == policy.attempts == 5
    assert sum(pauses) < 5


def test_nothing_retries_forever():
    policy = RetryPolicy(attempts=3, backoff=0.2, outage=30)
    assert sum(waits(policy, outage=True)) < 30 + 10
    assert len(waits(policy, outage=False)) == 2


class FakeDriverError(Exception):
    def __init__(self, pgcode=None):
        super().__init__("driver error")
        self.pgcode = pgcode


def db_error(kind=exc.OperationalError, pgcode=None, invalidated=False):
    return kind("SELECT 1", {}, FakeDriverError(pgcode), connection_invalidated=invalidated)


def test_a_database_restarting_or_unreachable_is_an_outage_and_a_bug_is_not():
    assert database_away(db_error())  # could not connect: no SQLSTATE at all
    assert database_away(db_error(pgcode="57P01"))  # terminated by the administrator
    assert database_away(db_error(pgcode="40P01"))  # a deadlock: tried again
    assert database_away(db_error(exc.InterfaceError, invalidated=True))
    assert database_away(exc.TimeoutError("no connection free in the pool"))
    assert not database_away(db_error(exc.ProgrammingError, pgcode="42P01"))  # no such table
    assert not database_away(db_error(exc.IntegrityError, pgcode="23505"))
    assert passing(DatabaseUnavailable("cases"))
    assert passing(ConnectionResetError())
    assert not passing(KeyError("title"))
