"""Messages to the patient, sent by this service itself.

Why here and not by notifications: the address is opened from its sealed
column at the moment of sending and handed straight to SMTP, so it is never
copied into another service's table, an event or an RPC on the bus. A message
row records what was sent and when, never to whom; the audit log records that
the mailer read the referral. A row stays pending until SMTP accepts it, so a
message is never lost; the Message-ID is stable, so a resend after a crash is
recognised by mail systems.
"""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate

from sqlalchemy import insert, select, update

from mskpeer.platform import metrics
from mskpeer.platform.smtp import Refused, SendFailed, SmtpPool
from services.referrals import audit, models, repository, rules
from services.referrals.domain import (
    ARRANGED,
    BODY_AREA_NAMES,
    NEXT_STEP,
    SELF_HELP_PAGES,
    self_help_path,
)

M = models.patient_messages
ACKNOWLEDGEMENT, OUTCOME = "acknowledgement", "outcome"
MAX_ATTEMPTS = 10
WHERE = {
    "self_management": "self-help advice you can start now",
    "physiotherapy": "physiotherapy",
    "first_contact_practitioner": "a first contact practitioner at your GP practice",
    "msk_interface": "the MSK interface service (a specialist physiotherapist)",
    "orthopaedics": "the orthopaedic team at the hospital",
    "gp": "your GP practice",
    "urgent_care": "urgent care",
}


def queue(tx, referral_id: str, kind: str, now) -> None:
    tx.session.execute(
        insert(M).values(referral_id=referral_id, kind=kind, status="pending", created_at=now)
    )


def pending(session, batch: int) -> list:
    return session.execute(
        select(M).where(M.c.status == "pending").order_by(M.c.id).limit(batch)
    ).all()


def compose(
    row, identity: dict, kind: str, config: dict, site_names: dict | None = None
) -> EmailMessage:
    """A letter to the patient; `site_names` turns the triage decision's site code into the
    name people know it by."""
    site_names = site_names or {}
    base = config.get("BASE_URL") or f"http://{config['WEB_SERVER_ADDRESS']}"
    page = self_help_path(row.self_help_page or SELF_HELP_PAGES[row.body_area])
    if kind == ACKNOWLEDGEMENT:
        subject = f"We have your physiotherapy referral: {row.reference}"
        body = (
            f"Dear {identity['name']},\n\nThank you: we have your self-referral for "
            f"{BODY_AREA_NAMES[row.body_area].lower()} pain. Your reference is {row.reference}.\n\n"
            "A physiotherapist will read it within 2 working days and we will tell you what "
            "happens next. Check where it is at any time: "
            f"{base}/refer/status (your reference and date of birth).\n\n"
            f"Meanwhile, this advice may help: {base}{page}\n\n"
            "If you get worse, or have new problems with your bladder, bowel or numbness "
            "between your legs, call 999 or go to A&E now.\n"
        )
    else:
        subject = f"Your physiotherapy referral {row.reference}: what happens next"
        body = (
            f"Dear {identity['name']},\n\nA physiotherapist has looked at your referral "
            f"{row.reference}. We are sending you to {WHERE[row.destination]}"
            + (f" at {site_names.get(row.site, row.site)}" if row.site else "")
            + ".\n\n"
            + (
                f"Start with this advice: {base}{page}\n\n"
                if row.destination == "self_management"
                else NEXT_STEP.get(row.destination, ARRANGED) + "\n\n"
            )
            + f"Check where your referral is: {base}/refer/status\n"
        )
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = identity["email"]
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = f"<referral-{row.id}-{kind}@mskpeer>"
    message.set_content(body)
    return message


def send_pending(db, keyring, smtp: SmtpPool, config: dict, now, batch: int = 200) -> int:
    """Send what is waiting over the process's SMTP pool; returns how many went.

    The batch is claimed and read in two transactions (a transaction per message
    was most of the time in a burst); each is marked sent as soon as SMTP takes it.
    """
    with db.transaction() as tx:
        rows = pending(tx.session, batch)
        claimed = [row for row in rows if _claim(tx, row.id, now())]
    if not claimed:
        return 0
    with db.transaction() as tx:
        referrals = repository.get_many(tx.session, {row.referral_id for row in claimed})
        site_names = {s["code"]: s["name"] for s in rules.current(tx.session)[1]["sites"]}
        letters = []
        for message_row in claimed:
            referral = referrals[message_row.referral_id]
            # Only what a letter needs is opened: the name to greet, the address to send to.
            identity = {f: repository.opened(keyring, referral, f) for f in ("name", "email")}
            audit.record(tx, "system:mailer", "read_for_" + message_row.kind, referral.id, now())
            letters.append((message_row, referral, identity))
    sent = 0
    for at, (message_row, referral, identity) in enumerate(letters):
        if not identity.get("email"):  # no address given, or purged: nothing to send
            _mark(db, message_row.id, "skipped", now())
            continue
        try:
            smtp.send(compose(referral, identity, message_row.kind, config, site_names))
        except Refused as error:  # this message only (its errors never name the address)
            metrics.mail_failed("referrals")
            _failed(db, message_row, str(error), now())
            continue
        except SendFailed as error:  # away or cut off (perhaps after taking it: see smtp.py)
            metrics.mail_failed("referrals")
            _failed(db, message_row, str(error), now())
            # The rest wait for the next tick rather than each failing now.
            _release(db, [row.id for row, _, _ in letters[at + 1 :]])
            break
        _mark(db, message_row.id, "sent", now())
        sent += 1
        metrics.mail_sent("referrals")
    return sent


def _claim(tx, message_id: int, at) -> bool:
    """Take the message for this copy of the service; `sent_at` is when, until it is sent."""
    taken = tx.session.execute(
        update(M)
        .where(M.c.id == message_id, M.c.status == "pending")
        .values(status="sending", sent_at=at)
    )
    return taken.rowcount == 1


def release_stale_claims(db, now, after: timedelta = timedelta(minutes=10)) -> None:
    """A copy that died while sending left its messages claimed: send them again (the
    stable Message-ID lets mail systems drop a copy that did go out)."""
    with db.transaction() as tx:
        tx.session.execute(
            update(M)
            .where(M.c.status == "sending", M.c.sent_at < now - after)
            .values(status="pending")
        )


def _mark(db, message_id: int, status: str, at) -> None:
    with db.transaction() as tx:
        tx.session.execute(update(M).where(M.c.id == message_id).values(status=status, sent_at=at))


def _release(db, message_ids: list[int]) -> None:
    if message_ids:
        with db.transaction() as tx:
            tx.session.execute(
                update(M).where(M.c.id.in_(message_ids)).values(status="pending", sent_at=None)
            )


def _failed(db, row, error: str, at) -> None:
    status = "failed" if row.attempts + 1 >= MAX_ATTEMPTS else "pending"
    with db.transaction() as tx:
        tx.session.execute(
            update(M)
            .where(M.c.id == row.id)
            .values(status=status, attempts=row.attempts + 1, error=error[-2000:])
        )
