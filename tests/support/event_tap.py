"""A queue of our own on a service's event exchange: what the world heard, in order.

Bound before the product starts, it keeps every event published while the
product is stopped and started again, so a test can count each one.
"""

from __future__ import annotations

import contextlib
import time

from kombu import Connection, Queue

from contracts.envelope import Envelope
from mskpeer.platform.publisher import event_exchange


class EventTap:
    def __init__(self, amqp_uri: str, source: str, routing_keys: list[str]):
        self.connection = Connection(amqp_uri)
        self.queue = Queue(
            f"test-tap-{source}",
            exchange=event_exchange(source),
            routing_key=routing_keys[0],
            durable=True,
            auto_delete=False,
        )
        self.bound = self.queue(self.connection.default_channel)
        self.bound.declare()
        for key in routing_keys[1:]:
            self.bound.bind_to(exchange=event_exchange(source), routing_key=key)
        self.heard: list[Envelope] = []

    def drain(self) -> list[Envelope]:
        while (message := self.bound.get(no_ack=True)) is not None:
            self.heard.append(Envelope.from_wire(message.decode()))
        return self.heard

    def wait_for(self, predicate, timeout: float = 30, what: str = "events") -> list[Envelope]:
        """Poll until predicate(all heard so far) holds; a bounded wait, never a bare sleep."""
        deadline = time.monotonic() + timeout
        while not predicate(self.drain()):
            if time.monotonic() > deadline:
                types = [e.event_type for e in self.heard]
                raise AssertionError(f"timed out waiting for {what}; heard {types}")
            time.sleep(0.1)
        return self.heard

    def of_case(self, case_id: str) -> list[str]:
        return [e.event_type for e in self.drain() if e.data.get("case_id") == case_id]

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.connection.release()
