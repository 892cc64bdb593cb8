"""Every log line of a piece of work carries its own request's ids, and no other request's.

Real nameko workers on eventlet (the root conftest monkey-patches, as `mskpeer run` does);
no broker: the workers are started through nameko's `entrypoint_hook`, with the context data
an RPC call would carry.
"""

from __future__ import annotations

import json
import logging
import uuid
from types import SimpleNamespace

import eventlet
import pytest
import structlog
from nameko.containers import ServiceContainer
from nameko.events import EventHandler
from nameko.testing.services import dummy, entrypoint_hook

from mskpeer.platform.log_context import LogContext, ids_of
from tests.support.logs import json_log

log = logging.getLogger("services.test_log_context")
CASE_WORDS = "Quillfeather's left shoulder since the allotment fall"


class Ward:
    name = "ward"
    log_context = LogContext()

    @dummy
    def examine(self, steps):
        for step in range(steps):
            log.info("step %d", step)
            eventlet.sleep(0.005)  # the other worker runs meanwhile
        raise ValueError(CASE_WORDS)  # nameko logs "error handling worker" with this


@pytest.fixture
def json_lines():
    with json_log("INFO", service="ward") as read:
        yield read


@pytest.fixture
def ward():
    container = ServiceContainer(Ward, {})
    container.start()
    yield container
    container.stop()


def test_two_concurrent_workers_never_carry_each_others_ids(ward, json_lines):
    requests = [str(uuid.uuid4()) for _ in range(2)]

    def call(request_id):
        data = {"correlation_id": request_id, "request_id": request_id}
        with pytest.raises(ValueError), entrypoint_hook(ward, "examine", data) as examine:
            examine(steps=4)

    for thread in [eventlet.spawn(call, request_id) for request_id in requests]:
        thread.wait()

    lines = json_lines()
    by_call: dict[str, set] = {}
    for line in lines:
        if "call_id" in line:
            by_call.setdefault(line["call_id"], set()).add(line.get("correlation_id"))
    assert len(by_call) == 2 and all(len(ids) == 1 for ids in by_call.values()), by_call
    assert {ids.pop() for ids in by_call.values()} == set(requests)
    steps = [line for line in lines if line["message"].startswith("step")]
    assert len(steps) == 8 and all(line["request_id"] in requests for line in steps)
    assert [s["request_id"] for s in steps[:2]] != [steps[0]["request_id"]] * 2, "interleaved"
    faults = [line for line in lines if "error handling worker" in line["message"]]
    assert {line["correlation_id"] for line in faults} == set(requests)
    assert all(
        line["logger"] == "nameko.containers" and line["service"] == "ward" for line in faults
    )
    assert all(line["exception"].startswith("Traceback") for line in faults)
    assert not [line for line in lines if "Quillfeather" in json.dumps(line)]


def test_a_line_outside_any_worker_carries_no_request_ids(ward, json_lines):
    with (
        pytest.raises(ValueError),
        entrypoint_hook(ward, "examine", {"correlation_id": "c-1"}) as e,
    ):
        e(steps=1)
    log.info("between requests")
    (line,) = [line for line in json_lines() if line["message"] == "between requests"]
    assert {"timestamp", "level", "logger", "service", "message"} <= set(line)
    assert not {"request_id", "correlation_id", "causation_id", "call_id"} & set(line)


def test_an_event_handlers_work_carries_its_events_chain_on_to_the_rpc_calls_it_makes():
    envelope = {"event_id": "e-2", "correlation_id": "r-1", "event_type": "case.submitted"}
    worker = SimpleNamespace(
        data={}, entrypoint=EventHandler("cases", "case.submitted"), args=(envelope,)
    )
    assert ids_of(worker) == {"correlation_id": "r-1", "causation_id": "e-2"}
    worker.service_name, worker.call_id = "notifications", "notifications.handle.1"
    LogContext().worker_setup(worker)
    try:
        assert worker.data == {"correlation_id": "r-1", "causation_id": "e-2"}
        assert structlog.contextvars.get_contextvars()["causation_id"] == "e-2"
    finally:
        LogContext().worker_teardown(worker)
    assert structlog.contextvars.get_contextvars() == {}


def test_an_rpc_worker_takes_the_ids_its_caller_sent():
    data = {"correlation_id": "r-1", "request_id": "r-1", "rpc_request_id": "x"}
    worker = SimpleNamespace(data=data, entrypoint=object(), args=())
    assert ids_of(worker) == {"correlation_id": "r-1", "request_id": "r-1"}
