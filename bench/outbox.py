"""Publishing from the outbox beside what the broker allows; prints JSON.

On a RabbitMQ vhost and a PostgreSQL database of the bench's own, in one run:
- ceiling: a bare py-amqp loop that publishes every message persistent on a
  confirm-mode channel and then waits for all the confirms (the broker's pace);
- one_confirm_each: the same messages, each waiting for its own confirm before
  the next (how the product published before batching: the "before" figure);
- relay: the product's own outbox relay (mskpeer/platform/database.py) on events
  written to a service's outbox table, swept until none is left unpublished, as
  the relay timer does after an outage or a burst;
- after_commit: many green threads each publishing the events of one
  transaction at once, as services do right after each commit.
A queue bound to the exchange counts what arrived: nothing lost, nothing twice.

    python bench/outbox.py [--events 20000]
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from types import SimpleNamespace  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import amqp  # noqa: E402
from kombu import Connection, Queue  # noqa: E402
from nameko.constants import PERSISTENT  # noqa: E402
from sqlalchemy import MetaData, insert  # noqa: E402

from contracts.envelope import Envelope  # noqa: E402
from contracts.events import FOLLOW_UP_DUE  # noqa: E402
from mskpeer.platform.database import Database  # noqa: E402
from mskpeer.platform.publisher import event_exchange  # noqa: E402
from mskpeer.platform.tables import add_messaging_tables  # noqa: E402
from tests.support.infra import postgres_databases, rabbit_vhost  # noqa: E402

AIM_PER_SECOND = 5000
AIM_OF_CEILING = 0.5


def follow_ups_due(count: int) -> list[Envelope]:
    now = datetime.now(UTC)
    return [
        Envelope.new(
            FOLLOW_UP_DUE,
            {"follow_up_id": f"f{n}", "case_id": f"c{n}", "step": 1, "due_at": now.isoformat()},
            now,
        )
        for n in range(count)
    ]


class Tap:
    """A durable queue on the exchange: what arrived, counted by event id."""

    def __init__(self, amqp_uri: str):
        self.connection = Connection(amqp_uri)
        exchange = event_exchange("outcomes")
        exchange(self.connection.default_channel).declare()
        self.queue = Queue("bench-outbox-tap", exchange, routing_key=FOLLOW_UP_DUE, durable=True)
        self.queue(self.connection.default_channel).declare()

    def drain(self) -> Counter:
        heard: Counter = Counter()
        bound = self.queue(self.connection.default_channel)
        while (message := bound.get(no_ack=True)) is not None:
            heard[json.loads(message.body)["event_id"]] += 1
        return heard


def bare_loop(amqp_uri: str, envelopes: list[Envelope], wait_each: bool) -> float:
    """Seconds to publish them all, confirmed, with py-amqp and nothing of ours."""
    parts = amqp_uri.removeprefix("amqp://").split("/", 1)
    credentials, host = parts[0].split("@")
    user, password = credentials.split(":")
    connection = amqp.Connection(host=host, userid=user, password=password, virtual_host=parts[1])
    connection.connect()
    channel = connection.channel()
    channel.confirm_select()
    acked = {"through": 0}
    channel.events["basic_ack"].add(
        lambda tag, multiple: acked.update(through=max(acked["through"], tag))
    )
    bodies = [json.dumps(e.to_wire()) for e in envelopes]
    started = time.perf_counter()
    for n, body in enumerate(bodies, start=1):
        message = amqp.Message(body, content_type="application/json", delivery_mode=PERSISTENT)
        channel.basic_publish(message, exchange="outcomes.events", routing_key=FOLLOW_UP_DUE)
        while wait_each and acked["through"] < n:
            connection.drain_events(timeout=10)
    while acked["through"] < len(bodies):
        connection.drain_events(timeout=10)
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def product_database(amqp_uri: str, url: str) -> Database:
    """The product's Database provider, as a service's container would set it up."""
    metadata = MetaData()
    tables = add_messaging_tables(metadata)
    database = Database(metadata, tables)
    database.container = SimpleNamespace(
        config={"AMQP_URI": amqp_uri, "DATABASE_URLS": {"outcomes": url}, "RELAY_GRACE": "0"},
        service_name="outcomes",
    )
    database.setup()
    metadata.create_all(database.engine)
    return database


def committed(database: Database, envelopes: list[Envelope], created: datetime) -> None:
    """The events in the outbox, as the transactions that made them left them."""
    with database.engine.begin() as connection:
        connection.execute(
            insert(database.tables["outbox"]),
            [
                {
                    "event_id": e.event_id,
                    "event_type": e.event_type,
                    "envelope": e.to_wire(),
                    "created_at": created,
                }
                for e in envelopes
            ],
        )


def relay_all(database: Database, envelopes: list[Envelope]) -> float:
    committed(database, envelopes, datetime.now(UTC) - timedelta(seconds=5))
    started = time.perf_counter()
    while database.relay():
        pass
    return time.perf_counter() - started


def after_commit(database: Database, envelopes: list[Envelope], per_commit: int = 2) -> float:
    """Green threads each publishing one transaction's events (and marking them), at once.
    The rows are there first, as after a commit: publishing claims them before it sends."""
    committed(database, envelopes, datetime.now(UTC))
    pool = eventlet.GreenPool(100)
    started = time.perf_counter()
    for n in range(0, len(envelopes), per_commit):
        pool.spawn(database.publish_committed, envelopes[n : n + per_commit])
    pool.waitall()
    return time.perf_counter() - started


def scenario(name: str, seconds: float, sent: list[Envelope], tap: Tap, ceiling: float | None):
    heard = tap.drain()
    ids = {e.event_id for e in sent}
    figures = {
        "events": len(sent),
        "seconds": round(seconds, 3),
        "per_second": round(len(sent) / seconds),
        "lost": len(ids - set(heard)),
        "duplicated": sum(count - 1 for event_id, count in heard.items() if event_id in ids),
    }
    if ceiling:
        figures["of_ceiling"] = round((len(sent) / seconds) / ceiling, 2)
    print(json.dumps({"scenario": name, **figures}), flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20000)
    args = parser.parse_args()
    with rabbit_vhost() as amqp_uri, postgres_databases(("outcomes",)) as urls:
        tap = Tap(amqp_uri)
        results = {}
        events = follow_ups_due(args.events)
        ceiling = args.events / bare_loop(amqp_uri, events, wait_each=False)
        results["ceiling"] = scenario("ceiling", args.events / ceiling, events, tap, None)
        slow = follow_ups_due(min(args.events, 3000))  # one at a time is slow: a sample
        results["one_confirm_each"] = scenario(
            "one_confirm_each", bare_loop(amqp_uri, slow, wait_each=True), slow, tap, ceiling
        )
        database = product_database(amqp_uri, urls["outcomes"])
        events = follow_ups_due(args.events)
        results["relay"] = scenario("relay", relay_all(database, events), events, tap, ceiling)
        events = follow_ups_due(args.events)
        results["after_commit"] = scenario(
            "after_commit", after_commit(database, events), events, tap, ceiling
        )
        database.publisher.close()
        database.stop()
    relay = results["relay"]
    print(
        json.dumps(
            {
                "summary": "outbox publishing",
                "relay_per_second": relay["per_second"],
                "relay_of_ceiling": relay["of_ceiling"],
                "aim": {"per_second": AIM_PER_SECOND, "of_ceiling": AIM_OF_CEILING},
                "met": relay["per_second"] >= AIM_PER_SECOND
                and relay["of_ceiling"] >= AIM_OF_CEILING,
            }
        )
    )


if __name__ == "__main__":
    main()
