"""The broker-cluster drill: cases in flight while a broker node and the processes fail.

The product runs in its production shape (two processes of every service and of
the gateway) on a private three-node RabbitMQ cluster with quorum queues, real
PostgreSQL and a real SMTP sink. While clients submit cases, in turn: the node
leading the queues is stopped, it is started again, and one copy of each part
is killed with SIGKILL. After each fault the time until a new case gets its
acknowledgement email is the recovery time. tests/integration/test_broker_cluster.py
runs it small and checks the outcome; bench/cluster.py runs it at full size.
"""

from __future__ import annotations

import collections
import contextlib
import time
import uuid
from dataclasses import dataclass, field

import eventlet
import requests

from mskpeer.mailsink import MailSink
from mskpeer.platform.settings import SERVICES
from tests.support.api import ApiClient, case_details, eventually
from tests.support.infra import postgres_databases
from tests.support.production_shape import production_shape
from tests.support.rabbit_cluster import rabbit_cluster

PHYSIO = "physio@demo.nhs.uk"
CLIENTS = 10
SETTINGS = {
    "AMQP_QUEUE_TYPE": "quorum",
    "HANDLER_BACKOFF": "0.05s",
    "HANDLER_OUTAGE_RETRY": "60s",
    "RELAY_GRACE": "0.5s",
}
PATIENCE = 300  # seconds a client keeps repeating one case; a busy shared machine is slow
# Fourteen Python processes starting at once got 3 s of CPU each in their first 2.5
# minutes on the shared machine (load 40 on 2 cores): the start is given long.
START_PATIENCE = 600


class Clients:
    """Clinicians' clients submitting cases, each case with its own Idempotency-Key,
    repeated after a 503 or a dropped connection (on the other gateway, as a load
    balancer would), as the README tells clients to."""

    def __init__(self, gateways: list[str], tag: str):
        self.tag = tag
        self.answers: dict[int, dict] = {}
        self.failures: list[str] = []  # anything but a 201 or a 503 and its retry
        self.retries = 0
        self.pool = eventlet.GreenPool(CLIENTS)
        self.clients = [ApiClient(f"http://{address}") for address in gateways]
        for client in self.clients:
            client.token(PHYSIO)  # signed in before anything breaks

    def title(self, n: int) -> str:
        return f"{self.tag} case {n}: knee pain on stairs"

    def submit(self, n: int) -> dict:
        deadline = time.monotonic() + PATIENCE
        for attempt in range(10_000):
            client = self.clients[(n + attempt) % len(self.clients)]
            try:
                response = client.post(
                    "/api/v1/cases",
                    PHYSIO,
                    json=case_details(title=self.title(n), body_region="knee"),
                    headers={"Idempotency-Key": f"{self.tag}-{n}"},
                )
                if response.status_code == 201:
                    self.answers[n] = response.json()
                    return self.answers[n]
                assert response.status_code == 503, (response.status_code, response.text)
            except requests.RequestException:
                pass  # that gateway is down, or its connection dropped: try the other
            self.retries += 1
            assert time.monotonic() < deadline, f"case {n} still not accepted"
            eventlet.sleep(0.5)
        raise AssertionError(f"case {n} never accepted")

    def spawn(self, numbers) -> None:
        for n in numbers:
            self.pool.spawn(self._submit_or_record, n)

    def _submit_or_record(self, n: int) -> None:
        try:
            self.submit(n)
        except AssertionError as error:  # a green thread's exception would go unseen
            self.failures.append(f"case {n}: {error}")

    def wait(self) -> None:
        self.pool.waitall()


@dataclass
class Drill:
    shape: object
    cluster: object
    urls: dict
    sink: MailSink
    clients: Clients
    recovery_s: dict[str, float] = field(default_factory=dict)
    in_flight_mail: set[str] = field(default_factory=set)  # Message-IDs being sent at a kill
    next_case: int = 0

    def acknowledged(self, title: str) -> bool:
        return f"Case received: {title}" in {m.subject for m in self.sink.messages()}

    def fault(self, name: str, cases: int, act) -> None:
        """`act` while `cases` cases are being submitted; then the time until a case
        submitted after it is acknowledged by email."""
        numbers = range(self.next_case, self.next_case + cases + 1)
        self.next_case = numbers.stop
        probe = numbers[-1]
        self.clients.spawn(numbers[:-1])
        started = time.monotonic()
        act()
        self.clients.submit(probe)
        eventually(
            lambda: self.acknowledged(self.clients.title(probe)),
            bool,
            PATIENCE,
            f"a case acknowledged after: {name}",
        )
        self.recovery_s[name] = round(time.monotonic() - started, 1)

    def stop_the_leader(self) -> str:
        leaders = collections.Counter(self.cluster.leaders().values())
        leader = self.cluster.node(leaders.most_common(1)[0][0])
        leader.stop()
        return leader.name

    def kill(self, part: str) -> None:
        self.shape.kill(part, 1)
        if part == "notifications":
            sending = "select key from deliveries where status = 'sending'"
            rows = query(self.urls["notifications"], sending)
            self.in_flight_mail |= {f"<{key.replace(':', '.')}@mskpeer>" for (key,) in rows}

    def run(self, cases: int) -> None:
        parts = (*SERVICES, "gateway")
        share = max(1, cases // (2 + len(parts)))
        stopped = {}
        self.fault("no fault (baseline)", 0, lambda: None)  # the same clock on a calm cluster
        self.fault(
            "leader node stopped", share, lambda: stopped.update(name=self.stop_the_leader())
        )
        self.fault("node restarted", share, lambda: self.cluster.node(stopped["name"]).start())
        for part in parts:
            self.fault(f"{part} copy killed", share, lambda part=part: self.kill(part))
        self.clients.spawn(range(self.next_case, cases + len(self.recovery_s)))
        self.clients.wait()
        for part in parts:  # as Kubernetes would, once all had gone
            self.shape.start(part, 1)
        self.shape.healthy(timeout=START_PATIENCE)


def query(url: str, sql: str, **params) -> list:
    from sqlalchemy import text

    from mskpeer.platform.engine import make_engine

    engine = make_engine(url, green=False)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql), params).all()
    finally:
        engine.dispose()


@contextlib.contextmanager
def drill_on_a_cluster(directory):
    """Yields a Drill ready to run: the cluster, the databases, the sink and the shape."""
    with (
        rabbit_cluster(3) as cluster,
        postgres_databases() as urls,
        MailSink(directory / "mail") as sink,
        production_shape(
            directory,
            cluster.uri,
            urls,
            sink.port,
            2,
            consumers=cluster.consumers,
            start_within=START_PATIENCE,
            **SETTINGS,
        ) as shape,
    ):
        clients = Clients(shape.gateways, f"cluster-{uuid.uuid4().hex[:6]}")
        yield Drill(shape, cluster, urls, sink, clients)


def settle(drill: Drill, timeout: float = PATIENCE) -> dict:
    """Wait until every accepted case is scheduled, acknowledged and no queue holds a
    message; then what was delivered, counted: the test asserts on it, the bench prints it."""
    accepted = drill.clients.answers
    ids = [case["id"] for case in accepted.values()]
    acks = {f"Case received: {case['title']}" for case in accepted.values()}
    scheduled = "select case_id, count(*) from agenda_items where case_id = any(:ids) group by 1"
    eventually(
        lambda: len(query(drill.urls["scheduling"], scheduled, ids=ids)),
        len(ids).__eq__,
        timeout,
        "every accepted case on scheduling's books",
    )
    drill.sink.wait_for(lambda mail: acks <= {m.subject for m in mail}, timeout=timeout)
    pending = "select count(*) from deliveries where status in ('queued', 'sending')"
    eventually(
        lambda: query(drill.urls["notifications"], pending)[0][0], (0).__eq__, timeout, "mail"
    )
    # A killed caller's reply queue may keep a late answer until it expires (5 minutes
    # unused): nobody is waiting for it. Every queue a service consumes must be empty.
    left = eventually(
        lambda: {
            q["name"]: q["messages"]
            for q in drill.cluster.queues()
            if q["messages"] and not q["name"].startswith("rpc.reply-")
        },
        lambda found: not found,
        timeout,
        "every queue empty",
    )
    mail = [m for m in drill.sink.messages() if m.subject in acks]
    stored = query(
        drill.urls["cases"],
        "select title, count(*) from cases where title like :tag group by title",
        tag=f"{drill.clients.tag} %",
    )
    return {
        "accepted": len(accepted),
        "client_failures": drill.clients.failures,
        "client_retries": drill.clients.retries,
        "cases_stored": dict(stored),
        "schedulings": dict(query(drill.urls["scheduling"], scheduled, ids=ids)),
        "ack_message_ids": {
            subject: sorted({m.message_id for m in mail if m.subject == subject})
            for subject in acks
        },
        "ack_emails": collections.Counter(m.message_id for m in mail),
        "dead_letters": {
            service: query(drill.urls[service], "select handler, error from dead_letters")
            for service in SERVICES
        },
        "left_in_queues": left,
    }
