"""The append-only audit log: who read or changed a case, card or minutes, when, and how."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select

from mskpeer.platform import audit
from mskpeer.platform.clock import aware
from services.cases import models

_APPEND = insert(models.audit_log)  # built once: every read of a case appends a line


def record(tx, actor_id: str, action: str, obj: str, now: datetime) -> None:
    """Append an entry; entries are never updated or deleted."""
    entry = {"actor_id": actor_id, "action": action, "object": obj, "at": now}
    entry["request_id"] = tx.request_id
    tx.session.execute(_APPEND, entry)


def trail(session, obj: str, offset: int, limit: int) -> tuple[list[dict], int]:
    log = models.audit_log
    where = log.c.object == obj
    total = session.execute(select(func.count()).select_from(log).where(where)).scalar_one()
    rows = session.execute(
        select(log).where(where).order_by(log.c.id).offset(offset).limit(limit)
    ).all()
    entries = [
        {
            "actor_id": r.actor_id,
            "action": r.action,
            "object": r.object,
            "at": aware(r.at).isoformat(),
            "request_id": r.request_id,
        }
        for r in rows
    ]
    return entries, total


def lines(session, query: dict) -> tuple[list[dict], int]:
    """Lines for the audit page, each case named by its title (its card by its owner's name)."""
    found, total = audit.lines(session, models.audit_log, query)
    cases, cards = models.cases, models.cards
    sources = {"case": (cases.c.id, cases.c.title), "card": (cards.c.clinician_id, cards.c.name)}
    audit.name_lines(session, found, sources)
    return found, total
