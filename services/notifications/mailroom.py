"""From messages to the delivery log: each person's preferences decide now, digest or never."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from services.notifications import deliveries, domain, preferences
from services.notifications.messages import Message

STATUS = {
    domain.SEND: deliveries.QUEUED,
    domain.HOLD: deliveries.HELD,
    domain.SKIP: deliveries.SKIPPED,
}

Render = Callable[[Message], tuple[str, str]]


def post(
    session,
    event_id: str,
    messages: list[Message],
    render: Render,
    now: datetime,
    invites: dict[str, tuple[str, str]] | None = None,
) -> list[int]:
    """Log each message once per event and person; returns the ids of those to send now.

    A message held for the digest or skipped by preference is still logged,
    so a clinician can see what was not sent and why. Those to send now are
    queued and claimed once this transaction commits (by the caller, or the
    timer if it gets there first): a claim is a lease, and it must not start
    running before anyone can see the message.
    """
    chosen = preferences.for_people(session, [m.recipient["id"] for m in messages])
    to_send = []
    for message in messages:
        status = STATUS[domain.disposition(message.message_type, chosen[message.recipient["id"]])]
        text, html = render(message)
        invite = (invites or {}).get(message.recipient["id"])
        not_before = domain.send_after(message.message_type, now)
        delivery = deliveries.queue(
            session, event_id, message, text, html, now, status, invite, not_before
        )
        if delivery is not None and status == deliveries.QUEUED and not_before <= now:
            to_send.append(delivery)
    return to_send
