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
    sender=None,
) -> list:
    """Log each message once per event and person; returns the rows of those to send now.

    A message held for the digest or skipped by preference is still logged,
    so a clinician can see what was not sent and why. Those to send now are
    queued already claimed by `sender` (a process's Leases), to be sent once
    this transaction commits; nobody else sees them before then. The sender's
    lease runs from before the statement (Leases.hold's `since`), so a slow
    commit shortens the time it trusts its claim, never lengthens it. A crash
    before sending leaves them to the timer of any sender once the lease ends.
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
            status,
            invite,
            not_before,
            sender if now_or_later else None,
        )
        if delivery is not None and now_or_later:
            to_send.append(delivery)
    return to_send
