"""Composing a clinician's message and handing it to this process's SMTP pool."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.utils import formatdate

from mskpeer.platform.smtp import Smtp, SmtpPool

# Python folds a header longer than 78 characters by moving all of it to a
# continuation line, which some clients show with a leading space: our subjects
# carry a case title, so allow longer lines (RFC 5322's hard limit is 998).
_POLICY = policy.SMTP.clone(max_line_length=250)


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


class MailerProvider(Smtp):
    """`self.mailer`: composes as MAIL_FROM and sends over the process's SMTP pool."""

    def get_dependency(self, worker_ctx):
        return Mailer(self.pool, self.container.config["MAIL_FROM"])
