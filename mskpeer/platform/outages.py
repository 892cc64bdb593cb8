"""Telling an outage (the database or broker away for a while) from a fault in our code.

An outage passes: a handler keeps retrying through it (HANDLER_OUTAGE_RETRY), and
a request gets 503 with Retry-After. A fault does not: its event is parked after
HANDLER_MAX_ATTEMPTS quick tries, so one bad event does not hold a worker for minutes.
"""

from __future__ import annotations

from dataclasses import dataclass

from amqp.exceptions import ConnectionError as AMQPConnectionError
from kombu.exceptions import OperationalError as BrokerUnreachable
from sqlalchemy import exc

from contracts.errors import DatabaseUnavailable

# SQLSTATE classes and codes that pass by themselves: connection exceptions (08),
# the server shutting down or restarting (57), too many connections (53), a
# deadlock or serialization failure (40), a lock wait that timed out (55P03).
PASSING_SQLSTATES = ("08", "57", "53", "40", "55P03")
PASSING_SQLITE = ("SQLITE_BUSY", "SQLITE_LOCKED")
LONGEST_WAIT = 10.0  # seconds between two tries, however long the outage


def database_away(error: BaseException) -> bool:
    """True when a database error says "try again shortly" rather than "this is wrong"."""
    if isinstance(error, exc.TimeoutError | exc.DisconnectionError):
        return True  # no free connection in the pool, or one that died under us
    if not isinstance(error, exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    original = error.orig
    sqlstate = getattr(original, "pgcode", None)
    if sqlstate:
        return sqlstate.startswith(PASSING_SQLSTATES)
    if getattr(original, "sqlite_errorname", None):
        return original.sqlite_errorname in PASSING_SQLITE
    # psycopg2 raises these without a SQLSTATE when it cannot reach the server at all.
    return isinstance(error, exc.OperationalError | exc.InterfaceError)


def passing(error: BaseException) -> bool:
    """An outage of the database or the broker: worth waiting for."""
    broker_gone = (BrokerUnreachable, AMQPConnectionError, ConnectionError)
    return isinstance(error, (DatabaseUnavailable, *broker_gone)) or database_away(error)


@dataclass(frozen=True)
class RetryPolicy:
    """How a handler retries: quick tries for a fault, a long ride through an outage."""

    attempts: int = 5  # HANDLER_MAX_ATTEMPTS: tries of a handler that fails on its own
    backoff: float = 0.2  # HANDLER_BACKOFF: the first wait; it doubles each time
    outage: float = 120.0  # HANDLER_OUTAGE_RETRY: seconds of waiting through an outage

    @classmethod
    def from_config(cls, config) -> RetryPolicy:
        return cls(
            attempts=int(config.get("HANDLER_MAX_ATTEMPTS", cls.attempts)),
            backoff=float(config.get("HANDLER_BACKOFF", cls.backoff)),
            outage=float(config.get("HANDLER_OUTAGE_RETRY", cls.outage)),
        )

    def wait(self, attempt: int, waited: float, outage: bool) -> float | None:
        """Seconds before the next try after `attempt` failed; None: give up and park."""
        pause = min(self.backoff * 2 ** (attempt - 1), LONGEST_WAIT)
        if outage:
            return pause if waited < self.outage else None
        return pause if attempt < self.attempts else None
