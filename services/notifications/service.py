"""The notifications service: every event that concerns someone becomes exactly one email."""

from __future__ import annotations

import functools

from nameko.dependency_providers import Config
from nameko.timer import timer

from contracts import events
from contracts.errors import NotFound
from mskpeer.platform.clock import Clock
from mskpeer.platform.consumer import on_event
from mskpeer.platform.database import Database
from mskpeer.platform.entrypoints import rpc
from mskpeer.platform.service import ReliableService
from mskpeer.platform.settings import base_url
from services.notifications import deliveries, models
from services.notifications.mailer import MailerProvider
from services.notifications.messages import Templates, messages_for


@functools.cache
def templates() -> Templates:
    return Templates()


class NotificationsService(ReliableService):
    name = "notifications"

    db = Database(models.metadata, models.messaging)
    clock = Clock()
    mailer = MailerProvider()
    config = Config()

    def _notify(self, event, tx):
        ids = []
        for message in messages_for(event.event_type, event.data, base_url(self.config)):
            text, html = templates().render(message)
            delivery_id = deliveries.queue(
                tx.session, event.event_id, message, text, html, self.clock()
            )
            if delivery_id is not None:
                ids.append(delivery_id)
        if ids:
            tx.after_commit(lambda: self._send(ids))

    def _send(self, ids=None):
        rows = deliveries.claim(self.db, self.clock(), ids=ids)
        return deliveries.send_claimed(self.db, self.mailer, rows, self.clock())

    @on_event(events.CASE_SUBMITTED)
    def handle_case_submitted(self, event, tx):
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

    @on_event(events.ACTION_ASSIGNED)
    def handle_action_assigned(self, event, tx):
        self._notify(event, tx)

    @on_event(events.ACTION_DUE)
    def handle_action_due(self, event, tx):
        self._notify(event, tx)

    @timer(interval=1.0)
    def send_queued_mail(self):
        """Retry what SMTP refused, when its backoff has passed."""
        self._send()

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
