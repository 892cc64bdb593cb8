"""Figures read from each service's database when Prometheus scrapes.

Outbox lag, parked dead letters and (the outcomes service's) overdue follow-ups are
read at the scrape, not remembered from the last timer tick: a stuck timer cannot
hide the backlog it leaves. The queries are cheap, on indexed columns, and bounded
in time, so one database that hangs cannot stop the scrape answering.
"""

from __future__ import annotations

import logging

import eventlet
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from mskpeer.platform.clock import aware
from mskpeer.platform.dead_letters import PARKED

log = logging.getLogger(__name__)

# Each reading is a function (connection, tables, now) -> a number, per service.
OUTBOX_LAG = "mskpeer_outbox_lag_seconds"
OUTBOX_UNPUBLISHED = "mskpeer_outbox_unpublished_events"
DEAD_LETTERS = "mskpeer_dead_letters_parked"
FOLLOW_UPS_OVERDUE = "mskpeer_follow_up_overdue_seconds"
READINGS = {
    OUTBOX_LAG: "Age of the oldest event committed but not yet published (0: none waiting)",
    OUTBOX_UNPUBLISHED: "Events committed but not yet published",
    DEAD_LETTERS: "Events a handler gave up on, parked for a person to look at and replay",
    FOLLOW_UPS_OVERDUE: "How long the oldest follow-up step that fell due has waited to go out",
}
READ_TIMEOUT = 3.0  # seconds per database: a scrape must answer even when one hangs


def outbox_lag(connection, tables, now) -> float:
    outbox = tables["outbox"]
    oldest = connection.execute(
        select(func.min(outbox.c.created_at)).where(outbox.c.published_at.is_(None))
    ).scalar()
    return max(0.0, (now - aware(oldest)).total_seconds()) if oldest else 0.0


def outbox_unpublished(connection, tables, now) -> float:
    outbox = tables["outbox"]
    query = select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
    return connection.execute(query).scalar_one()


def dead_letters_parked(connection, tables, now) -> float:
    table = tables["dead_letters"]
    query = select(func.count()).select_from(table).where(table.c.status == PARKED)
    return connection.execute(query).scalar_one()


EVERY_SERVICE = {
    OUTBOX_LAG: outbox_lag,
    OUTBOX_UNPUBLISHED: outbox_unpublished,
    DEAD_LETTERS: dead_letters_parked,
}


class DatabaseReadings(Collector):
    """At each scrape, reads every watched service database of this process."""

    def __init__(self):
        self._databases: list = []

    def watch(self, database) -> None:
        self._databases.append(database)

    def forget(self, database) -> None:
        if database in self._databases:
            self._databases.remove(database)

    def collect(self):
        families = {n: GaugeMetricFamily(n, doc, labels=["service"]) for n, doc in READINGS.items()}
        up = GaugeMetricFamily(
            "mskpeer_database_up",
            "1 if the service's database answered this scrape's readings, else 0",
            labels=["service"],
        )
        for database in list(self._databases):
            service = database.container.service_name
            try:
                values = _read(database)
            except (Exception, eventlet.Timeout) as error:
                log.warning("metrics: the %s database did not answer: %s", service, error)
                up.add_metric([service], 0)
                continue
            up.add_metric([service], 1)
            for name, value in values.items():
                families[name].add_metric([service], float(value))
        yield from families.values()
        yield up


def _read(database) -> dict[str, float]:
    with (
        eventlet.Timeout(READ_TIMEOUT),
        database.lock.held(),
        database.engine.connect() as connection,
    ):
        now = database.now()
        readings = database.readings.items()
        return {name: read(connection, database.tables, now) for name, read in readings}
