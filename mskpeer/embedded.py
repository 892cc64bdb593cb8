"""Embedded (no broker) mode: every nameko service in one process on kombu's `memory://`.

`install_memory_transport()` re-points kombu's ``memory`` transport alias at a small subclass
of kombu's in-memory transport that nameko 2.14 can run on. Only ``memory://`` connections are
affected; ``amqp://`` connections resolve to kombu's py-amqp transport exactly as before.

What differs from kombu's stock memory transport, and why:

* message properties carry ``content_type``/``content_encoding``: kombu's virtual transport
  keeps them beside ``message.properties``, but nameko's RPC ``Responder`` reads
  ``message.properties['content_type']`` to encode the reply (stock: ``KeyError``).
* consumers wake when a message is published instead of sleeping a fixed 1 s between polls,
  and the fall-back poll interval is configurable (stock: up to 1 s latency per hop).
* a ``mandatory`` publish that no queue would receive raises ``ChannelError('NO_ROUTE ...')``,
  which nameko turns into ``UnknownService`` (stock: the call waits for a reply forever).
* queues a broker would delete itself (auto_delete, exclusive, ``x-expires``: every nameko
  RPC reply queue) are deleted with their bindings when their last consumer cancels (stock:
  kept for ever, so every ClusterRpcProxy leaves a binding that each RPC publish scans).
* each queue gets its own copy of a routed message (own delivery tag), and a requeued message
  goes back to the queue it came from (stock: one dict shared by every queue a topic routed it
  to, and a requeue re-routes through the exchange, duplicating events to every handler).

Not emulated: durability, queue ``x-expires``/TTLs, heartbeats (the virtual transport reports
none, so kombu never checks them), publisher confirms (``confirm_publish`` is accepted and
ignored: a put into an in-process queue cannot be lost). State is process-global.
"""

from __future__ import annotations

from collections import Counter
from queue import Empty
from time import monotonic

from eventlet.event import Event
from kombu import transport as kombu_transport
from kombu.exceptions import ChannelError
from kombu.transport import memory, virtual

__all__ = ["EMBEDDED_AMQP_URI", "install_memory_transport", "is_embedded", "reset_memory_broker"]

#: The AMQP_URI that runs the product without a broker (after `install_memory_transport()`).
EMBEDDED_AMQP_URI = "memory://"

_ALIAS = "memory"
_TRANSPORT_PATH = f"{__name__}:MemoryTransport"


class _Wakeup:
    """Wakes every consumer waiting for a message once anything is put on any queue.

    A waiter takes the current event *before* it looks at its queues, so a put that happens
    between the look and the wait still wakes it (no lost wake-up). Green, not thread-safe:
    everything runs on the one eventlet hub.
    """

    def __init__(self) -> None:
        self._event = Event()

    def current(self) -> Event:
        return self._event

    def notify(self) -> None:
        event, self._event = self._event, Event()
        event.send(None)


_wakeup = _Wakeup()


class MemoryMessage(virtual.Message):
    def __init__(self, payload, channel=None, **kwargs):
        super().__init__(payload, channel=channel, **kwargs)
        # nameko.rpc.Responder reads message.properties['content_type'] (py-amqp puts it there);
        # the virtual transport only sets message.content_type. Copy both across.
        self.properties.setdefault("content_type", self.content_type)
        self.properties.setdefault("content_encoding", self.content_encoding)


class MemoryChannel(memory.Channel):
    Message = MemoryMessage

    def basic_publish(self, message, exchange, routing_key, mandatory=False, **kwargs):
        # RabbitMQ returns an unroutable mandatory message, and nameko's Publisher maps a
        # ChannelError mentioning NO_ROUTE to UndeliverableMessage -> UnknownService. Without
        # this an RPC to a service that is not running waits for ever.
        if mandatory and exchange and not self._lookup(exchange, routing_key):
            raise ChannelError(
                f"NO_ROUTE - no queue bound to exchange {exchange!r} "
                f"for routing key {routing_key!r}"
            )
        return super().basic_publish(message, exchange, routing_key, **kwargs)

    def _put(self, queue, message, **kwargs):
        # A topic exchange hands the same dict to every matching queue. Give each queue its own
        # copy with its own delivery tag (as a broker does), and remember the queue so that a
        # requeue goes back there only (see _restore).
        props = message["properties"]
        message = {
            **message,
            "properties": {
                **props,
                "delivery_tag": self._next_delivery_tag(),
                "delivery_info": {**props.get("delivery_info", {}), "queue": queue},
            },
        }
        super()._put(queue, message, **kwargs)
        _wakeup.notify()

    def _put_fanout(self, exchange, message, routing_key=None, **kwargs):
        # Stock fanout bypasses _put; route through it for the copy and the wake-up.
        for queue in self._lookup(exchange, routing_key):
            self._put(queue, message, **kwargs)

    def _restore(self, message):
        # The virtual transport re-publishes a requeued message through its exchange, so a
        # requeued event would also reach every *other* handler bound to that event type.
        queue = message.delivery_info.get("queue")
        if queue is None:
            return super()._restore(message)
        raw = message.serializable()
        raw["redelivered"] = True
        self._put(queue, raw)

    def basic_ack(self, delivery_tag, multiple=False):
        was_full = not self.qos.can_consume()
        super().basic_ack(delivery_tag, multiple=multiple)
        if was_full:  # this consumer may be waiting for room in its prefetch window
            _wakeup.notify()

    # Queues a broker would delete by itself: auto_delete, exclusive, or with x-expires (every
    # nameko RPC reply queue, one per proxy / ClusterRpcProxy). The virtual transport never
    # deletes them, so each proxy would leave a queue and a topic binding behind, and every RPC
    # publish scans all topic bindings. Deleted here when their last consumer cancels.
    _transient: set[str] = set()
    _consumers_per_queue: Counter[str] = Counter()

    def _new_queue(self, queue, **kwargs):
        super()._new_queue(queue, **kwargs)
        arguments = kwargs.get("arguments") or {}
        if kwargs.get("auto_delete") or kwargs.get("exclusive") or "x-expires" in arguments:
            self._transient.add(queue)

    def basic_consume(self, queue, no_ack, callback, consumer_tag, **kwargs):
        self._consumers_per_queue[queue] += 1
        return super().basic_consume(queue, no_ack, callback, consumer_tag, **kwargs)

    def basic_cancel(self, consumer_tag):
        queue = self._tag_to_queue.get(consumer_tag) if consumer_tag in self._consumers else None
        super().basic_cancel(consumer_tag)
        if queue is None:
            return
        self._consumers_per_queue[queue] -= 1
        if self._consumers_per_queue[queue] <= 0 and queue in self._transient:
            del self._consumers_per_queue[queue]
            self._transient.discard(queue)
            # queue_delete forgets the bindings but leaves them in the exchange's routing
            # table (a later publish would recreate the queue), so unbind first.
            for exchange, routing_key, arguments in list(self.state.queue_bindings(queue)):
                self.queue_unbind(queue, exchange, routing_key, arguments)
            self._delete(queue)


class MemoryTransport(memory.Transport):
    Channel = MemoryChannel

    #: Longest sleep between polls when no publish wakes the consumer (set by install).
    polling_interval = 0.05

    # Without these two attributes kombu treats *every* channel error as a lost connection:
    # `Connection.ensure` reconnects, retries, then re-raises it as OperationalError, which
    # nameko does not recognise as NO_ROUTE. Nothing here can lose a connection.
    recoverable_connection_errors = memory.Transport.connection_errors
    recoverable_channel_errors = ()

    @property
    def default_connection_params(self):
        # No host to default to: stops kombu logging "No hostname was supplied. Reverting to
        # default 'localhost'" each time nameko clones a memory:// connection.
        return {"port": None, "hostname": None}

    def drain_events(self, connection, timeout=None):
        # Same contract as virtual.Transport.drain_events, but waits on the wake-up event
        # (bounded by polling_interval) instead of sleeping a fixed interval.
        deadline = None if timeout is None else monotonic() + timeout
        while True:
            wakeup = _wakeup.current()
            try:
                self.cycle.get(self._deliver, timeout=timeout)
                return
            except Empty:
                pass
            now = monotonic()
            if deadline is not None and now >= deadline:
                raise TimeoutError()  # socket.timeout, as kombu callers expect
            wait = self.polling_interval
            if deadline is not None:
                wait = min(wait, deadline - now)
            wakeup.wait(wait)


def install_memory_transport(polling_interval: float = 0.05) -> None:
    """Make ``memory://`` (EMBEDDED_AMQP_URI) fit for nameko; idempotent, amqp:// untouched.

    `polling_interval` bounds how long an idle consumer sleeps before looking again when no
    publish or ack has woken it; with the wake-up it is a safety net, not the latency.
    """
    if polling_interval <= 0:
        raise ValueError("polling_interval must be > 0")
    MemoryTransport.polling_interval = polling_interval
    kombu_transport.TRANSPORT_ALIASES[_ALIAS] = _TRANSPORT_PATH
    # kombu caches the class an alias resolved to; drop a stock class cached before install.
    kombu_transport._transport_cache.pop(_ALIAS, None)


def is_embedded(amqp_uri: str) -> bool:
    """True when `amqp_uri` selects the in-process transport."""
    return amqp_uri.split("://", 1)[0] == _ALIAS


def reset_memory_broker() -> None:
    """Forget every in-memory queue, exchange and binding (between tests; nothing running)."""
    MemoryChannel.queues.clear()
    MemoryChannel._transient.clear()
    MemoryChannel._consumers_per_queue.clear()
    MemoryTransport.global_state.clear()
