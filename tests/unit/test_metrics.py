"""The figures each process gives Prometheus, and the server that gives them.

The counters are process-wide, so each test reads the change it caused, under
labels of its own (a service name no other test uses).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import eventlet
import pytest
import requests
from eventlet.event import Event
from nameko.containers import WorkerContext
from nameko.events import EventHandler
from nameko.rpc import Rpc
from nameko.timer import Timer
from sqlalchemy import MetaData, insert

from contracts.errors import NotFound
from mskpeer.platform import metrics
from mskpeer.platform.engine import GreenLock, make_engine
from mskpeer.platform.metrics import REGISTRY
from mskpeer.platform.metrics_server import MetricsServer, address, serve
from mskpeer.platform.readings import EVERY_SERVICE, FOLLOW_UPS_OVERDUE, OUTBOX_LAG
from mskpeer.platform.settings import BadSetting
from mskpeer.platform.tables import add_messaging_tables
from services.outcomes import models as outcomes_models
from services.outcomes.domain import DUE, FollowUp, Timings
from services.outcomes.release import overdue_seconds, release_due_steps
from services.outcomes.repository import FollowUps
from tests.support.stores import a_store

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


def value(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def a_service() -> str:
    return f"unit-{uuid.uuid4().hex[:8]}"


def bound(entrypoint, method_name: str):
    entrypoint.method_name = method_name  # what binding to a service class would set
    return entrypoint


def test_an_rpc_is_timed_by_service_method_and_whether_it_was_a_refusal():
    service = a_service()
    rpc = bound(Rpc(expected_exceptions=NotFound), "get_case")
    refused = (NotFound, NotFound("CASE_NOT_FOUND", "no case"), None)
    failed = (RuntimeError, RuntimeError("bug"), None)

    metrics.worker_done(service, rpc, {"id": "c1"}, None, 0.02)
    metrics.worker_done(service, rpc, None, refused, 0.01)
    metrics.worker_done(service, rpc, None, failed, 0.3)

    for outcome in ("ok", "refused", "error"):
        labels = {"service": service, "method": "get_case", "outcome": outcome}
        assert value("mskpeer_rpc_duration_seconds_count", **labels) == 1
    labels = {"service": service, "method": "get_case", "outcome": "error", "le": "0.25"}
    assert value("mskpeer_rpc_duration_seconds_bucket", **labels) == 0  # 0.3 s is slower


def test_a_consumed_event_is_counted_by_what_its_handler_did():
    service = a_service()
    handler = bound(EventHandler("cases", "case.submitted"), "handle_case_submitted")
    for result in ("applied", "duplicate", "parked"):
        metrics.worker_done(service, handler, result, None, 0.01)
    metrics.worker_done(service, handler, None, (OSError, OSError("db gone"), None), 0.01)

    for outcome in ("applied", "duplicate", "parked", "requeued"):
        labels = {"service": service, "event_type": "case.submitted", "outcome": outcome}
        assert value("mskpeer_events_consumed_total", **labels) == 1


def test_a_timer_run_is_timed_and_the_worker_metrics_provider_times_real_workers():
    service = a_service()
    provider = metrics.WorkerMetrics()
    provider.container = SimpleNamespace(service_name=service, config={})
    provider.setup()
    worker = WorkerContext(provider.container, None, bound(Timer(interval=1), "relay_outbox"))

    provider.worker_setup(worker)
    provider.worker_result(worker, None, None)
    provider.worker_teardown(worker)

    labels = {"service": service, "timer": "relay_outbox", "outcome": "ok"}
    assert value("mskpeer_timer_duration_seconds_count", **labels) == 1
    assert provider._started == {}, "nothing is kept once the worker is done"


def test_http_labels_stay_bounded_whatever_a_client_sends():
    route = f"/api/v1/unit-{uuid.uuid4().hex[:8]}/<case_id>"
    metrics.http_answered("BREW", route, 418, 0.01)
    metrics.http_answered("GET", route, 201, 0.01)

    assert value("mskpeer_http_requests_total", method="OTHER", route=route, status="4xx") == 1
    assert value("mskpeer_http_requests_total", method="GET", route=route, status="2xx") == 1


class FakeDatabase:
    """What the scrape-time readings use of a Database provider, on an in-memory SQLite."""

    def __init__(self, service: str, metadata=None, tables=None, readings=None, url="sqlite://"):
        if metadata is None:
            metadata = MetaData()
            tables = add_messaging_tables(metadata)
        self.container = SimpleNamespace(service_name=service)
        self.engine = make_engine(url)
        self.lock = GreenLock(url)
        self.tables = tables
        self.now = lambda: NOW
        self.readings = {**EVERY_SERVICE, **(readings or {})}
        if url == "sqlite://":
            metadata.create_all(self.engine)

    def __enter__(self):
        metrics.DATABASES.watch(self)
        return self

    def __exit__(self, *exc):
        metrics.DATABASES.forget(self)
        self.engine.dispose()


def outbox_row(event_id: str, created_at, published_at=None) -> dict:
    return {
        "event_id": event_id,
        "event_type": "case.submitted",
        "envelope": {},
        "created_at": created_at,
        "published_at": published_at,
    }


def test_the_outbox_lag_is_the_age_of_the_oldest_unpublished_event():
    service = a_service()
    with FakeDatabase(service) as db:
        assert value("mskpeer_outbox_lag_seconds", service=service) == 0
        assert value("mskpeer_database_up", service=service) == 1
        with db.engine.begin() as connection:
            outbox = db.tables["outbox"]
            connection.execute(insert(outbox), [
                outbox_row("e1", NOW - timedelta(hours=1), published_at=NOW),
                outbox_row("e2", NOW - timedelta(seconds=90)),
                outbox_row("e3", NOW - timedelta(seconds=5)),
            ])  # fmt: skip

        assert value("mskpeer_outbox_lag_seconds", service=service) == 90
        assert value("mskpeer_outbox_unpublished_events", service=service) == 2


def test_parked_dead_letters_are_counted_but_replayed_ones_are_not():
    service = a_service()
    with FakeDatabase(service) as db:
        rows = [
            {"handler": f"{service}.h", "event_id": f"e{i}", "event_type": "case.submitted"}
            | {"envelope": {}, "error": "boom", "attempts": 5, "status": status}
            | {"parked_at": NOW}
            for i, status in enumerate(("parked", "parked", "replayed", "replay_requested"))
        ]
        with db.engine.begin() as connection:
            connection.execute(insert(db.tables["dead_letters"]), rows)

        assert value("mskpeer_dead_letters_parked", service=service) == 2


def test_a_database_that_does_not_answer_shows_as_down_and_the_scrape_still_answers(tmp_path):
    service = a_service()
    missing = f"sqlite:///{tmp_path / 'no-such-directory' / 'x.db'}"
    with FakeDatabase(service, url=missing), FakeDatabase(healthy := a_service()):
        assert value("mskpeer_database_up", service=service) == 0
        assert REGISTRY.get_sample_value("mskpeer_outbox_lag_seconds", {"service": service}) is None
        assert value("mskpeer_database_up", service=healthy) == 1


def a_chain(follow_up_id: str, due: datetime) -> FollowUp:
    return FollowUp(
        id=follow_up_id,
        case_id=f"case-{follow_up_id}",
        title="Knee",
        presenter={"id": "p1", "name": "Rae Moss", "email": "rae.moss@nhs.example.uk"},
        chair={"id": "p2", "name": "Ed Vale", "email": "ed.vale@nhs.example.uk"},
        intended_plan=None,
        next_step=DUE,
        due_at=due,
    )


def test_the_oldest_overdue_follow_up_step_is_read_from_the_outcomes_database():
    service = a_service()
    overdue = {FOLLOW_UPS_OVERDUE: overdue_seconds}
    with FakeDatabase(service, outcomes_models.metadata, outcomes_models.messaging, overdue) as db:
        assert value("mskpeer_follow_up_overdue_seconds", service=service) == 0
        with db.engine.begin() as connection:
            for number, due in enumerate((NOW - timedelta(minutes=10), NOW + timedelta(days=1))):
                FollowUps(connection).add(a_chain(f"f{number}", due))

        assert value("mskpeer_follow_up_overdue_seconds", service=service) == 600


def outcomes_store():
    """The outcomes service's real `self.db` on an in-memory SQLite: commit hooks run, as there."""
    engine = make_engine("sqlite://")
    outcomes_models.metadata.create_all(engine)
    return a_store(engine, outcomes_models.messaging, lambda: NOW)


def test_a_follow_up_released_late_is_measured_from_when_it_fell_due():
    db = outcomes_store()
    with db.transaction() as tx:
        FollowUps(tx.session).add(a_chain("f1", due=NOW - timedelta(seconds=90)))
        FollowUps(tx.session).add(a_chain("f2", due=NOW + timedelta(days=1)))
    count, total = (
        value("mskpeer_follow_up_lateness_seconds_count", step="follow_up.due"),
        value("mskpeer_follow_up_lateness_seconds_sum", step="follow_up.due"),
    )
    timings = Timings(timedelta(days=42), timedelta(days=7), timedelta(days=7))

    assert release_due_steps(db, lambda: NOW, timings) == 1

    assert value("mskpeer_follow_up_lateness_seconds_count", step="follow_up.due") == count + 1
    assert value("mskpeer_follow_up_lateness_seconds_sum", step="follow_up.due") == total + 90


@pytest.fixture
def server():
    running = MetricsServer("127.0.0.1", 0)
    yield f"http://127.0.0.1:{running.port}"
    running.stop()


def test_the_metrics_port_serves_the_exposition_at_metrics_and_nothing_else(server):
    answer = requests.get(f"{server}/metrics", timeout=5)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/plain")
    assert "# TYPE mskpeer_http_requests_total counter" in answer.text
    assert "process_cpu_seconds_total" in answer.text
    assert requests.get(f"{server}/", timeout=5).status_code == 404
    assert requests.post(f"{server}/metrics", timeout=5).status_code == 404


def test_a_slow_scrape_leaves_the_hub_free_for_every_other_worker(server):
    reading, release = Event(), Event()

    def slow_reading(connection, tables, now):
        reading.send()
        release.wait()  # a database taking its time
        return 7.0

    service = a_service()
    ticks = []
    ticker = eventlet.spawn(lambda: [ticks.append(eventlet.sleep(0.01)) for _ in range(20)])
    with FakeDatabase(service, readings={OUTBOX_LAG: slow_reading}):
        scrape = eventlet.spawn(requests.get, f"{server}/metrics", timeout=10)
        with eventlet.Timeout(5, AssertionError("the scrape never reached the reading")):
            reading.wait()
            ticker.wait()  # other green threads ran while the scrape waited
        assert len(ticks) == 20 and not scrape.dead
        release.send()
        answer = scrape.wait()
    assert f'mskpeer_outbox_lag_seconds{{service="{service}"}} 7.0' in answer.text


def test_metrics_are_off_unless_an_address_is_set_and_a_wrong_one_stops_the_start():
    assert serve(None) is None
    assert serve("") is None
    assert address("0.0.0.0:9464") == ("0.0.0.0", 9464)
    for wrong in ("9464", "localhost:", "host:port", ":9464", "h:70000"):
        with pytest.raises(BadSetting, match="METRICS_ADDRESS"):
            address(wrong)
