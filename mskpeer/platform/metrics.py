"""What every process tells Prometheus: the one place its metrics are named and recorded.

Names carry their unit (`_seconds`, `_total`); labels are few and bounded: a route's
template (`/api/v1/cases/<string:case_id>`), never a path, id, person or anything of a
patient or a case. Each process keeps its own registry (`REGISTRY`), which
`serve()` (mskpeer/platform/metrics_server.py) exposes on a port of its own.

Two kinds of figure:
- counted as things happen (requests, RPCs, events, mail, follow-ups, solver runs,
  referrals), by the small functions below called where each happens;
- read from each service's database when Prometheus scrapes (platform/readings.py):
  outbox lag, parked dead letters, overdue follow-ups.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from nameko.events import EventHandler
from nameko.extensions import DependencyProvider
from nameko.rpc import Rpc
from nameko.timer import Timer
from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector

from mskpeer.platform.readings import DatabaseReadings

log = logging.getLogger(__name__)

REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)  # CPU, memory, open files: process_*

_FAST = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

HTTP_REQUESTS = Counter(
    "mskpeer_http_requests_total",
    "HTTP requests the gateway answered, by route template and status class (2xx, 4xx, 5xx)",
    ["method", "route", "status"],
    registry=REGISTRY,
)
HTTP_DURATION = Histogram(
    "mskpeer_http_request_duration_seconds",
    "Time from the gateway taking a request to its response being ready",
    ["method", "route"],
    buckets=_FAST,
    registry=REGISTRY,
)
RPC_DURATION = Histogram(
    "mskpeer_rpc_duration_seconds",
    "Time a service took to answer an RPC; outcome: ok, refused (a user error), error",
    ["service", "method", "outcome"],
    buckets=_FAST,
    registry=REGISTRY,
)
TIMER_DURATION = Histogram(
    "mskpeer_timer_duration_seconds",
    "Time one run of a service's timer took (outbox relay, follow-up release, mail...)",
    ["service", "timer", "outcome"],
    buckets=_FAST,
    registry=REGISTRY,
)
EVENTS_PUBLISHED = Counter(
    "mskpeer_events_published_total",
    "Events the broker confirmed; via: commit (at once) or relay (the outbox timer's sweep)",
    ["service", "event_type", "via"],
    registry=REGISTRY,
)
EVENTS_CONSUMED = Counter(
    "mskpeer_events_consumed_total",
    "Events a handler received; outcome: applied, duplicate (skipped), parked, requeued",
    ["service", "event_type", "outcome"],
    registry=REGISTRY,
)
FOLLOW_UP_LATENESS = Histogram(
    "mskpeer_follow_up_lateness_seconds",
    "How long after its due time a follow-up step went out, by step (its event type)",
    ["step"],
    buckets=(1, 2, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600),
    registry=REGISTRY,
)
MAIL_SENT = Counter(
    "mskpeer_mail_sent_total",
    "Messages the SMTP server accepted, by the service that sent them",
    ["service"],
    registry=REGISTRY,
)
MAIL_FAILURES = Counter(
    "mskpeer_mail_failures_total",
    "Messages the SMTP server refused or could not be reached for (tried again later)",
    ["service"],
    registry=REGISTRY,
)
ROTA_SOLVE = Histogram(
    "mskpeer_rota_solve_seconds",
    "CP-SAT time to plan a rota; trigger: coordinator or automatic; status: the solver's",
    ["trigger", "status"],
    buckets=(0.1, 0.5, 1, 2, 5, 10, 20, 30, 60, 120),
    registry=REGISTRY,
)
REFERRALS_RECEIVED = Counter(
    "mskpeer_referrals_received_total",
    "Self-referrals accepted, by channel (web, phone)",
    ["channel"],
    registry=REGISTRY,
)
REFERRALS_TURNED_AWAY = Counter(
    "mskpeer_referrals_turned_away_total",
    "Self-referrals not accepted: SEEK_URGENT_CARE (red flags) or NOT_ELIGIBLE",
    ["reason"],
    registry=REGISTRY,
)
REFERRALS_TRIAGED = Counter(
    "mskpeer_referrals_triaged_total",
    "Triage decisions, by priority and destination",
    ["priority", "destination"],
    registry=REGISTRY,
)

_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def http_answered(method: str, route: str, status: int, seconds: float) -> None:
    method = method if method in _METHODS else "OTHER"  # a client chooses it: bound it
    HTTP_REQUESTS.labels(method, route, f"{status // 100}xx").inc()
    HTTP_DURATION.labels(method, route).observe(seconds)


def events_published(service: str, event_types: Iterable[str], via: str) -> None:
    for event_type in event_types:
        EVENTS_PUBLISHED.labels(service, event_type, via).inc()


def mail_sent(service: str) -> None:
    MAIL_SENT.labels(service).inc()


def mail_failed(service: str) -> None:
    MAIL_FAILURES.labels(service).inc()


class WorkerMetrics(DependencyProvider):
    """Times every worker of a service: RPC latency, events consumed, timer runs.

    nameko calls `worker_result` after the reply or ack went out, so nothing here
    can delay or fail the work itself.
    """

    def setup(self):
        self._started: dict = {}

    def worker_setup(self, worker_ctx):
        self._started[worker_ctx] = time.perf_counter()

    def worker_result(self, worker_ctx, result=None, exc_info=None):
        started = self._started.pop(worker_ctx, None)
        if started is not None:
            worker_done(
                self.container.service_name,
                worker_ctx.entrypoint,
                result,
                exc_info,
                time.perf_counter() - started,
            )

    def worker_teardown(self, worker_ctx):
        self._started.pop(worker_ctx, None)


def worker_done(service: str, entrypoint, result, exc_info, seconds: float) -> None:
    error = exc_info[1] if exc_info else None
    if isinstance(entrypoint, Rpc):
        expected = entrypoint.expected_exceptions or ()
        outcome = "ok" if error is None else "refused" if isinstance(error, expected) else "error"
        RPC_DURATION.labels(service, entrypoint.method_name, outcome).observe(seconds)
    elif isinstance(entrypoint, EventHandler):
        # Our handlers (mskpeer/platform/consumer.py) return applied, duplicate or parked;
        # one that raised could not even park the event, which goes back on the queue.
        outcome = "requeued" if error is not None else str(result or "applied")
        EVENTS_CONSUMED.labels(service, entrypoint.event_type, outcome).inc()
    elif isinstance(entrypoint, Timer):
        outcome = "ok" if error is None else "error"
        TIMER_DURATION.labels(service, entrypoint.method_name, outcome).observe(seconds)


DATABASES = DatabaseReadings()  # every service database this process runs
REGISTRY.register(DATABASES)
