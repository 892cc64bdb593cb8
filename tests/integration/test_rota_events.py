"""A published rota is announced on RabbitMQ: one change per seat, then rota.published."""

import contextlib
import time
import uuid
from datetime import UTC, datetime, timedelta

from kombu import Connection, Queue

from contracts import events
from mskpeer.platform.publisher import event_exchange

COORDINATOR = "coordinator@demo.nhs.uk"


@contextlib.contextmanager
def listening(amqp_uri: str, *event_types: str):
    """A queue of our own per event type, bound before anything is published."""
    queues = [
        Queue(
            f"test-rota-{event_type}-{uuid.uuid4().hex[:8]}",
            exchange=event_exchange("scheduling"),
            routing_key=event_type,
            auto_delete=True,
        )
        for event_type in event_types
    ]
    with Connection(amqp_uri) as connection:
        for queue in queues:
            queue(connection.default_channel).declare()
        yield lambda: [
            message.payload
            for queue in queues
            for message in iter(
                lambda q=queue: q(connection.default_channel).get(no_ack=True), None
            )
        ]


def test_a_coordinators_rota_announces_each_seat_change_and_the_rota_itself(
    product_on_rabbitmq, amqp_uri
):
    types = (events.CONFERENCE_ASSIGNMENT_CHANGED, events.ROTA_PUBLISHED)
    with listening(amqp_uri, *types) as received, product_on_rabbitmq() as api:
        # Beyond the eight weeks the automatic planner keeps: new conferences, every seat new.
        today = datetime.now(UTC).date()
        window = {"from": str(today + timedelta(weeks=9)), "to": str(today + timedelta(weeks=11))}
        response = api.post("/api/v1/rota", COORDINATOR, json=window)
        assert response.status_code == 201, response.text
        rota = response.json()

        ours, deadline = [], time.monotonic() + 20
        while time.monotonic() < deadline:
            ours += [e for e in received() if e["data"]["rota_id"] == rota["rota_id"]]
            if any(e["event_type"] == events.ROTA_PUBLISHED for e in ours):
                break
            time.sleep(0.1)

    # The outbox relay may publish an event twice (consumers are idempotent): count each once.
    ours = list({e["event_id"]: e for e in ours}.values())
    published = [e for e in ours if e["event_type"] == events.ROTA_PUBLISHED]
    changes = [e for e in ours if e["event_type"] == events.CONFERENCE_ASSIGNMENT_CHANGED]
    assert len(published) == 1
    assert published[0]["data"]["conference_ids"] == [c["conference_id"] for c in rota["items"]]
    assert len(changes) == published[0]["data"]["changes"] == rota["changes"] > 0
    for change in changes:
        assert change["correlation_id"] == published[0]["correlation_id"]  # one request
        assert change["data"]["change"] in ("added", "removed")
        if change["data"]["change"] == "added":
            assert change["data"]["reasons"]
