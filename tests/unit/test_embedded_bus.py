"""nameko RPC, events, timers and @http in one process on the in-memory transport (no broker)."""

import eventlet

# The root conftest monkey-patches first; this guard only matters when it is absent.
if not eventlet.patcher.is_monkey_patched("socket"):
    eventlet.monkey_patch()

import socket  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

import pytest  # noqa: E402
from kombu import Connection  # noqa: E402
from kombu.transport import pyamqp  # noqa: E402
from nameko.events import EventDispatcher, event_handler  # noqa: E402
from nameko.exceptions import UnknownService  # noqa: E402
from nameko.rpc import RpcProxy, rpc  # noqa: E402
from nameko.runners import ServiceRunner  # noqa: E402
from nameko.standalone.rpc import ClusterRpcProxy  # noqa: E402
from nameko.timer import timer  # noqa: E402
from nameko.web.handlers import http  # noqa: E402

from mskpeer.embedded import (  # noqa: E402
    EMBEDDED_AMQP_URI,
    MemoryTransport,
    install_memory_transport,
    reset_memory_broker,
)

RECEIVED: list[dict] = []
TICKS: list[float] = []


class SourceService:
    name = "embedded_source"

    dispatch = EventDispatcher()

    @rpc
    def add(self, a, b):
        return a + b

    @rpc
    def announce(self, payload):
        self.dispatch("announced", payload)


class ListenerService:
    name = "embedded_listener"

    @event_handler("embedded_source", "announced")
    def on_announced(self, payload):
        RECEIVED.append(payload)

    @rpc
    def received(self):
        return list(RECEIVED)

    @timer(interval=0.05)
    def tick(self):
        TICKS.append(time.monotonic())


class GatewayService:
    name = "embedded_gateway"

    source = RpcProxy("embedded_source")

    @http("GET", "/sum/<int:a>/<int:b>")
    def sum(self, request, a, b):
        return str(self.source.add(a, b))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float = 5.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        eventlet.sleep(0.01)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture(scope="module")
def bus():
    install_memory_transport()
    reset_memory_broker()
    RECEIVED.clear()
    TICKS.clear()
    config = {
        "AMQP_URI": EMBEDDED_AMQP_URI,
        "WEB_SERVER_ADDRESS": f"127.0.0.1:{free_port()}",
    }
    runner = ServiceRunner(config)
    for service in (SourceService, ListenerService, GatewayService):
        runner.add_service(service)
    runner.start()
    try:
        yield config
    finally:
        runner.stop()
        reset_memory_broker()


@pytest.fixture
def proxy(bus):
    with ClusterRpcProxy(bus, timeout=5) as cluster:
        yield cluster


def test_an_rpc_round_trip_returns_the_value(proxy):
    assert proxy.embedded_source.add(2, 3) == 5


def test_an_event_dispatched_by_one_service_is_handled_by_the_other(proxy):
    proxy.embedded_source.announce({"case_id": "c-1"})

    received = wait_for(
        lambda: proxy.embedded_listener.received(), what="the listener to handle the event"
    )

    assert received == [{"case_id": "c-1"}]


def test_an_http_get_to_the_gateway_returns_the_rpc_result(bus):
    url = f"http://{bus['WEB_SERVER_ADDRESS']}/sum/20/22"

    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.status == 200
        assert response.read().decode() == "42"


def test_a_timer_fires_repeatedly(bus):
    wait_for(lambda: len(TICKS) >= 2, what="two timer ticks")


def test_two_hundred_sequential_rpc_calls_finish_in_bounded_time(proxy):
    started = time.monotonic()

    results = [proxy.embedded_source.add(i, 1) for i in range(200)]

    assert results == [i + 1 for i in range(200)]
    assert time.monotonic() - started < 20


def test_a_call_to_a_service_that_is_not_running_raises_unknown_service(proxy):
    with pytest.raises(UnknownService):
        proxy.no_such_service.anything()


def test_installing_twice_keeps_memory_on_the_adapter_and_amqp_on_py_amqp():
    install_memory_transport()
    install_memory_transport()

    assert Connection(EMBEDDED_AMQP_URI).get_transport_cls() is MemoryTransport
    assert Connection("amqp://guest:guest@127.0.0.1:5672//").get_transport_cls() is (
        pyamqp.Transport
    )
