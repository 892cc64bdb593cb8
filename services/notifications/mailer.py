"""Sending one message over SMTP."""

from __future__ import annotations

import contextlib
import smtplib
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from email.utils import formatdate

from nameko.extensions import DependencyProvider

# Python folds a header longer than 78 characters by moving all of it to a
# continuation line, which some clients show with a leading space: our subjects
# carry a case title, so allow longer lines (RFC 5322's hard limit is 998).
_POLICY = policy.SMTP.clone(max_line_length=250)


class Mailer:
    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        starttls: bool = False,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 10,
    ):
        self.host, self.port, self.sender = host, port, sender
        self.starttls, self.username, self.password = starttls, username, password
        self.timeout = timeout

    def send(
        self,
        to: str,
        subject: str,
        text: str,
        html: str,
        message_id: str,
        invite: tuple[str, str] | None = None,
    ) -> None:
        """Send text and HTML as alternatives; `invite` is (iTIP method, iCalendar text)."""
        with self.session() as session:
            session.send(to, subject, text, html, message_id, invite)

    @contextlib.contextmanager
    def session(self) -> Iterator[MailSession]:
        """One SMTP connection for a batch: a connection per message capped throughput."""
        session = MailSession(self)
        try:
            yield session
        finally:
            session.close()

    def connect(self) -> smtplib.SMTP:
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
        except Exception:
            smtp.close()
            raise
        return smtp


class MailSession:
    """Sends over one connection, opened on first use and again after any failure."""

    def __init__(self, mailer: Mailer):
        self._mailer = mailer
        self._smtp: smtplib.SMTP | None = None
        self._unreachable: Exception | None = None

    def send(self, to, subject, text, html, message_id, invite=None) -> None:
        message = compose(self._mailer.sender, to, subject, text, html, message_id, invite)
        if self._unreachable is not None:
            # The server could not be reached a moment ago: don't wait out a
            # connection timeout once per message of the batch.
            raise self._unreachable
        if self._smtp is None:
            try:
                self._smtp = self._mailer.connect()
            except (OSError, smtplib.SMTPException) as error:
                self._unreachable = error
                raise
        try:
            self._smtp.send_message(message)
        except Exception:
            # Refused or cut off: start the next message on a fresh connection.
            self.close()
            raise

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except Exception:  # already gone; nothing to tidy
            smtp.close()


def compose(sender, to, subject, text, html, message_id, invite=None) -> EmailMessage:
    message = EmailMessage(policy=_POLICY)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    # A stable Message-ID per delivery lets mail systems drop a copy sent
    # twice after a crash between SMTP's "250 OK" and our record of it.
    message["Message-ID"] = message_id
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    if invite:
        method, calendar = invite
        # Outlook and Gmail act on a text/calendar alternative (accept, update,
        # remove); other clients only offer attachments, so it is attached too.
        message.add_alternative(calendar, subtype="calendar", params={"method": method})
        message.add_attachment(
            calendar.encode(),
            maintype="application",
            subtype="ics",
            filename="invite.ics" if method != "CANCEL" else "cancel.ics",
        )
    return message


class MailerProvider(DependencyProvider):
    def setup(self):
        config = self.container.config
        self.mailer = Mailer(
            host=config.get("SMTP_HOST") or "127.0.0.1",
            port=int(config.get("SMTP_PORT") or 25),
            sender=config["MAIL_FROM"],
            starttls=bool(config.get("SMTP_STARTTLS")),
            username=config.get("SMTP_USERNAME"),
            password=config.get("SMTP_PASSWORD"),
        )

    def get_dependency(self, worker_ctx):
        return self.mailer
