"""Publishing envelopes to the event exchanges nameko's handlers listen on.

Every message is persistent and confirmed by the broker before `publish_all`
returns, but the confirms are awaited together: a batch goes out on one channel
in confirm mode and is confirmed as a whole (RabbitMQ acks many delivery tags at
once). Waiting for each message's confirm before sending the next held the
outbox to about 600 events a second.

Callers that arrive while a batch is on the wire wait, and their envelopes go
out together in the next one (a group commit): many transactions committing at
once share one round of confirms. One channel keeps the order of the events of
one caller, which consumers of an aggregate's events rely on.
"""

from __future__ import annotations

import contextlib
import functools
import json
import threading
import time
from collections.abc import Iterable

import amqp
from amqp import spec
from amqp.method_framing import frame_writer
from amqp.serialization import dumps
from kombu import Connection, Producer
from nameko.constants import PERSISTENT
from nameko.standalone.events import get_event_exchange

from contracts.envelope import Envelope
from contracts.events import spec_for

CONFIRM_TIMEOUT = 30.0  # seconds for the broker to confirm a batch before it is tried again
PUBLISH_ARGS = "Bssbb"  # basic.publish: ticket, exchange, routing key, mandatory, immediate


class NotConfirmed(Exception):
    """The broker refused (nacked) a message, or did not confirm it in time."""


def event_exchange(source_service: str):
    # Exactly the exchange nameko's @event_handler binds to, or declarations clash.
    return get_event_exchange(source_service, {})


@functools.cache
def exchange_for(event_type: str) -> str:
    return event_exchange(spec_for(event_type).source).name


class _Batch:
    def __init__(self, messages: list[tuple[str, str]]):
        self.messages = messages  # (event type, the envelope as JSON)
        self.sent = False
        self.error: Exception | None = None


class EventPublisher:
    """Persistent messages with publisher confirms: a return means the broker has them all."""

    def __init__(self, amqp_uri: str, confirm_timeout: float = CONFIRM_TIMEOUT):
        self._uri = amqp_uri
        self._confirm_timeout = confirm_timeout
        # Both green under eventlet. The turn is held while a batch is on the wire.
        self._turn = threading.Lock()
        self._queue = threading.Lock()
        self._waiting: list[_Batch] = []
        self._connection = None
        self._channel = None

    def publish_all(self, envelopes: Iterable[Envelope]) -> None:
        self.publish_stored((e.event_type, json.dumps(e.to_wire())) for e in envelopes)

    def publish_stored(self, messages: Iterable[tuple[str, str]]) -> None:
        """(event type, envelope as JSON) pairs, as an outbox keeps them: sent as they are."""
        batch = _Batch(list(messages))
        if not batch.messages:
            return
        with self._queue:
            self._waiting.append(batch)
        with self._turn:
            if not batch.sent:  # an earlier turn did not take it: take every batch waiting
                with self._queue:
                    batches, self._waiting = self._waiting, []
                error = self._send_with_one_retry([m for b in batches for m in b.messages])
                for each in batches:
                    each.sent, each.error = True, error
        if batch.error is not None:
            raise batch.error

    def close(self) -> None:
        self._forget_connection()

    def _send_with_one_retry(self, messages: list[tuple[str, str]]) -> Exception | None:
        # A connection the broker dropped while idle is only found out on use:
        # try once more on a fresh one. A duplicate from the first try is harmless,
        # every consumer being idempotent.
        for attempt in (1, 2):
            try:
                self._send(messages)
                return None
            except Exception as error:  # handed to every caller of the batch
                self._forget_connection()
                if attempt == 2:
                    return error
            except BaseException:
                # Killed mid-batch: the frames written so far must not come before the
                # next batch's on the same connection, nor its delivery tags be counted.
                self._forget_connection()
                raise
        return None

    def _send(self, messages: list[tuple[str, str]]) -> None:
        channel = self._open_channel()
        tracker = getattr(channel, "confirms", None)
        if tracker is None:  # kombu's in-process memory transport (embedded mode)
            producer = Producer(channel)
            for event_type, body in messages:
                producer.publish(
                    body,
                    exchange=exchange_for(event_type),
                    routing_key=event_type,
                    content_type="application/json",
                    content_encoding="utf-8",
                    delivery_mode=PERSISTENT,
                )
            return
        first = tracker.expect(len(messages))
        for event_type, body in messages:
            # py-amqp's own framing, written to one buffer and sent in one write: a write
            # per message, and the look for a connection.blocked notice that
            # basic_publish makes before each, were most of a batch's time. The notice and
            # the confirms are read while the batch is confirmed.
            message = amqp.Message(
                body,
                content_type="application/json",
                content_encoding="utf-8",
                delivery_mode=PERSISTENT,
            )
            args = dumps(PUBLISH_ARGS, (0, exchange_for(event_type), event_type, False, False))
            channel.frames.add(spec.Basic.Publish, args, message)
        channel.frames.send()
        tracker.wait_through(first + len(messages) - 1, self._confirm_timeout)

    def _open_channel(self):
        if self._channel is None:
            connection = Connection(self._uri)
            connection.ensure_connection(max_retries=2, interval_start=0.1, interval_step=0.2)
            channel = connection.channel()
            if connection.transport.driver_type == "amqp":
                channel.confirms = _Confirms(channel)
                channel.frames = _Frames(channel)
            # else kombu's in-process memory transport (embedded mode): nothing can be lost
            self._connection, self._channel = connection, channel
        return self._channel

    def _forget_connection(self) -> None:
        connection, self._connection, self._channel = self._connection, None, None
        if connection is not None:
            with contextlib.suppress(Exception):  # already broken: nothing more to do
                connection.release()


class _Frames:
    """A batch of a py-amqp channel's method frames, gathered to go in one socket write.

    Only the publisher writes on its connection, and only while it holds its turn, so
    nothing else's frames can come between a message's frames."""

    def __init__(self, channel):
        self._channel = channel
        self._gathered: list[bytes] = []
        # py-amqp frames into a buffer of its own and hands each frame (or a small
        # message's frames together) to write(): a view of that buffer, so kept as a copy.
        self._frame = frame_writer(channel.connection, self)

    def write(self, frame) -> None:
        self._gathered.append(bytes(frame))

    def add(self, method, args: bytes, message: amqp.Message) -> None:
        self._frame(1, self._channel.channel_id, method, args, message)

    def send(self) -> None:
        gathered, self._gathered = self._gathered, []
        self._channel.connection.transport.write(b"".join(gathered))


class _Confirms:
    """Which delivery tags of a confirm-mode py-amqp channel the broker has acknowledged."""

    def __init__(self, channel):
        self._channel = channel
        self._next_tag = 1  # the broker numbers a confirm-mode channel's messages from 1
        self._acked_through = 0
        self._acked_singly: set[int] = set()
        self._nacked: set[int] = set()
        channel.confirm_select()
        channel.events["basic_ack"].add(self._ack)
        channel.events["basic_nack"].add(self._nack)

    def expect(self, count: int) -> int:
        first = self._next_tag
        self._next_tag += count
        return first

    def wait_through(self, last_tag: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self._acked_through < last_tag:
            if self._nacked:
                raise NotConfirmed(f"the broker refused {len(self._nacked)} message(s)")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise NotConfirmed(f"no confirm from the broker within {timeout:g} s")
            self._channel.connection.drain_events(timeout=remaining)

    def _ack(self, delivery_tag: int, multiple: bool) -> None:
        if multiple:
            self._acked_through = max(self._acked_through, delivery_tag)
            self._acked_singly = {tag for tag in self._acked_singly if tag > delivery_tag}
        else:
            self._acked_singly.add(delivery_tag)
        # Single acks may come before the tags below them: advance over every tag acknowledged.
        while self._acked_through + 1 in self._acked_singly:
            self._acked_through += 1
            self._acked_singly.discard(self._acked_through)

    def _nack(self, delivery_tag: int, multiple: bool) -> None:
        self._nacked.add(delivery_tag)
