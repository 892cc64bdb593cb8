"""Publishing envelopes to the event exchanges nameko's handlers listen on."""

from __future__ import annotations

from nameko.amqp.publish import Publisher
from nameko.constants import PERSISTENT
from nameko.standalone.events import get_event_exchange

from contracts.envelope import Envelope
from contracts.events import spec_for


def event_exchange(source_service: str):
    # Exactly the exchange nameko's @event_handler binds to, or declarations clash.
    return get_event_exchange(source_service, {})


class EventPublisher:
    """Persistent messages with publisher confirms: a return means the broker has it."""

    def __init__(self, amqp_uri: str):
        self._publisher = Publisher(
            amqp_uri,
            serializer="json",
            delivery_mode=PERSISTENT,
            use_confirms=True,
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0.1, "interval_step": 0.2},
        )

    def publish_all(self, envelopes: list[Envelope]) -> None:
        for envelope in envelopes:
            source = spec_for(envelope.event_type).source
            self._publisher.publish(
                envelope.to_wire(),
                exchange=event_exchange(source),
                routing_key=envelope.event_type,
            )
