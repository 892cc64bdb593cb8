"""Composing a clinician's message and handing it to this process's SMTP pool.

Composed with the email package's compat32 classes (email.mime), not EmailMessage
under policy.SMTP: that policy parses and refolds every header and body line in
Python, and in a burst composing took ~7 ms of CPU an email, the largest share of
the service's time. These give the same structure on the wire for ~1 ms.
"""

from __future__ import annotations

import secrets
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import Compat32
from email.utils import formataddr, formatdate, parseaddr

from mskpeer.platform.smtp import Smtp, SmtpPool

LONGEST_7BIT_LINE = 998  # RFC 5322's hard limit, in octets


class _Unfolded(Compat32):
    """compat32 that writes a header already fitting on one line as it is.

    compat32 runs every header through email.header.Header (~80 µs each) even
    when there is nothing to fold. Lines up to 250 characters are allowed: our
    subjects carry a case title, and folding one puts part of it on a
    continuation line, which some clients show with a leading space.
    """

    # smtplib sets it for an address outside ASCII, sent to a server taking
    # SMTPUTF8: headers then go as UTF-8 (RFC 6532), as they are.
    utf8 = False

    def fold_binary(self, name, value):
        line = f"{name}: {value}"
        if (
            isinstance(value, str)
            and (value.isascii() or self.utf8)
            and len(line) <= self.max_line_length
        ):
            return (line + self.linesep).encode()
        return super().fold_binary(name, value)  # otherwise RFC 2047 encoded words


_POLICY = _Unfolded(max_line_length=250)


class Mailer:
    def __init__(self, pool: SmtpPool, sender: str):
        self.pool, self.sender = pool, sender

    @property
    def concurrency(self) -> int:
        return self.pool.settings.concurrency

    def send(
        self,
        to: str,
        subject: str,
        text: str,
        html: str,
        message_id: str,
        invite: tuple[str, str] | None = None,
    ) -> None:
        """Send text and HTML as alternatives; `invite` is (iTIP method, iCalendar text).

        Raises mskpeer.platform.smtp.SendFailed when the server did not take it.
        """
        self.pool.send(compose(self.sender, to, subject, text, html, message_id, invite))


def compose(sender, to, subject, text, html, message_id, invite=None) -> Message:
    alternatives = _multipart("alternative", _text(text, "plain"), _text(html, "html"))
    message = alternatives
    if invite:
        method, calendar = invite
        # Outlook and Gmail act on a text/calendar alternative (accept, update,
        # remove); other clients only offer attachments, so it is attached too.
        calendar_part = _text(calendar, "calendar")
        calendar_part.set_param("method", method)
        alternatives.attach(calendar_part)
        attachment = MIMEApplication(calendar.encode(), "ics", policy=_POLICY)
        filename = "invite.ics" if method != "CANCEL" else "cancel.ics"
        attachment.add_header("Content-Disposition", "attachment", filename=filename)
        message = _multipart("mixed", alternatives, attachment)
    headers = {
        # A name outside ASCII is encoded (RFC 2047); the address never is.
        "From": formataddr(parseaddr(sender), "utf-8"),
        "To": to,
        "Subject": subject,
        "Date": formatdate(localtime=False),
        # A stable Message-ID per delivery lets mail systems drop a copy sent
        # twice after a crash between SMTP's "250 OK" and our record of it.
        "Message-ID": message_id,
    }
    for name, value in headers.items():
        if "\r" in value or "\n" in value:  # a case title must never add a header
            raise ValueError(f"the {name} header may not contain a line break")
        message[name] = value
    return message


def _text(body: str, subtype: str) -> MIMEText:
    """ASCII goes as it is (7bit); anything else as UTF-8 in base64, which every
    relay carries unchanged, with or without 8BITMIME."""
    fits = body.isascii() and max(map(len, body.splitlines()), default=0) <= LONGEST_7BIT_LINE
    return MIMEText(body, subtype, "us-ascii" if fits else "utf-8", policy=_POLICY)


def _multipart(subtype: str, *parts: Message) -> MIMEMultipart:
    # A random boundary given here spares the generator its search of every part
    # for one that does not occur in them: "=_" cannot occur in base64 or
    # quoted-printable, and 96 random bits will not occur in our plain text.
    boundary = f"=_{secrets.token_hex(12)}"
    return MIMEMultipart(subtype, boundary=boundary, _subparts=parts, policy=_POLICY)


class MailerProvider(Smtp):
    """`self.mailer`: composes as MAIL_FROM and sends over the process's SMTP pool."""

    def get_dependency(self, worker_ctx):
        return Mailer(self.pool, self.container.config["MAIL_FROM"])
