"""An operator sees an outbox fall behind, and catch up, in the metrics.

On RabbitMQ and PostgreSQL: the cases service commits a case and "dies" before
publishing its events (as in test_outbox.py). Until the relay publishes them, the
scrape shows them waiting and how long; afterwards the lag is back to 0 and the
events are counted as published by the relay and consumed by scheduling.
"""

from mskpeer.platform.database import Database
from mskpeer.platform.metrics_server import MetricsServer
from tests.support.api import eventually
from tests.support.scraping import Scrape

PHYSIO = "physio@demo.nhs.uk"
RELAY_GRACE = 5.0  # seconds an unpublished event waits before the relay takes it


def test_the_outbox_lag_rises_while_events_wait_and_falls_once_the_relay_sends_them(
    product_on_rabbitmq, monkeypatch
):
    publish = Database.publish_committed

    def die_before_publishing(provider, envelopes):
        if provider.container.service_name != "cases":
            publish(provider, envelopes)

    monkeypatch.setattr(Database, "publish_committed", die_before_publishing)
    server = MetricsServer("127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.port}/metrics"
    try:
        with product_on_rabbitmq(RELAY_GRACE=RELAY_GRACE) as api:
            before = Scrape(url)
            assert before.value("mskpeer_outbox_unpublished_events", service="cases") == 0
            case = api.submit_case(PHYSIO, title="Outbox metrics: hamstring tendinopathy")

            waiting = eventually(
                lambda: Scrape(url),
                lambda s: s.value("mskpeer_outbox_unpublished_events", service="cases") >= 2,
                RELAY_GRACE,
                "the scrape to show the case's events waiting in the outbox",
            )
            assert waiting.value("mskpeer_outbox_lag_seconds", service="cases") > 0

            api.wait_for_case(PHYSIO, case["id"], "scheduled")
            caught_up = eventually(
                lambda: Scrape(url),
                lambda s: s.value("mskpeer_outbox_unpublished_events", service="cases") == 0,
                30,
                "the relay to publish what waited",
            )
    finally:
        server.stop()

    assert caught_up.value("mskpeer_outbox_lag_seconds", service="cases") == 0
    relayed = {"service": "cases", "event_type": "case.submitted", "via": "relay"}
    grew = caught_up.value("mskpeer_events_published_total", **relayed) - before.value(
        "mskpeer_events_published_total", **relayed
    )
    assert grew == 1
    consumed = {"service": "scheduling", "event_type": "case.submitted", "outcome": "applied"}
    assert caught_up.value("mskpeer_events_consumed_total", **consumed) > before.value(
        "mskpeer_events_consumed_total", **consumed
    )
    assert caught_up.value("mskpeer_database_up", service="cases") == 1
