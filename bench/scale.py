"""Case submissions end to end (HTTP to acknowledgement email) on a three-node RabbitMQ
cluster with quorum queues: every service at one copy, at two copies, and at two copies
with one broker node down, in the same run.

Each configuration gets fresh databases and a fresh mail sink on the same cluster, then
`--cases` cases from 10 clients at once (tests/support/cluster_drill.py's clients: each
case its own Idempotency-Key, repeated after a 503). Printed as one JSON document per
configuration: cases per second from the first request to the last acknowledgement, the
rate the gateways accepted them, and each case's time from its request to its email.
The one-copy figures are the baseline the others are read against.

    .venv/bin/python bench/scale.py [--cases 200]
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()  # noqa: E402  (before anything imports a socket)

import argparse  # noqa: E402
import collections  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import pathlib  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from mskpeer.mailsink import MailSink  # noqa: E402
from tests.support.cluster_drill import SETTINGS, START_PATIENCE, Clients  # noqa: E402
from tests.support.infra import postgres_databases  # noqa: E402
from tests.support.production_shape import production_shape  # noqa: E402
from tests.support.rabbit_cluster import rabbit_cluster  # noqa: E402

CONFIGURATIONS = (("one copy of each part", 1, False), ("two copies", 2, False))
ONE_NODE_DOWN = ("two copies, one broker node down", 2, True)


def measure(cluster, directory: pathlib.Path, copies: int, cases: int) -> dict:
    with (
        postgres_databases() as urls,
        MailSink(directory / f"mail-{uuid.uuid4().hex[:6]}") as sink,
        production_shape(
            directory,
            cluster.uri,
            urls,
            sink.port,
            copies,
            consumers=cluster.consumers,
            start_within=START_PATIENCE,
            **SETTINGS,
        ) as shape,
    ):
        clients = Clients(shape.gateways, f"scale-{uuid.uuid4().hex[:6]}")
        asked: dict[int, float] = {}

        def submit(n: int) -> None:
            asked[n] = time.time()
            clients.submit(n)

        started = time.time()
        for n in range(cases):
            clients.pool.spawn(submit, n)
        clients.pool.waitall()
        accepted_s = time.time() - started
        titles = {f"Case received: {clients.title(n)}": n for n in range(cases)}
        mail = sink.wait_for(lambda m: set(titles) <= {x.subject for x in m}, timeout=900)
        emailed = {titles[m.subject]: m.received_at for m in mail if m.subject in titles}
        latencies = sorted(emailed[n] - asked[n] for n in range(cases))
        finished = max(emailed.values())
        return {
            "copies": copies,
            "cases": cases,
            "end_to_end_per_s": round(cases / (finished - started), 1),
            "accepted_per_s": round(cases / accepted_s, 1),
            "p50_s": round(statistics.median(latencies), 2),
            "p99_s": round(latencies[int(0.99 * (len(latencies) - 1))], 2),
            "client_retries": clients.retries,
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    args = parser.parse_args()
    figures = {}
    with (
        tempfile.TemporaryDirectory(prefix="mskpeer-scale-") as directory,
        rabbit_cluster(3) as cluster,
    ):
        for name, copies, node_down in (*CONFIGURATIONS, ONE_NODE_DOWN):
            stopped = None
            if node_down:  # the node most queues lead on (the earlier runs declared them)
                leaders = collections.Counter(cluster.leaders().values())
                stopped = cluster.node(leaders.most_common(1)[0][0])
                stopped.stop()
            figures[name] = measure(cluster, pathlib.Path(directory), copies, args.cases)
            if stopped:
                stopped.start()
    baseline = figures["one copy of each part"]["end_to_end_per_s"]
    for found in figures.values():
        found["ratio_to_one_copy"] = round(found["end_to_end_per_s"] / baseline, 2)
    load = os.getloadavg()[0]
    print(json.dumps({"load_average_1m": round(load, 1), "configurations": figures}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
