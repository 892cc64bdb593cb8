"""Time is injected: nothing below an entrypoint asks the system clock itself."""

from datetime import UTC, datetime

from nameko.extensions import DependencyProvider


def utc_now() -> datetime:
    return datetime.now(UTC)


class Clock(DependencyProvider):
    """`self.clock()` is now, as an aware UTC datetime.

    Tests swap it through `worker_factory(..., clock=lambda: fixed)`.
    """

    def get_dependency(self, worker_ctx):
        return utc_now


def aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value
