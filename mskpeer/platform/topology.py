"""Declare every event exchange, queue and binding before anything is published.

nameko publishes events non-mandatory: an event sent before its consumer's
queue is bound is silently dropped, even though the broker confirmed it. So
every process, when it starts, declares the queues of *all* consumers, derived
from the service classes themselves (the handlers cannot drift from it).
"""

from __future__ import annotations

import inspect

from kombu import Connection, Queue

from contracts.events import REGISTRY, spec_for
from mskpeer.platform.publisher import event_exchange
from mskpeer.platform.queues import dead_letter_queue, replicated


def event_queues(service_classes, config: dict | None = None) -> list[Queue]:
    """Every handler's queue; `config` says their type (AMQP_QUEUE_TYPE), as the
    handlers' own declarations do, or the two would clash."""
    queues = []
    for cls in service_classes:
        for method_name, method in inspect.getmembers(cls, inspect.isfunction):
            event_type = getattr(method, "event_type", None)
            if event_type is None or not hasattr(method, "reliable_handler"):
                continue
            source = spec_for(event_type).source
            # Same name and arguments as nameko's EventHandler.setup (SERVICE_POOL).
            queue = Queue(
                f"evt-{source}-{event_type}--{cls.name}.{method_name}",
                exchange=event_exchange(source),
                routing_key=event_type,
                durable=True,
                auto_delete=False,
                exclusive=False,
            )
            queues.append(replicated(queue, config or {}))
    return queues


def subscriptions(service_classes) -> dict[str, list[str]]:
    """event type -> the `service.handler`s that consume it (for docs and tests)."""
    found: dict[str, list[str]] = {}
    for queue in event_queues(service_classes):
        consumer = queue.name.split("--", 1)[1]
        found.setdefault(queue.routing_key, []).append(consumer)
    return found


def declare_topology(amqp_uri: str, service_classes, config: dict | None = None) -> int:
    with Connection(amqp_uri) as connection:
        channel = connection.default_channel
        # Every source's exchange, also one nobody consumes from yet (referrals): a
        # publish to a missing exchange fails, and its outbox would retry for ever.
        for source in sorted({spec.source for spec in REGISTRY.values()}):
            event_exchange(source)(channel).declare()
        # Before the queues that name it as their dead-letter exchange.
        dead_letters = dead_letter_queue(config or {})
        if dead_letters is not None:
            dead_letters(channel).declare()
        queues = event_queues(service_classes, config)
        for queue in queues:
            queue(channel).declare()  # declares the exchange, the queue and the binding
    return len(queues)
