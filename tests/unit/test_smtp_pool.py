"""The SMTP pool against a scripted SMTP server on a real local socket.

The server is a few lines of green sockets, so that each failure the pool must
survive (a refusal, a 421, a connection cut before or after the final ".") can
be played exactly; tests/integration/test_mail_delivery.py and
test_notification_mail.py use the real aiosmtpd sink.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

import eventlet
import pytest

from mskpeer.platform.smtp import MaybeSent, Refused, SmtpPool, SmtpSettings, Unreachable


class ScriptedServer:
    """Answers 250 to everything unless a test says otherwise; counts what it saw."""

    def __init__(self, port: int = 0):
        self.listener = eventlet.listen(("127.0.0.1", port))
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.open_now = self.most_open = 0
        self.delivered: list[str] = []  # Subject of each message taken
        self.commands: list[str] = []
        self.greet_when_open = 1  # hold every greeting until this many clients are connected
        self.refuse_rcpt: dict[str, str] = {}  # address -> reply
        self.mail_reply: list[str] = []  # replies to the next MAIL commands, then 250
        self.hang_up_after_dot = 0  # this many next messages: read them, close, no answer
        self.hang_up_on_mail = 0  # this many next MAIL commands: close without answering
        self._server = eventlet.spawn(self._accept)

    def close(self):
        self._server.kill()
        self.listener.close()

    def _accept(self):
        while True:
            client, _ = self.listener.accept()
            self.connections += 1
            eventlet.spawn(self._session, client)

    def _session(self, client):
        self.open_now += 1
        self.most_open = max(self.most_open, self.open_now)
        try:
            while self.most_open < self.greet_when_open:  # once reached, for good
                eventlet.sleep(0.01)
            self._converse(client, client.makefile("rb"))
        finally:
            self.open_now -= 1
            client.close()

    def _converse(self, client, lines):
        client.sendall(b"220 scripted\r\n")
        while line := lines.readline():
            command = line.decode().strip()
            verb = command.split(" ")[0].upper()
            self.commands.append(verb)
            if verb == "MAIL" and self.hang_up_on_mail:
                self.hang_up_on_mail -= 1
                return
            if verb == "MAIL" and self.mail_reply:
                reply = self.mail_reply.pop(0)
            elif verb == "RCPT":
                address = command.split("<", 1)[1].rstrip(">")
                reply = self.refuse_rcpt.get(address, "250 ok")
            elif verb == "DATA":
                client.sendall(b"354 go on\r\n")
                subject = self._read_message(lines)
                if self.hang_up_after_dot:
                    self.hang_up_after_dot -= 1
                    return
                self.delivered.append(subject)
                reply = "250 taken"
            elif verb == "QUIT":
                client.sendall(b"221 bye\r\n")
                return
            else:
                reply = "250 ok"
            client.sendall(reply.encode() + b"\r\n")
            if reply.startswith("421"):
                return

    @staticmethod
    def _read_message(lines) -> str:
        subject = ""
        while (line := lines.readline()) not in (b".\r\n", b""):
            if line.startswith(b"Subject: "):
                subject = line[9:].decode().strip()
        return subject


@pytest.fixture
def server():
    running = ScriptedServer()
    yield running
    running.close()


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def pool_for(server, clock=None, **settings) -> SmtpPool:
    return SmtpPool(SmtpSettings(port=server.port, timeout=30, **settings), clock or Clock())


def message(subject: str, to: str = "physio@example.nhs.uk") -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "peer@example.nhs.uk", to, subject
    mail.set_content("body")
    return mail


def test_smtplib_waits_cooperatively_under_eventlet_so_sends_overlap(server):
    # The server greets nobody until four are connected: had smtplib blocked
    # the process, the first would wait alone until its timeout.
    server.greet_when_open = 4

    def noop(_):
        with smtplib.SMTP("127.0.0.1", server.port, timeout=30) as smtp:
            return smtp.noop()[0]

    assert list(eventlet.GreenPool().imap(noop, range(4))) == [250] * 4


def test_one_connection_carries_message_after_message(server):
    pool = pool_for(server)
    for n in range(10):
        pool.send(message(f"message {n}"))
    assert server.delivered == [f"message {n}" for n in range(10)]
    assert server.connections == 1


def test_no_more_messages_are_in_flight_than_the_concurrency_allows(server):
    pool = pool_for(server, concurrency=3)
    senders = eventlet.GreenPool()
    for n in range(12):
        senders.spawn(pool.send, message(f"message {n}"))
    senders.waitall()
    assert sorted(server.delivered) == sorted(f"message {n}" for n in range(12))
    assert server.connections == 3 and server.most_open == 3


def test_a_refused_message_leaves_the_connection_to_the_next_and_names_no_address(server):
    server.refuse_rcpt["gone@example.nhs.uk"] = "550 5.1.1 no such mailbox"
    pool = pool_for(server)
    pool.send(message("before"))
    with pytest.raises(Refused) as refused:
        pool.send(message("to nobody", to="gone@example.nhs.uk"))
    pool.send(message("after"))
    assert refused.value.code == 550 and "gone@" not in str(refused.value)
    assert server.delivered == ["before", "after"] and server.connections == 1
    assert "RSET" in server.commands


def test_a_server_closing_a_kept_connection_costs_the_message_nothing(server):
    pool = pool_for(server)
    pool.send(message("first"))
    server.mail_reply.append("421 4.7.0 too many messages on this connection")
    pool.send(message("second"))
    server.hang_up_on_mail = 1
    pool.send(message("third"))
    assert server.delivered == ["first", "second", "third"]
    assert server.connections == 3


def test_a_fresh_connection_lost_before_the_message_went_is_unreachable(server):
    server.hang_up_on_mail = 1
    with pytest.raises(Unreachable):
        pool_for(server).send(message("cut off"))
    assert server.delivered == []


def test_a_connection_lost_after_the_final_dot_may_have_delivered(server):
    pool = pool_for(server)
    pool.send(message("first"))
    server.hang_up_after_dot = 1
    with pytest.raises(MaybeSent):
        pool.send(message("in doubt"))
    pool.send(message("next"))
    assert server.delivered == ["first", "next"] and server.connections == 2


def test_a_connection_idle_for_a_while_is_checked_with_noop_then_closed_when_stale(server):
    clock = Clock()
    pool = pool_for(server, clock, check_after=10, close_after=60)
    pool.send(message("first"))
    clock.now += 11
    pool.send(message("after a pause"))
    assert server.commands.count("NOOP") == 1 and server.connections == 1
    clock.now += 61
    pool.send(message("after a long pause"))
    assert server.connections == 2 and server.commands.count("QUIT") == 1


def test_after_failing_to_connect_it_fails_at_once_for_a_moment_then_tries_again():
    listener = eventlet.listen(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()  # nothing listens there now
    clock = Clock()
    pool = SmtpPool(SmtpSettings(port=port, timeout=30, down_for=1), clock)
    with pytest.raises(Unreachable):
        pool.send(message("one"))
    server = ScriptedServer(port)
    try:
        with pytest.raises(Unreachable):
            pool.send(message("two"))
        assert server.connections == 0
        clock.now += 1
        pool.send(message("three"))
        assert server.delivered == ["three"]
    finally:
        server.close()


def test_concurrency_comes_from_the_setting_and_must_be_positive():
    assert SmtpSettings.from_config({"SMTP_CONCURRENCY": "8"}).concurrency == 8
    assert SmtpSettings.from_config({}).concurrency == 8
    with pytest.raises(ValueError, match="SMTP_CONCURRENCY"):
        SmtpSettings.from_config({"SMTP_CONCURRENCY": "0"})
