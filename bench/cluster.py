"""The broker-cluster drill at full size: 300 cases in flight on a three-node RabbitMQ cluster
with quorum queues and two copies of every service, while the node leading the queues stops
and restarts and one copy of each part is killed (tests/support/cluster_drill.py).

Prints one JSON document: seconds from each fault until a case submitted after it had its
acknowledgement email, beside the same measure with no fault (the baseline, same run), and
what was delivered. Exit status 1 when a case was lost or handled twice.

    .venv/bin/python bench/cluster.py [--cases 300]
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()  # noqa: E402  (before anything imports a socket)

import argparse  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import pathlib  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from tests.support.cluster_drill import drill_on_a_cluster, settle  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    args = parser.parse_args()
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        directory = stack.enter_context(tempfile.TemporaryDirectory(prefix="mskpeer-cluster-"))
        drill = stack.enter_context(drill_on_a_cluster(pathlib.Path(directory)))
        ready = time.monotonic() - started
        drill.run(args.cases)
        outcome = settle(drill)
    twice = {mid: n for mid, n in outcome["ack_emails"].items() if n > 1}
    report = {
        "cases": args.cases,
        "accepted": outcome["accepted"],
        "client_retries": outcome["client_retries"],
        "client_failures": outcome["client_failures"],
        "recovery_s": drill.recovery_s,
        "cases_stored_twice": sum(n > 1 for n in outcome["cases_stored"].values()),
        "scheduled_twice": sum(n > 1 for n in outcome["schedulings"].values()),
        "cases_not_scheduled": outcome["accepted"] - len(outcome["schedulings"]),
        "acks_with_two_message_ids": sum(
            len(ids) != 1 for ids in outcome["ack_message_ids"].values()
        ),
        "ack_emails_sent_twice_in_flight_at_a_kill": len(twice),
        "dead_letters": sum(len(rows) for rows in outcome["dead_letters"].values()),
        "left_in_queues": outcome["left_in_queues"],
        "setup_s": round(ready, 1),
        "total_s": round(time.monotonic() - started, 1),
    }
    print(json.dumps(report, indent=2))
    bad = (
        report["client_failures"]
        or report["cases_stored_twice"]
        or report["scheduled_twice"]
        or report["cases_not_scheduled"]
        or report["acks_with_two_message_ids"]
        or report["dead_letters"]
        or report["left_in_queues"]
        or set(twice) - drill.in_flight_mail
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
