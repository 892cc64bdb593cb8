"""Every read of a referral, by whom and when: staff, the status page and the mailer alike."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select

from mskpeer.platform.clock import aware
from services.referrals import models


def record(tx, actor_id: str, action: str, referral_id: str | None, now: datetime) -> None:
    tx.session.execute(
        insert(models.audit_log).values(
            actor_id=actor_id,
            action=action,
            referral_id=referral_id,
            at=now,
            request_id=tx.request_id,
        )
    )


def trail(session, referral_id: str) -> list[dict]:
    log = models.audit_log
    rows = session.execute(
        select(log).where(log.c.referral_id == referral_id).order_by(log.c.id)
    ).all()
    return [
        {"actor_id": r.actor_id, "action": r.action, "at": aware(r.at).isoformat()} for r in rows
    ]
