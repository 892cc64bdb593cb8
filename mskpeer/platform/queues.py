"""Which kind of queue a service consumes from: classic, or quorum (replicated).

With AMQP_QUEUE_TYPE=quorum every durable queue a service consumes (its
`rpc-<service>` queue and its handlers' `evt-...` queues) is a quorum queue:
a leader and followers on three nodes, so losing a node loses no message and
the queue carries on under a new leader. RPC reply queues stay classic (one
per process, short-lived). docs/operations.md says why the limits are what they are.
"""

from __future__ import annotations

from kombu import Exchange, Queue

CLASSIC, QUORUM = "classic", "quorum"
QUEUE_TYPES = (CLASSIC, QUORUM)

# A quorum queue counts deliveries of each message; past this many it gives the
# message to the dead-letter exchange instead of delivering it again. Only a
# message that kills its consumer (or whose consumer keeps losing its connection)
# comes back that often: handler faults are retried and parked in the service's
# own database, and a message is requeued only while that database is down.
DELIVERY_LIMIT = 20

# Where the broker puts what passed the delivery limit: kept, never dropped, for a
# person to look at (docs/operations.md). Nobody consumes it.
DEAD_LETTER_EXCHANGE = "mskpeer.dead-letters"
DEAD_LETTER_QUEUE = "mskpeer.dead-letters"


def queue_type(config: dict) -> str:
    return config.get("AMQP_QUEUE_TYPE") or CLASSIC


def consumed_queue_arguments(config: dict) -> dict:
    """The arguments of a durable queue a service consumes; none for classic queues:
    arguments are part of a queue's identity, so adding any to queues that already
    exist would make every declaration fail."""
    if queue_type(config) != QUORUM:
        return {}
    return {
        "x-queue-type": QUORUM,
        "x-delivery-limit": DELIVERY_LIMIT,
        "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE,
    }


def replicated(queue: Queue, config: dict) -> Queue:
    """`queue` with the arguments AMQP_QUEUE_TYPE asks for (nameko builds its queues
    with none)."""
    queue.queue_arguments = {**(queue.queue_arguments or {}), **consumed_queue_arguments(config)}
    return queue


def dead_letter_queue(config: dict) -> Queue | None:
    """The queue that keeps what passed the delivery limit; only quorum queues have one."""
    if queue_type(config) != QUORUM:
        return None
    exchange = Exchange(DEAD_LETTER_EXCHANGE, type="fanout", durable=True)
    return Queue(
        DEAD_LETTER_QUEUE,
        exchange=exchange,
        durable=True,
        queue_arguments={"x-queue-type": QUORUM},
    )
