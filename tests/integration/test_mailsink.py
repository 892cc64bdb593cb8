import eventlet

eventlet.monkey_patch()  # the product runs patched; the sink must work from such a process

import smtplib  # noqa: E402
import time  # noqa: E402
from email.message import EmailMessage  # noqa: E402
from email.utils import make_msgid  # noqa: E402

import pytest  # noqa: E402

from mskpeer.mailsink import MailSink, read_mailbox  # noqa: E402


def _message(subject: str, to: list[str]) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "MSK Peer Support <noreply@mskpeer.test>"
    msg["To"] = ", ".join(to)
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain="mskpeer.test")
    msg.set_content("Plain body: café conference at 10:00.\n")
    msg.add_alternative("<p>HTML body: <b>café</b> conference</p>\n", subtype="html")
    return msg


@pytest.fixture
def sink(tmp_path):
    with MailSink(tmp_path / "mail") as running:
        yield running


def test_a_multipart_message_sent_over_smtp_is_saved_and_read_back(sink):
    to = ["alice@nhs.test", "bob@nhs.test"]
    msg = _message("Case conference invite", to)
    sent_at = time.time()
    with smtplib.SMTP(sink.host, sink.port, timeout=10) as smtp:
        smtp.send_message(msg, from_addr="bounce@mskpeer.test", to_addrs=to)

    [got] = sink.wait_for(lambda msgs: len(msgs) == 1)

    assert got.subject == "Case conference invite"
    assert got.mail_from == "bounce@mskpeer.test"
    assert got.rcpt_to == tuple(to)
    assert got.message_id == msg["Message-ID"]
    assert got.headers["To"] == "alice@nhs.test, bob@nhs.test"
    assert got.text == "Plain body: café conference at 10:00.\n"
    assert got.html == "<p>HTML body: <b>café</b> conference</p>\n"
    assert sent_at - 1 <= got.received_at <= time.time() + 1
    assert got.path.parent == sink.directory
    assert read_mailbox(sink.directory) == [got]


def test_a_refusing_sink_answers_451_and_saves_nothing_until_refusal_is_lifted(sink):
    sink.refuse(True)
    with (
        smtplib.SMTP(sink.host, sink.port, timeout=10) as smtp,
        pytest.raises(smtplib.SMTPResponseException) as refused,
    ):
        smtp.send_message(_message("Refused", ["carol@nhs.test"]))
    assert refused.value.smtp_code == 451
    assert sink.messages() == []

    sink.refuse(False)
    with smtplib.SMTP(sink.host, sink.port, timeout=10) as smtp:
        smtp.send_message(_message("Accepted", ["carol@nhs.test"]))
    [got] = sink.wait_for(lambda msgs: len(msgs) == 1)
    assert got.subject == "Accepted"


def test_waiting_for_mail_that_never_arrives_fails_with_a_summary(sink):
    with pytest.raises(AssertionError, match="0 message\\(s\\) arrived"):
        sink.wait_for(lambda msgs: msgs, timeout=0.1)


def test_a_stopped_sink_no_longer_accepts_connections(tmp_path):
    sink = MailSink(tmp_path).start()
    host, port = sink.host, sink.port
    sink.stop()
    with pytest.raises(OSError):
        smtplib.SMTP(host, port, timeout=2)
