"""AMQP_QUEUE_TYPE: what each service's queues are declared as, read from the kombu
Queue objects its nameko extensions build (no broker: nothing is started)."""

import pytest
from nameko.containers import ServiceContainer
from nameko.events import BROADCAST, EventHandler
from nameko.rpc import Rpc

from mskpeer.platform.entrypoints import ResilientEventHandler
from mskpeer.platform.queues import DEAD_LETTER_EXCHANGE, DELIVERY_LIMIT, dead_letter_queue
from mskpeer.platform.settings import BadSetting, amqp_queue_type
from mskpeer.platform.topology import event_queues
from mskpeer.runtime import service_classes

CONFIG = {"AMQP_URI": "amqp://guest:guest@127.0.0.1:5672/", "max_workers": 20}


def built_queues(config: dict) -> dict[str, object]:
    """Queue name -> kombu Queue, for every consumer of every part of the product."""
    queues = {}
    for cls in service_classes().values():
        container = ServiceContainer(cls, config)
        for entrypoint in container.entrypoints:
            if not isinstance(entrypoint, (Rpc, EventHandler)):
                continue  # timers and HTTP routes consume no queue
            entrypoint.setup()
            consumer = getattr(entrypoint, "rpc_consumer", entrypoint)
            consumer.setup()
            queues[consumer.queue.name] = consumer.queue
        for dependency in container.dependencies:
            listener = getattr(dependency, "rpc_reply_listener", None)
            if listener is not None:
                listener.setup()
                queues[listener.queue.name] = listener.queue
    return queues


def test_with_quorum_every_queue_a_service_consumes_is_replicated():
    queues = built_queues({**CONFIG, "AMQP_QUEUE_TYPE": "quorum"})
    consumed = {
        name: q
        for name, q in queues.items()
        if not name.startswith("rpc.reply") and not q.exclusive  # one process's own: below
    }
    assert {f"rpc-{s}" for s in ("cases", "scheduling", "staff", "referrals")} <= set(consumed)
    assert any(name.startswith("evt-cases-case.submitted--") for name in consumed)
    for name, queue in consumed.items():
        assert queue.durable and not queue.auto_delete and not queue.exclusive, name
        assert queue.queue_arguments == {
            "x-queue-type": "quorum",
            "x-delivery-limit": DELIVERY_LIMIT,
            "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE,
        }, name


def test_what_every_gateway_copy_hears_comes_to_a_queue_of_its_own_that_goes_with_it():
    queues = built_queues({**CONFIG, "AMQP_QUEUE_TYPE": "quorum"})
    own = {name.split("--")[1].rsplit("-", 1)[0] for name, q in queues.items() if q.exclusive}
    assert own == {"gateway.hear_staff_changed", "gateway.hear_staff_left"}
    for queue in (q for q in queues.values() if q.exclusive):
        assert queue.auto_delete and not queue.durable and not queue.queue_arguments


def test_reply_queues_stay_classic_and_transient_so_a_caller_can_fail_over():
    queues = built_queues({**CONFIG, "AMQP_QUEUE_TYPE": "quorum"})
    replies = [q for name, q in queues.items() if name.startswith("rpc.reply")]
    assert replies, "the gateway and the services that call others have reply queues"
    for queue in replies:
        assert "x-queue-type" not in queue.queue_arguments
        assert not queue.durable
        assert queue.queue_arguments["x-expires"] > 0


def test_by_default_queues_are_classic_with_no_arguments_as_before():
    queues = built_queues(dict(CONFIG))
    for name, queue in queues.items():
        if not name.startswith("rpc.reply"):
            assert not queue.queue_arguments, name
    assert dead_letter_queue(CONFIG) is None


def test_the_topology_declares_the_same_queues_as_the_handlers():
    config = {**CONFIG, "AMQP_QUEUE_TYPE": "quorum"}
    handlers = {  # not a process's own (broadcast) queue: it declares that itself
        n: q for n, q in built_queues(config).items() if n.startswith("evt-") and not q.exclusive
    }
    declared = {q.name: q for q in event_queues(service_classes().values(), config)}
    assert set(declared) == set(handlers)
    for name, queue in declared.items():
        assert queue.queue_arguments == handlers[name].queue_arguments, name
        assert queue.durable == handlers[name].durable, name


def test_what_passes_the_delivery_limit_is_kept_in_a_replicated_queue():
    queue = dead_letter_queue({"AMQP_QUEUE_TYPE": "quorum"})
    assert queue.exchange.name == DEAD_LETTER_EXCHANGE
    assert queue.durable and queue.queue_arguments == {"x-queue-type": "quorum"}


def test_a_broadcast_handler_stays_classic():
    class Listener:
        name = "listener"

        @ResilientEventHandler.decorator(
            "cases", "case.submitted", handler_type=BROADCAST, reliable_delivery=False
        )
        def hear(self, payload):
            pass

    container = ServiceContainer(Listener, {**CONFIG, "AMQP_QUEUE_TYPE": "quorum"})
    (handler,) = container.entrypoints
    handler.setup()
    assert handler.queue.exclusive
    assert "x-queue-type" not in (handler.queue.queue_arguments or {})


@pytest.mark.parametrize(("written", "read"), [("quorum", "quorum"), ("Classic", "classic")])
def test_the_queue_type_setting(monkeypatch, written, read):
    monkeypatch.setenv("AMQP_QUEUE_TYPE", written)
    assert amqp_queue_type() == read


def test_a_queue_type_nobody_knows_is_refused_at_start(monkeypatch):
    monkeypatch.setenv("AMQP_QUEUE_TYPE", "mirrored")
    with pytest.raises(BadSetting, match="AMQP_QUEUE_TYPE"):
        amqp_queue_type()
