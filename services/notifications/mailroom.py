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
) -> list[deliveries.Outgoing]:
    """Log each message once per event and person; returns those to send right after commit.

    A message held for the digest or skipped by preference is still logged,
    so a clinician can see what was not sent and why. Those to send now are
    logged as `sending` already, claimed by this transaction: no second
    transaction per message just to claim it (a crash before the send
    leaves them to the stale-sending sweep, as a crash during one would).
    """
    chosen = preferences.for_people(session, [m.recipient["id"] for m in messages])
    to_send = []
    for message in messages:
        status = STATUS[domain.disposition(message.message_type, chosen[message.recipient["id"]])]
        text, html = render(message)
        invite = (invites or {}).get(message.recipient["id"])
        not_before = domain.send_after(message.message_type, now)
        now_or_later = status == deliveries.QUEUED and not_before <= now
        delivery = deliveries.queue(
            session,
            event_id,
            message,
            text,
            html,
            now,
            deliveries.SENDING if now_or_later else status,
            invite,
            not_before,
        )
        if delivery is not None and now_or_later:
            to_send.append(deliveries.outgoing(delivery, event_id, message, text, html, invite))
    return to_send
