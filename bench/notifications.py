"""Notifications benchmark on real RabbitMQ, PostgreSQL and SMTP; prints one JSON document.

A burst: --events conference.assignment_changed events (each gives one email with a calendar
invite) published to RabbitMQ, with publisher confirms, as fast as they go, to `mskpeer run
--service notifications` in a process of its own; emails/s and latency from publish to the
sink's acceptance. Run once per mode: `after` (this code, SMTP_CONCURRENCY as configured),
`one_at_a_time` (SMTP_CONCURRENCY=1), `two_copies` (two processes sharing the queue and the
database, as two replicas do) and, with --before REF, `before` (the code of git REF).
ceiling: right before each mode, the same emails, composed beforehand, sent straight to the
same sink by a bare smtplib loop over one reused connection (and, for reference, one each).
smtp_outage: a burst with the SMTP server stopped for --outage seconds once half the emails
have arrived: every email must still arrive, exactly once.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `tests.support` and `bench` are not installed

import requests  # noqa: E402

from bench.cpu import CpuWatch, pids_with_argument  # noqa: E402
from bench.mail_figures import Mailbox, ceiling, figures  # noqa: E402
from bench.processes import _die_with_parent, stop  # noqa: E402
from contracts import events  # noqa: E402
from contracts.envelope import Envelope  # noqa: E402
from mskpeer.mailsink import MailSink  # noqa: E402
from mskpeer.platform.publisher import EventPublisher  # noqa: E402
from tests.support.infra import RABBIT_API, free_port, postgres_databases, rabbit_vhost  # noqa: E402

QUEUE = "evt-scheduling-conference.assignment_changed--notifications.handle_assignment_changed"
PER_CONFERENCE = 20  # people seated per conference: its SEQUENCE row is shared by them


def assignments(tag: str, count: int) -> list[Envelope]:
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    conferences = [str(uuid.uuid4()) for _ in range(0, count, PER_CONFERENCE)]
    return [
        Envelope.new(
            events.CONFERENCE_ASSIGNMENT_CHANGED,
            {
                "rota_id": tag,
                "conference_id": conferences[n // PER_CONFERENCE],
                "clinician": {
                    "id": str(uuid.uuid4()),
                    "name": f"Bench Physio {n}",
                    "email": f"bench.{tag}.{n}@bench.nhs.uk",
                },
                "role": "chair" if n % PER_CONFERENCE == 0 else "attendee",
                "change": "added",
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=1)).isoformat(),
                "location": "https://teams.example.nhs.uk/msk-peer-support",
                "reasons": ["fairness: 1st conference in 14 weeks"],
            },
            now=datetime.now(UTC),
        )
        for n in range(count)
    ]


def recipient(envelope: Envelope) -> str:
    return envelope.data["clinician"]["email"]


@contextlib.contextmanager
def notifications_service(
    work: Path,
    amqp_uri: str,
    database_url: str,
    sink: MailSink,
    root: Path = ROOT,
    consumers: int = 1,
    **settings,
):
    """`mskpeer run --service notifications` from the code at `root`, ready once the
    assignment queue has `consumers` (this copy and any started before it)."""
    env = {
        **os.environ,
        **settings,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])),
        "AMQP_URI": amqp_uri,
        "NOTIFICATIONS_DATABASE_URL": database_url,
        "SMTP_HOST": sink.host,
        "SMTP_PORT": str(sink.port),
        "DATA_DIR": str(work / "data"),
        "WEB_SERVER_ADDRESS": f"127.0.0.1:{free_port()}",
        "SEED_DEMO": "0",
    }
    command = [sys.executable, "-m", "mskpeer.cli", "run", "--service", "notifications"]
    log = work / f"notifications-{uuid.uuid4().hex[:6]}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command,
            env=env,
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
        )
    try:
        vhost = amqp_uri.rsplit("/", 1)[1]
        deadline = time.monotonic() + 90
        while _consumers(vhost) < consumers:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"notifications did not start; see its log:\n{log.read_text()}")
            time.sleep(0.2)
        yield proc
    finally:
        stop(proc)


def _consumers(vhost: str) -> int:
    with contextlib.suppress(requests.RequestException, ValueError):
        answer = requests.get(f"{RABBIT_API}/queues/{vhost}/{QUEUE}", timeout=5)
        if answer.status_code == 200:
            return int(answer.json().get("consumers", 0))
    return 0


def publish(amqp_uri: str, envelopes: list[Envelope]) -> dict[str, float]:
    """Each event with publisher confirms; returns recipient -> the time it was published."""
    publisher = EventPublisher(amqp_uri)
    published = {}
    for envelope in envelopes:
        published[recipient(envelope)] = time.time()
        publisher.publish_all([envelope])
    return published


def steady(amqp_uri: str, mailbox: Mailbox, count: int, timeout: float, pids: dict) -> dict:
    envelopes = assignments(uuid.uuid4().hex[:6], count)
    with CpuWatch(**pids) as cpu:
        started = time.monotonic()
        published = publish(amqp_uri, envelopes)
        publishing = time.monotonic() - started
        mailbox.wait_for_all(list(published), timeout)
        watched = time.monotonic() - started
    # CPU time per email: less swayed than emails/s by others' work on a shared machine.
    copies = [name for name in pids if name.startswith("notifications")]
    spent = sum(cpu.result[name] for name in copies) / 100 * watched
    return {
        **figures(mailbox, published, publishing),
        "cpu_percent_of_one_core": cpu.result,
        "notifications_cpu_ms_per_email": round(1000 * spent / count, 2),
    }


def with_outage(amqp_uri, mailbox, sink: MailSink, count, outage, timeout, pids) -> dict:
    envelopes = assignments(uuid.uuid4().hex[:6], count)
    everyone = [recipient(e) for e in envelopes]
    watch = CpuWatch(notifications=pids["notifications"]).__enter__()
    started = time.monotonic()
    published = publish(amqp_uri, envelopes)
    publishing = time.monotonic() - started
    while mailbox.arrived(everyone) < count // 2 and time.monotonic() - started < timeout:
        time.sleep(0.02)
    stopped_after = mailbox.arrived(everyone)
    sink.stop()
    time.sleep(outage)
    sink.start()
    restarted = time.monotonic()
    mailbox.wait_for_all(everyone, timeout)
    watch.__exit__(None, None, None)
    result = figures(mailbox, published, publishing)
    return {
        "cpu_percent_of_one_core": watch.result,
        "outage_s": outage,
        "smtp_stopped_after_emails": stopped_after,
        "drained_s_after_smtp_restart": round(time.monotonic() - restarted, 1),
        "exactly_once": result["missing"] == 0 and result["duplicates"] == 0,
        **result,
    }


def code_of(ref: str, work: Path) -> Path:
    """The tree of git `ref` (e.g. the commit before a change), to run as `before`."""
    into = work / f"code-{ref}"
    into.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def burst(work, sink, mailbox, args, root=ROOT, outage=False, copies=1, **settings) -> dict:
    """The ceiling, then the product's burst (and the outage), each on a fresh vhost and
    database, so that no mode inherits another's queue or rows. `copies` of the service
    share the queue and the database, as replicas do."""
    with (
        rabbit_vhost() as amqp_uri,
        postgres_databases(("notifications",)) as urls,
        contextlib.ExitStack() as running,
    ):
        pids = {}
        for n in range(1, copies + 1):
            s = running.enter_context(
                notifications_service(
                    work, amqp_uri, urls["notifications"], sink, root, n, **settings
                )
            )
            pids["notifications" if n == 1 else f"notifications_{n}"] = s.pid
        for pid in pids_with_argument(str(sink.directory)):
            pids["mail_sink"] = pid
        bare = ceiling(sink, mailbox, assignments(f"one-{uuid.uuid4().hex[:6]}", args.events), True)
        result = steady(amqp_uri, mailbox, args.events, args.timeout, pids)
        result["ceiling_emails_per_s"] = bare["emails_per_s"]
        result["ratio_to_ceiling"] = round(result["emails_per_s"] / bare["emails_per_s"], 2)
        if outage:
            result["smtp_outage"] = with_outage(
                amqp_uri, mailbox, sink, args.events, args.outage, args.timeout, pids
            )
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--outage", type=float, default=10.0, help="seconds SMTP is stopped")
    parser.add_argument("--timeout", type=float, default=180.0, help="wait for every email")
    parser.add_argument("--before", help="git ref whose code runs as the `before` mode")
    args = parser.parse_args(argv)
    started, started_at = time.monotonic(), datetime.now(UTC).isoformat(timespec="seconds")
    load_at_start = round(os.getloadavg()[0], 2)
    with contextlib.ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="mskpeer-mail-")))
        sink = stack.enter_context(MailSink(work / "mail"))
        mailbox = Mailbox(sink.directory)
        per_connection = ceiling(sink, mailbox, assignments("each", args.events), False)
        modes = {"after": burst(work, sink, mailbox, args, outage=True)}
        modes["one_at_a_time"] = burst(work, sink, mailbox, args, SMTP_CONCURRENCY="1")
        modes["two_copies"] = burst(work, sink, mailbox, args, copies=2)
        if args.before:
            modes["before"] = burst(work, sink, mailbox, args, code_of(args.before, work))
    after, outage = modes["after"], modes["after"].pop("smtp_outage")
    report = {
        "benchmark": "MSK Peer Support notifications: events to email at a real SMTP server",
        "started_at": started_at,
        "run_seconds": round(time.monotonic() - started, 1),
        "machine": {
            "cpus": os.cpu_count(),
            "loadavg_1m_at_start": load_at_start,
            "loadavg_1m_at_end": round(os.getloadavg()[0], 2),
        },
        "events": args.events,
        "event": "conference.assignment_changed: one email with a calendar invite each, "
        f"{PER_CONFERENCE} people per conference",
        "service": "mskpeer run --service notifications (own process), RabbitMQ, PostgreSQL",
        "smtp_concurrency": os.environ.get("SMTP_CONCURRENCY") or "default",
        "before": f"the code of {args.before}" if args.before else "not run (--before REF)",
        "summary": {
            mode: {
                "emails_per_s": result["emails_per_s"],
                "p50_ms": result["latency_ms"]["p50"],
                "p99_ms": result["latency_ms"]["p99"],
                "ratio_to_ceiling": result["ratio_to_ceiling"],
                "smtp_connections": result["smtp_connections"],
                "notifications_cpu_ms_per_email": result["notifications_cpu_ms_per_email"],
            }
            for mode, result in modes.items()
        },
        **modes,
        "smtp_outage": outage,
        "bare_smtplib_connection_per_message": per_connection,
        "aims": {
            "emails_per_s_at_least_200": after["emails_per_s"] >= 200,
            "p99_at_most_5_s": after["latency_ms"]["p99"] <= 5000,
            "at_least_half_the_ceiling": after["ratio_to_ceiling"] >= 0.5,
        },
        "correct": {
            mode: result["missing"] == 0 and result["duplicates"] == 0
            for mode, result in modes.items()
        }
        | {"smtp_outage_exactly_once": outage["exactly_once"]},
    }
    print(json.dumps(report, indent=2))
    return 0 if all(report["correct"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
