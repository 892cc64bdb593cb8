"""The notifications service: every event that concerns someone becomes exactly one email."""

from __future__ import annotations

import functools
import time
from datetime import timedelta

from nameko.dependency_providers import Config

from contracts import events
from contracts.errors import NotFound
from mskpeer.platform.clock import Clock
from mskpeer.platform.consumer import on_event
from mskpeer.platform.database import Database
from mskpeer.platform.entrypoints import rpc
from mskpeer.platform.lease import leased
from mskpeer.platform.service import ReliableService
from mskpeer.platform.settings import base_url, parse_duration
from mskpeer.platform.timers import timer
from services.notifications import calendar_mail, deliveries, digests, mailroom, models
from services.notifications.leases import SendingLeases
from services.notifications.mailer import MailerProvider
from services.notifications.messages import Templates, messages_for
from services.notifications.personal import PersonalSettings, digest_time

DIGEST_LEASE = timedelta(minutes=5)  # far longer than composing the day's digests takes
BATCHES_PER_TICK = 20  # of 50: at most 1,000 messages before the timer yields its turn


@functools.cache
def templates() -> Templates:
    return Templates()


class NotificationsService(PersonalSettings, ReliableService):
    name = "notifications"

    db = Database(models.metadata, models.messaging)
    clock = Clock()
    mailer = MailerProvider()
    leases = SendingLeases()
    config = Config()

    def _notify(self, event, tx):
        """Queue the event's messages, with their calendar invites, as each person prefers."""
        base, now = base_url(self.config), self.clock()
        invites = calendar_mail.invites_for(tx.session, event, self.config["MAIL_FROM"], base, now)
        if invites is None:  # an older change than one already sent: nothing true to say
            return
        messages = messages_for(event.event_type, event.data, base)
        since = time.monotonic()
        to_send = mailroom.post(
            tx.session, event.event_id, messages, self._render, now, invites, self.leases
        )
        if to_send:
            tx.after_commit(lambda: self._send_claimed(to_send, since))

    def _render(self, message):
        return templates().render(message)

    def _send(self, ids=None):
        """Claim (all that is due, or these) and send, SMTP_CONCURRENCY at a time."""
        rows = deliveries.claim(self.db, self.leases, self.clock(), ids=ids)
        return deliveries.send_claimed(self.db, self.mailer, self.leases, rows, self.clock)

    def _send_claimed(self, rows, since: float):
        """Send what was queued claimed by this process, its claim made at `since`."""
        self.leases.hold([row.id for row in rows], since)
        return deliveries.send_claimed(self.db, self.mailer, self.leases, rows, self.clock)

    @on_event(events.CASE_SUBMITTED)
    def handle_case_submitted(self, event, tx):
        self._notify(event, tx)

    @on_event(events.STAFF_PASSWORD_LINK_ISSUED)
    def handle_password_link_issued(self, event, tx):
        self._notify(event, tx)

    @on_event(events.CASE_SCHEDULED)
    def handle_case_scheduled(self, event, tx):
        self._notify(event, tx)

    @on_event(events.FOLLOW_UP_DUE)
    def handle_follow_up_due(self, event, tx):
        self._notify(event, tx)

    @on_event(events.FOLLOW_UP_REMINDED)
    def handle_follow_up_reminded(self, event, tx):
        self._notify(event, tx)

    @on_event(events.FOLLOW_UP_ESCALATED)
    def handle_follow_up_escalated(self, event, tx):
        self._notify(event, tx)

    @on_event(events.REVIEW_DUE)
    def handle_review_due(self, event, tx):
        self._notify(event, tx)

    @on_event(events.REVIEW_REMINDED)
    def handle_review_reminded(self, event, tx):
        self._notify(event, tx)

    @on_event(events.REVIEW_ESCALATED)
    def handle_review_escalated(self, event, tx):
        self._notify(event, tx)

    @on_event(events.CASE_RESCHEDULED)
    def handle_case_rescheduled(self, event, tx):
        self._notify(event, tx)

    @on_event(events.CONFERENCE_CANCELLED)
    def handle_conference_cancelled(self, event, tx):
        self._notify(event, tx)

    @on_event(events.CONFERENCE_MOVED)
    def handle_conference_moved(self, event, tx):
        self._notify(event, tx)

    @on_event(events.CONFERENCE_AGENDA_PUBLISHED)
    def handle_agenda_published(self, event, tx):
        self._notify(event, tx)

    @on_event(events.CONFERENCE_ASSIGNMENT_CHANGED)
    def handle_assignment_changed(self, event, tx):
        self._notify(event, tx)

    @on_event(events.CONFERENCE_QUORUM_AT_RISK)
    def handle_quorum_at_risk(self, event, tx):
        self._notify(event, tx)

    @on_event(events.ACTION_ASSIGNED)
    def handle_action_assigned(self, event, tx):
        self._notify(event, tx)

    @on_event(events.ACTION_DUE)
    def handle_action_due(self, event, tx):
        self._notify(event, tx)

    @timer(interval=1.0)
    def send_queued_mail(self):
        """Retry what SMTP refused when its backoff has passed, batch after batch.

        After an SMTP outage hundreds are due at once: one batch a second
        would take minutes to catch up.
        """
        for _ in range(BATCHES_PER_TICK):
            if not self._send():
                return

    @timer(interval=10, eager=True)
    def remind_of_conferences(self):
        """Remind each panel of its conference, REMINDER_BEFORE (default 24 hours) it starts."""
        before = parse_duration(self.config.get("REMINDER_BEFORE") or "24h")
        base, now, to_send = base_url(self.config), self.clock(), []
        since = time.monotonic()
        with self.db.transaction() as tx:
            for event_id, messages in calendar_mail.due_reminders(tx.session, now, before, base):
                to_send += mailroom.post(
                    tx.session, event_id, messages, self._render, now, sender=self.leases
                )
        if to_send:
            self._send_claimed(to_send, since)

    @timer(interval=60, eager=True)
    def send_daily_digests(self):
        """At DIGEST_AT (London time), one email per person with what was held for it.

        One copy composes at a time (a lease): claiming the held messages row by row
        could split one person's between two copies, and the second digest of the
        day would be refused, leaving those messages for tomorrow's.
        """
        with leased(self.db, "notifications.digests", DIGEST_LEASE) as mine:
            if not mine:
                return
            with self.db.transaction() as tx:
                ids = digests.compose_due(
                    tx.session, self.clock(), digest_time(self.config), self._render
                )
        if ids:
            self._send(ids)

    @rpc
    def list_deliveries(self, status=None, recipient_id=None, offset=0, limit=50):
        with self.db.transaction() as tx:
            items, total = deliveries.list_deliveries(
                tx.session, status, recipient_id, offset, limit
            )
        return {"items": items, "total": total}

    @rpc(expected_exceptions=NotFound)
    def retry_delivery(self, delivery_id):
        with self.db.transaction() as tx:
            if not deliveries.requeue_failed(tx.session, delivery_id, self.clock()):
                raise NotFound("FAILED_DELIVERY_NOT_FOUND", f"no failed delivery {delivery_id}")
        self._send([delivery_id])
        return {"id": delivery_id, "requeued": True}
