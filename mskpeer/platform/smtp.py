"""Email over a few reused SMTP connections, shared by every sender in the process.

A connection per message (TCP handshake, greeting, EHLO, STARTTLS and AUTH on a
relay, then QUIT) held a burst of 1,000 emails to ~67 a second. The pool keeps
up to SMTP_CONCURRENCY connections open and lends each to one sender at a time,
so that many messages are in flight at once: smtplib's sockets are green once
eventlet has monkey-patched the process (tests/unit/test_smtp_pool.py checks).

What `send` tells its caller about a message:
- it returns: the server answered 250 to the message's final ".";
- `Refused`: the server answered this message 4xx or 5xx. smtplib has sent RSET,
  and the connection goes on serving other messages (unless the server said 421,
  "closing", which closes it);
- `Unreachable`: no connection, or it was lost before the message's final "."
  went: the server cannot have taken it;
- `MaybeSent`: the connection was lost after the final "." and before the
  server's answer. The server may have taken the message (RFC 1047's window).
  Callers send it again later: at-least-once at the SMTP boundary, as mail
  works everywhere, because a clinical message lost is worse than one twice. A
  stable Message-ID lets mail systems and readers recognise the second copy.

No error text carries an address: patients' addresses pass through here.
"""

from __future__ import annotations

import logging
import smtplib
import threading
import time
from dataclasses import dataclass
from email.message import Message

from nameko.extensions import DependencyProvider

log = logging.getLogger(__name__)

CONNECTION_LOST = (OSError, smtplib.SMTPException)


class SendFailed(Exception):
    """The server did not say it took the message; try again later."""


class Refused(SendFailed):
    def __init__(self, code: int, reply: bytes | str):
        text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        super().__init__(f"{code} {text}")
        self.code = code


class Unreachable(SendFailed):
    pass


class MaybeSent(SendFailed):
    pass


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "127.0.0.1"
    port: int = 25
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = 10.0
    # Messages in flight at once, per process. smtplib waits for each answer
    # (MAIL, RCPT, DATA, the body: four round trips a message), so against a
    # relay 20 ms away one connection carries ~12 messages a second and eight
    # ~100; locally CPU, not the wire, is the limit and one or two do as well.
    # Eight stays well below the connections a relay allows one client (two
    # replicas open sixteen).
    concurrency: int = 8
    check_after: float = 10.0  # idle this long: NOOP before trusting the connection
    close_after: float = 60.0  # idle this long: QUIT, not to hold a relay's slot for nothing
    down_for: float = 1.0  # after a failed connect, fail at once rather than each time out

    @classmethod
    def from_config(cls, config: dict) -> SmtpSettings:
        concurrency = int(config.get("SMTP_CONCURRENCY") or cls.concurrency)
        if concurrency < 1:
            raise ValueError(f"SMTP_CONCURRENCY is at least 1, not {concurrency}")
        return cls(
            host=config.get("SMTP_HOST") or cls.host,
            port=int(config.get("SMTP_PORT") or cls.port),
            starttls=bool(config.get("SMTP_STARTTLS")),
            username=config.get("SMTP_USERNAME") or None,
            password=config.get("SMTP_PASSWORD") or None,
            concurrency=concurrency,
        )


class _Connection(smtplib.SMTP):
    """An SMTP connection that knows whether the current message's final "." went."""

    dot_sent = False
    last_used = 0.0
    messages = 0

    def send(self, s):
        super().send(s)
        # The message body is the one thing smtplib sends as bytes, ending in
        # CRLF "." CRLF. sendall returned, so every byte of it left us.
        if isinstance(s, bytes) and s.endswith(b"\r\n.\r\n"):
            self.dot_sent = True

    def discard(self) -> None:
        try:
            self.quit()
        except CONNECTION_LOST:
            self.close()


class SmtpPool:
    """Up to `settings.concurrency` connections, each lent to one sender at a time."""

    def __init__(self, settings: SmtpSettings, now=time.monotonic):
        self.settings = settings
        self._now = now
        # Green under eventlet's monkey patching; real threads' primitives elsewhere.
        self._slots = threading.BoundedSemaphore(settings.concurrency)
        self._idle: list[_Connection] = []  # the most recently used last
        self._down_until, self._down_error = 0.0, ""

    def send(self, message: Message) -> None:
        """Hand one message to the server; raises Refused, Unreachable or MaybeSent."""
        with self._slots:
            smtp = self._take()
            try:
                self._send_on(smtp, message)
            except _Stale:
                # The server had closed a connection we kept (idle timeout, or its
                # limit of messages per connection): nothing was sent, so once more.
                self._send_on(self._open(), message)

    def close(self) -> None:
        idle, self._idle = self._idle, []
        for smtp in idle:
            smtp.discard()

    def _send_on(self, smtp: _Connection, message: Message) -> None:
        smtp.dot_sent = False
        reused = smtp.messages > 0
        try:
            smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            # Our messages have one recipient: the code is theirs. The address
            # itself is left out of the error on purpose.
            code, reply = next(iter(error.recipients.values()))
            self._keep_if_open(smtp)
            raise Refused(code, reply) from None
        except smtplib.SMTPResponseException as error:
            if reused and isinstance(error, smtplib.SMTPSenderRefused) and error.smtp_code < 500:
                smtp.discard()  # "not now" to MAIL FROM is about the session, not this message
                raise _Stale() from error
            self._keep_if_open(smtp)
            raise Refused(error.smtp_code, error.smtp_error) from None
        except CONNECTION_LOST as error:
            smtp.close()
            if smtp.dot_sent:
                log.warning("SMTP connection lost before the server answered a whole message")
                raise MaybeSent(f"connection lost awaiting the answer: {error}") from error
            if reused:
                raise _Stale() from error
            raise Unreachable(f"connection lost: {error}") from error
        smtp.messages += 1
        self._keep_if_open(smtp)

    def _take(self) -> _Connection:
        """The most recently used idle connection still alive, or a new one."""
        while self._idle:
            smtp = self._idle.pop()
            idle = self._now() - smtp.last_used
            if idle >= self.settings.close_after:
                smtp.discard()
            elif idle < self.settings.check_after or _answers_noop(smtp):
                return smtp
        return self._open()

    def _open(self) -> _Connection:
        if self._now() < self._down_until:
            raise Unreachable(self._down_error)
        settings = self.settings
        try:
            smtp = _Connection(settings.host, settings.port, timeout=settings.timeout)
            try:
                if settings.starttls:
                    smtp.starttls()
                if settings.username:
                    smtp.login(settings.username, settings.password or "")
            except Exception:
                smtp.close()
                raise
        except CONNECTION_LOST as error:
            self._down_until = self._now() + settings.down_for
            self._down_error = f"SMTP server {settings.host}:{settings.port}: {error}"
            raise Unreachable(self._down_error) from error
        self._down_until = 0.0
        return smtp

    def _keep_if_open(self, smtp: _Connection) -> None:
        if smtp.sock is None:  # smtplib closes on 421
            return
        smtp.last_used = self._now()
        self._idle.append(smtp)
        # Another sender could have kept one meanwhile; never more than the slots.
        while len(self._idle) > self.settings.concurrency:
            self._idle.pop(0).discard()


class _Stale(Exception):
    """A reused connection the server had given up on; nothing of the message was taken."""


def _answers_noop(smtp: _Connection) -> bool:
    try:
        answered = smtp.noop()[0] == 250
    except CONNECTION_LOST:
        answered = False
    if not answered:
        smtp.close()
    return answered


class Smtp(DependencyProvider):
    """`self.smtp`: the SMTP pool of this service in this process, made from its config."""

    def setup(self):
        self.pool = SmtpPool(SmtpSettings.from_config(self.container.config))

    def stop(self):
        self.pool.close()

    def get_dependency(self, worker_ctx):
        return self.pool
