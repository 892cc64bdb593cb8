"""One row per clinician (their feed, their preferences), written whether or not it exists yet."""

from __future__ import annotations

from sqlalchemy import insert, select, update


def put(session, table, clinician_id: str, values: dict) -> None:
    """Insert or replace this clinician's row; locked, so two requests do not both insert."""
    exists = session.execute(
        select(table.c.clinician_id).where(table.c.clinician_id == clinician_id).with_for_update()
    ).first()
    if exists:
        session.execute(update(table).where(table.c.clinician_id == clinician_id).values(values))
    else:
        session.execute(insert(table).values(clinician_id=clinician_id, **values))
