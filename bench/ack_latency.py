"""(c) From `POST /api/v1/cases` leaving the client to the acknowledgement email at the SMTP sink.

Both clocks are this machine's wall clock: the client reads time.time() just before sending;
the sink stamps X-Sink-Received-At when the message's DATA arrives.
"""

from __future__ import annotations

import math
import time
import uuid
from email.parser import BytesHeaderParser
from pathlib import Path

import eventlet
import requests

from bench.cpu import CpuWatch, pids_with_argument
from tests.support.api import case_details


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def summary_ms(seconds: list[float]) -> dict:
    if not seconds:
        return {}
    ms = [s * 1000 for s in seconds]
    return {
        "p50": round(percentile(ms, 50), 1),
        "p90": round(percentile(ms, 90), 1),
        "p99": round(percentile(ms, 99), 1),
        "max": round(max(ms), 1),
        "mean": round(sum(ms) / len(ms), 1),
    }


class Mailbox:
    """Reads the sink's directory incrementally: subject -> received_at (epoch seconds)."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.received: dict[str, float] = {}
        self._seen: set[str] = set()
        self._parser = BytesHeaderParser()

    def refresh(self) -> dict[str, float]:
        for path in sorted(self.directory.glob("*.eml")):
            if path.name in self._seen:
                continue
            self._seen.add(path.name)
            with path.open("rb") as f:
                headers = self._parser.parse(f)
            subject = str(headers.get("Subject", ""))
            # The first arrival counts, should a message ever be sent twice.
            self.received.setdefault(subject, float(headers.get("X-Sink-Received-At", "0")))
        return self.received

    def wait_for(self, subjects: set[str], timeout: float) -> set[str]:
        """Wait until every subject has arrived or `timeout` passes; returns those missing."""
        deadline = time.monotonic() + timeout
        while True:
            missing = subjects - self.refresh().keys()
            if not missing or time.monotonic() > deadline:
                return missing
            time.sleep(0.25)


class Submitter:
    def __init__(self, base_url: str, token: str, tag: str):
        self.url = base_url + "/api/v1/cases"
        self.headers = {"Authorization": f"Bearer {token}"}
        self.tag = tag
        self.sent_at: dict[str, float] = {}  # title -> client send time
        self.answered_at: dict[str, float] = {}  # title -> response received

    def submit_all(self, titles: list[str], concurrency: int) -> None:
        """Each client submits its share one case after another, on its own connection."""
        shares = [titles[i::concurrency] for i in range(concurrency)]
        pool = eventlet.GreenPool(concurrency)
        for result in pool.imap(self._submit_share, shares):
            assert result is None

    def _submit_share(self, titles: list[str]) -> None:
        with requests.Session() as session:
            for title in titles:
                body = case_details(title=title)
                sent = time.time()
                response = session.post(self.url, json=body, headers=self.headers, timeout=30)
                answered = time.time()
                if response.status_code != 201:
                    raise RuntimeError(
                        f"POST /api/v1/cases: {response.status_code} {response.text}"
                    )
                self.sent_at[title] = sent
                self.answered_at[title] = answered


def subject(title: str) -> str:
    return f"Case received: {title}"


def measure(
    base_url: str,
    server_pid: int,
    token: str,
    mail_dir: Path,
    cases: int,
    concurrency: int = 1,
    warmup: int = 20,
    timeout: float = 120,
) -> dict:
    tag = uuid.uuid4().hex[:6]
    mailbox = Mailbox(mail_dir)

    if warmup:
        warm = Submitter(base_url, token, tag)
        titles = [f"Bench {tag} warm-up {i:04d}" for i in range(warmup)]
        warm.submit_all(titles, concurrency)
        mailbox.wait_for({subject(t) for t in titles}, timeout)

    submitter = Submitter(base_url, token, tag)
    titles = [f"Bench {tag} case {i:05d}" for i in range(cases)]
    started = time.monotonic()
    watched = {"server": server_pid}
    for pid in pids_with_argument(str(mail_dir)):
        watched["mail_sink"] = pid
    with CpuWatch(**watched) as cpu:
        submitter.submit_all(titles, concurrency)
    submitting = time.monotonic() - started
    missing = mailbox.wait_for({subject(t) for t in titles}, timeout)

    arrived = [t for t in titles if subject(t) not in missing]
    received = mailbox.received
    end_to_end = [received[subject(t)] - submitter.sent_at[t] for t in arrived]
    after_response = [received[subject(t)] - submitter.answered_at[t] for t in arrived]
    post = [submitter.answered_at[t] - submitter.sent_at[t] for t in titles]
    mode = (
        "sequential: one client, each POST sent when the previous one answered"
        if concurrency == 1
        else f"concurrent: {concurrency} clients, each sequential"
    )
    return {
        "cases": cases,
        "submission": mode,
        "clients": concurrency,
        "warmup_cases": warmup,
        "submitted_per_s": round(cases / submitting, 1),
        "emails_arrived": len(arrived),
        "emails_missing": len(missing),
        "latency_ms": summary_ms(end_to_end),
        "breakdown_ms": {
            "post_round_trip": summary_ms(post),
            "email_after_post_answered": summary_ms(after_response),
        },
        "cpu_percent_of_one_core_while_submitting": cpu.result,
    }
