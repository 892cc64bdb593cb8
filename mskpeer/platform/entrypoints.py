"""nameko's @rpc, @event_handler and RpcProxy, made to survive the broker going away.

Stock nameko kills the whole service container when a reply or an ack cannot be
sent (the broker restarted while a worker ran). The work was committed; only
the answer is lost, and the caller gets a timeout it maps to 503. So we log and
keep the service running; it reconnects by itself when the broker returns. The
unacknowledged request is delivered again: commands recognise it by its id.
"""

from __future__ import annotations

import logging

from amqp.exceptions import ConnectionError as AMQPConnectionError
from amqp.exceptions import MessageNacked
from kombu.exceptions import OperationalError
from nameko.events import BROADCAST, EventHandler
from nameko.rpc import ReplyListener, Rpc, RpcConsumer, RpcProxy

from mskpeer.platform.queues import replicated

log = logging.getLogger(__name__)

# What a broker going away looks like from py-amqp and kombu, including the
# broker's own "CONNECTION_FORCED - shutdown" and a publish it nacked on the way down.
BROKER_GONE = (OperationalError, AMQPConnectionError, MessageNacked, ConnectionError, OSError)


REQUEST_ID = "rpc_request_id"


class ReplicatedRpcConsumer(RpcConsumer):
    """`rpc-<service>` declared as AMQP_QUEUE_TYPE asks (nameko gives it no arguments)."""

    def setup(self):
        super().setup()
        replicated(self.queue, self.container.config)


class ResilientRpc(Rpc):
    rpc_consumer = ReplicatedRpcConsumer()

    def unpack_message_headers(self, message):
        # The request's own id, so a command redelivered after a lost ack can be
        # recognised (see Store.command) instead of being carried out twice.
        context = super().unpack_message_headers(message)
        context[REQUEST_ID] = message.properties.get("correlation_id")
        return context

    def handle_result(self, message, worker_ctx, result, exc_info):
        try:
            return super().handle_result(message, worker_ctx, result, exc_info)
        except BROKER_GONE as error:
            log.warning(
                "could not reply to %s (%s): the broker is away; the caller will time out",
                worker_ctx.entrypoint.method_name,
                error,
            )
            return result, exc_info


class ResilientEventHandler(EventHandler):
    """The same for an event whose ack cannot reach the broker.

    The unacknowledged event is delivered again once the broker is back; its
    handler is idempotent, so the second delivery has no second effect.
    Its queue is declared as AMQP_QUEUE_TYPE asks, unless it is a broadcast
    handler's: one per process, exclusive to its connection, so nothing to replicate
    or keep (a process reconnecting to another node declares it afresh there).
    """

    def setup(self):
        super().setup()
        if self.handler_type is not BROADCAST and self.reliable_delivery:
            replicated(self.queue, self.container.config)
        elif self.queue.exclusive:
            self.queue.durable = False

    def handle_result(self, message, worker_ctx, result=None, exc_info=None):
        try:
            return super().handle_result(message, worker_ctx, result, exc_info)
        except BROKER_GONE as error:
            log.warning(
                "could not acknowledge %s (%s): it will be redelivered and skipped",
                worker_ctx.entrypoint.method_name,
                error,
            )
            return result, exc_info


class ResilientReplyListener(ReplyListener):
    """A caller's reply listener that hands over a reply even when its ack is lost.

    Stock nameko acks first and, if the ack fails, kills the calling service
    (seen: the gateway, in a broker restart). The reply is here; deliver it.

    Its queue is classic and not durable. A durable classic queue lives on one
    node of a cluster; while that node is down it cannot be declared anywhere
    else, so the caller, failing over to another node, would get no replies at
    all until it came back. A transient one goes with its node and is declared
    afresh on the next (a reply in flight is lost: the caller times out).
    """

    def setup(self):
        super().setup()
        self.queue.durable = False

    def handle_message(self, body, message):
        try:
            self.queue_consumer.ack_message(message)
        except BROKER_GONE as error:
            log.warning("could not acknowledge an RPC reply (%s); delivering it anyway", error)
        waiting = self._reply_events.pop(message.properties.get("correlation_id"), None)
        if waiting is not None:
            waiting.send(body)


class ResilientRpcProxy(RpcProxy):
    rpc_reply_listener = ResilientReplyListener()


rpc = ResilientRpc.decorator
event_handler = ResilientEventHandler.decorator
