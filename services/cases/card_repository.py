"""Contact cards in and out of the cases database, as plain dicts."""

from __future__ import annotations

from sqlalchemy import func, insert, select, update

from mskpeer.platform.clock import aware
from services.cases import models


def _card(row) -> dict:
    card = dict(row._mapping)
    card["updated_at"] = aware(card["updated_at"])
    return card


def get(session, clinician_id: str, for_update: bool = False) -> dict | None:
    query = select(models.cards).where(models.cards.c.clinician_id == clinician_id)
    row = session.execute(query.with_for_update() if for_update else query).first()
    return _card(row) if row else None


def active(session) -> list[dict]:
    """Every active card: a service has a few hundred clinicians, so ranking runs in memory."""
    rows = session.execute(select(models.cards).where(models.cards.c.active.is_(True))).all()
    return [_card(row) for row in rows]


def version(session) -> tuple:
    """Changes whenever a card is added or changed (every change stamps updated_at)."""
    table = models.cards
    count, latest = session.execute(
        select(func.count(), func.max(table.c.updated_at)).select_from(table)
    ).one()
    return count, latest


def add(session, card: dict) -> None:
    session.execute(insert(models.cards).values(**card))


def save(session, card: dict) -> None:
    table = models.cards
    session.execute(
        update(table).where(table.c.clinician_id == card["clinician_id"]).values(**card)
    )
