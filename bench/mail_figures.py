"""Reading the SMTP sink's arrivals, the figures of a run, and the bare-smtplib ceiling.

Used by bench/notifications.py.
"""

from __future__ import annotations

import smtplib
import time
import uuid
from datetime import UTC, datetime
from email.parser import BytesHeaderParser
from pathlib import Path

from bench.ack_latency import summary_ms
from mskpeer.mailsink import MailSink
from services.notifications import invites
from services.notifications.mailer import compose
from services.notifications.messages import Templates, messages_for

SENDER = "MSK Peer Support <no-reply@mskpeer.example.nhs.uk>"


class Mailbox:
    """The sink's directory read incrementally, headers only: recipient -> arrival times,
    and recipient -> the SMTP connections (client ports) their mail came over."""

    def __init__(self, directory: Path):
        self.directory, self._seen, self._parser = directory, set(), BytesHeaderParser()
        self.arrivals: dict[str, list[float]] = {}
        self.peers: dict[str, str] = {}

    def refresh(self) -> dict[str, list[float]]:
        for path in sorted(self.directory.glob("*.eml")):
            if path.name in self._seen:
                continue
            self._seen.add(path.name)
            with path.open("rb") as f:
                headers = self._parser.parse(f)
            received = float(headers.get("X-Sink-Received-At", "0"))
            for rcpt in str(headers.get("X-Sink-Rcpt-To", "")).split(","):
                self.arrivals.setdefault(rcpt.strip(), []).append(received)
                self.peers[rcpt.strip()] = str(headers.get("X-Sink-Peer", ""))
        return self.arrivals

    def arrived(self, recipients) -> int:
        arrivals = self.refresh()
        return sum(1 for r in recipients if r in arrivals)

    def wait_for_all(self, recipients: list[str], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.arrived(recipients) < len(recipients) and time.monotonic() < deadline:
            time.sleep(0.1)


def figures(mailbox: Mailbox, published: dict[str, float], publishing_s: float) -> dict:
    arrivals = mailbox.refresh()
    got = {r: arrivals[r] for r in published if r in arrivals}
    first_sent = min(published.values())
    last = max(min(times) for times in got.values()) if got else first_sent
    return {
        "emails_expected": len(published),
        "emails_arrived": len(got),
        "missing": len(published) - len(got),
        "duplicates": sum(len(times) - 1 for times in got.values()),
        "published_per_s": round(len(published) / publishing_s, 1),
        "emails_per_s": round(len(got) / max(last - first_sent, 1e-9), 1),
        "latency_ms": summary_ms([min(got[r]) - published[r] for r in got]),
        "smtp_connections": len({mailbox.peers.get(r) for r in got}),
    }


def composed(envelopes: list) -> list:
    """(recipient, message): the emails the service would send, rendered, invited and MIME."""
    templates, tag, mail = Templates(), uuid.uuid4().hex[:6], []
    for n, envelope in enumerate(envelopes):
        to = envelope.data["clinician"]["email"]
        (message,) = messages_for(envelope.event_type, envelope.data, "http://127.0.0.1:8000")
        text, html = templates.render(message)
        occurrence = invites.Occurrence(
            envelope.data["conference_id"],
            datetime.fromisoformat(envelope.data["starts_at"]),
            datetime.fromisoformat(envelope.data["ends_at"]),
            envelope.data["location"],
            n,
        )
        seat = {**message.recipient, "role": envelope.data["role"]}
        invite = (
            "REQUEST",
            invites.invite(occurrence, [seat], SENDER, "REQUEST", datetime.now(UTC)),
        )
        mail.append(
            (to, compose(SENDER, to, message.subject, text, html, f"<{n}.{tag}@b>", invite))
        )
    return mail


def ceiling(sink: MailSink, mailbox: Mailbox, envelopes: list, one_connection: bool) -> dict:
    """The same emails, composed beforehand, sent by a bare smtplib loop: over one
    reused connection, what the SMTP server itself takes (the ceiling); or over a
    connection each."""
    mail = composed(envelopes)
    started_at, sent = {}, []
    smtp = smtplib.SMTP(sink.host, sink.port) if one_connection else None
    for to, message in mail:
        started_at[to] = time.time()
        if one_connection:
            smtp.send_message(message)
        else:
            with smtplib.SMTP(sink.host, sink.port) as each:
                each.send_message(message)
        sent.append(time.time())
    if smtp:
        smtp.quit()
    mailbox.wait_for_all(list(started_at), 60)
    result = figures(mailbox, started_at, max(sent[-1] - min(started_at.values()), 1e-9))
    result.pop("published_per_s")
    return result
