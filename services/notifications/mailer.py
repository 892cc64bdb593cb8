"""Sending one message over SMTP."""

from __future__ import annotations

import smtplib
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

    def send(self, to: str, subject: str, text: str, html: str, message_id: str) -> None:
        message = EmailMessage(policy=_POLICY)
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=False)
        # A stable Message-ID per delivery lets mail systems drop a copy sent
        # twice after a crash between SMTP's "250 OK" and our record of it.
        message["Message-ID"] = message_id
        message.set_content(text)
        message.add_alternative(html, subtype="html")
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message)


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
