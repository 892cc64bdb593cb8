"""Releasing follow-ups at scale: 100,000 in PostgreSQL, 20,000 due at once; prints JSON.

Each scenario runs real copies of the outcomes service (`mskpeer run --service
outcomes`, one OS process each) against one PostgreSQL database and a RabbitMQ
vhost of its own, with a queue of the bench's own on `outcomes.events` hearing
every `follow_up.due`:
- one_copy: the baseline, a single copy;
- two_copies: two copies claiming with FOR UPDATE SKIP LOCKED;
- two_copies_one_killed: the same, one copy SIGKILLed once 30% are released;
- naive_two_copies: two copies of a loop that neither locks nor checks the
  version it read (bench-only, writes the outbox, publishes nothing): what the
  claiming is for. Its duplicates must not be 0, or the counting is broken.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from kombu import Connection, Queue  # noqa: E402

from bench.cpu import CpuWatch  # noqa: E402
from bench.follow_up_data import (  # noqa: E402
    fall_due,
    fill,
    naive_worker,
    outbox,
    released_count,
    reset,
    still_due,
)
from bench.processes import _die_with_parent, stop  # noqa: E402
from mskpeer.platform.migrate import upgrade  # noqa: E402
from mskpeer.platform.publisher import event_exchange  # noqa: E402
from tests.support.infra import RABBIT_API, postgres_databases, rabbit_vhost  # noqa: E402

AIM_SECONDS = 10.0  # issue 19: 20,000 due at once, all released within 10 s


class Tap:
    """A queue of the bench's own on outcomes.events: what the world heard, and when."""

    def __init__(self, amqp_uri: str):
        self.heard: list[tuple[str, str, float]] = []  # (event_id, follow_up_id, when)
        self.queue = Queue("bench-tap", event_exchange("outcomes"), routing_key="follow_up.due")
        with Connection(amqp_uri) as declaring:  # bound before anything can be published
            self.queue(declaring.default_channel).declare()
        self.connection = Connection(amqp_uri)  # used by the consuming thread alone
        self.running = True
        self.thread = threading.Thread(target=self._consume, daemon=True)
        self.thread.start()

    def _consume(self) -> None:
        def heard(body, message):
            self.heard.append((body["event_id"], body["data"]["follow_up_id"], time.time()))

        with self.connection.Consumer(self.queue, callbacks=[heard], no_ack=True) as consumer:
            consumer.qos(prefetch_count=2000)
            while self.running:
                with contextlib.suppress(TimeoutError, OSError):
                    self.connection.drain_events(timeout=0.5)

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=5)
        self.connection.release()


def start_copies(n: int, env: dict, work: Path, naive_url: str | None) -> list[subprocess.Popen]:
    copies = []
    for i in range(n):
        if naive_url:
            command = [sys.executable, "-m", "bench.follow_ups", "--naive-worker", naive_url]
        else:
            command = [sys.executable, "-m", "mskpeer.cli", "run", "--service", "outcomes"]
        log = (work / f"copy-{i}.log").open("wb")
        copies.append(
            subprocess.Popen(
                command,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_parent,
            )  # fmt: skip
        )
    return copies


def wait_consuming(amqp_uri: str, n: int, timeout: float = 90) -> None:
    """Until n copies consume their queue: each copy's timers are running by then."""
    vhost = amqp_uri.rsplit("/", 1)[1]
    queue = "evt-cases-case.discussed--outcomes.handle_case_discussed"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(requests.RequestException, KeyError):
            found = requests.get(f"{RABBIT_API}/queues/{vhost}/{queue}", timeout=5).json()
            if found["consumers"] >= n:
                return
        time.sleep(0.3)
    raise RuntimeError(f"{n} copies of outcomes did not start within {timeout}s")


def percentiles_ms(values: list[float]) -> dict:
    if not values:
        return {"p50": None, "p99": None, "max": None}
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {k: round(pick(q) * 1000, 1) for k, q in (("p50", 0.5), ("p99", 0.99))} | {
        "max": round(ordered[-1] * 1000, 1)
    }


def scenario(url: str, work: Path, copies: int, due_count: int, total: int, **options) -> dict:
    kill_at, naive, timeout = options["kill_at"], options["naive"], options["timeout"]
    reset(url)
    with rabbit_vhost() as amqp_uri:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "AMQP_URI": amqp_uri, "LOG_LEVEL": "WARNING"}
        env |= {"OUTCOMES_DATABASE_URL": url, "DATA_DIR": str(work), "SEED_DEMO": "0"}
        tap = Tap(amqp_uri)
        procs = start_copies(copies, env, work, url if naive else None)
        killed_after = None
        try:
            if not naive:
                wait_consuming(amqp_uri, copies)
            watch = CpuWatch(**{f"copy_{i}": proc.pid for i, proc in enumerate(procs)})
            watch.__enter__()
            due = fall_due(url, due_count)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                # The naive loop writes duplicates, so only it needs the dearer distinct count.
                done = released_count(url, distinct=naive)
                if kill_at and killed_after is None and done >= kill_at * due_count:
                    procs[0].send_signal(signal.SIGKILL)
                    killed_after = done
                heard = len({f for _, f, _ in tap.heard})
                if done >= due_count and (naive or heard >= due_count):
                    break
                time.sleep(0.5)
            watch.__exit__(None, None, None)
            time.sleep(3)  # room for a late duplicate to show itself
        finally:
            for proc in procs:
                stop(proc)
            tap.close()
    found = figures(url, due, due_count, total, tap.heard, copies, killed_after, naive)
    return found | {"cpu_percent_of_one_core_while_releasing": watch.result}


def figures(url, due, due_count, total, heard, copies, killed_after, naive) -> dict:
    rows = outbox(url)
    released = {row[0] for row in rows}
    left_due, untouched = still_due(url, due)
    times = [row[2] for row in rows]
    published = [row[3] for row in rows if row[3] is not None]
    result = {
        "copies": copies,
        "follow_ups": total,
        "fell_due": due_count,
        "released": len(released),
        "duplicates": len(rows) - len(released),
        "losses": due_count - len(released) + left_due,
        "not_due_left_alone": untouched == total - due_count,
        "time_to_release_all_s": round((max(times) - due).total_seconds(), 2) if times else None,
        "release_lateness_ms": percentiles_ms([(t - due).total_seconds() for t in times]),
    }
    if killed_after is not None:
        result["sigkilled_one_copy_after_released"] = killed_after
    if naive:
        result["note"] = "bench-only loop without SKIP LOCKED or version check; not published"
        return result
    by_step: dict[str, set] = {}
    for event_id, follow_up_id, _ in heard:
        by_step.setdefault(follow_up_id, set()).add(event_id)
    first = {}
    for _, follow_up_id, when in heard:
        first.setdefault(follow_up_id, when)
    result |= {
        "time_to_publish_all_s": round((max(published) - due).total_seconds(), 2)
        if published
        else None,
        "heard_on_the_broker": len(by_step),
        "heard_lost": due_count - len(by_step),
        "heard_two_events_for_one_step": sum(len(ids) > 1 for ids in by_step.values()),
        "heard_same_event_again": len(heard) - sum(len(ids) for ids in by_step.values()),
        "time_to_hear_all_s": round(max(first.values()) - due.timestamp(), 2) if first else None,
        "heard_lateness_ms": percentiles_ms([w - due.timestamp() for w in first.values()]),
    }
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--follow-ups", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=20_000)
    parser.add_argument("--timeout", type=float, default=180, help="seconds per scenario")
    parser.add_argument("--naive-worker", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.naive_worker:
        naive_worker(args.naive_worker)
        return 0
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    started, started_at = time.monotonic(), datetime.now(UTC).isoformat(timespec="seconds")
    load_at_start = round(os.getloadavg()[0], 2)
    runs = {
        "one_copy": dict(copies=1, kill_at=None, naive=False),
        "two_copies": dict(copies=2, kill_at=None, naive=False),
        "two_copies_one_killed": dict(copies=2, kill_at=0.3, naive=False),
        "naive_two_copies": dict(copies=2, kill_at=None, naive=True),
    }
    with postgres_databases(["outcomes"]) as urls, tempfile.TemporaryDirectory() as work:
        url = urls["outcomes"]
        upgrade("outcomes", url)
        fill(url, args.follow_ups)
        found = {
            name: scenario(
                url,
                Path(work),
                due_count=args.due,
                total=args.follow_ups,
                timeout=args.timeout,
                **run,
            )  # fmt: skip
            for name, run in runs.items()
        }
    claimed = [found[k] for k in ("two_copies", "two_copies_one_killed")]
    report = {
        "benchmark": "follow-up release: the outcomes service's timer, copies in OS processes",
        "started_at": started_at,
        "run_seconds": round(time.monotonic() - started, 1),
        "machine": {
            "cpus": os.cpu_count(),
            "loadavg_1m_at_start": load_at_start,
            "loadavg_1m_at_end": round(os.getloadavg()[0], 2),
            # More runnable work than cores: something else was busy; the times mean little.
            "disturbed": max(load_at_start, os.getloadavg()[0]) > os.cpu_count(),
        },
        "scenarios": found,
        "aims": {
            "all_released_within_10_s": all(
                r["time_to_release_all_s"] is not None and r["time_to_release_all_s"] <= AIM_SECONDS
                for r in claimed
            ),
            "no_duplicates_no_losses": all(
                r["duplicates"] == r["losses"] == r["heard_lost"] == 0 for r in claimed
            )
            and all(r["heard_two_events_for_one_step"] == 0 for r in claimed),
        },
    }
    print(json.dumps(report, indent=2, default=str))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("bench: interrupted; processes, vhosts and databases removed", file=sys.stderr)
        sys.exit(130)
