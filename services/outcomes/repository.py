"""Follow-ups and outcome records in and out of the database."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import insert, select, text, update

from mskpeer.platform.clock import aware
from services.outcomes import models
from services.outcomes.domain import ACTIVE, FollowUp

_FIELDS = tuple(FollowUp.__dataclass_fields__)


def _to_follow_up(row) -> FollowUp:
    found = {name: getattr(row, name) for name in _FIELDS}
    found["due_at"] = aware(found["due_at"])
    found["reviews"] = tuple(datetime.fromisoformat(at) for at in found["reviews"] or ())
    return FollowUp(**found)


def _row(follow_up: FollowUp) -> dict:
    row = asdict(follow_up)
    row["reviews"] = [at.isoformat() for at in follow_up.reviews]
    return row


def _moved(after: FollowUp) -> dict:
    """What a step changes, in the order `save_all` lists its columns."""
    return {
        "next_step": after.next_step,
        "due_at": after.due_at,
        "status": after.status,
        "version": after.version,
        "round": after.round,
        "reviews": [at.isoformat() for at in after.reviews],
    }


# Each list is one column of the batch; unnest() turns them back into rows.
_SAVE_ALL_POSTGRESQL = text(
    "UPDATE follow_ups AS f SET next_step = m.next_step, due_at = m.due_at,"
    " status = m.status, version = m.new_version, round = m.round, reviews = m.reviews::json"
    " FROM unnest(CAST(:ids AS text[]), CAST(:versions AS int[]), CAST(:next_steps AS text[]),"
    " CAST(:due_ats AS timestamptz[]), CAST(:statuses AS text[]), CAST(:new_versions AS int[]),"
    " CAST(:rounds AS int[]), CAST(:reviews AS text[]))"
    " AS m(id, version, next_step, due_at, status, new_version, round, reviews)"
    " WHERE f.id = m.id AND f.version = m.version RETURNING f.id"
)


class FollowUps:
    def __init__(self, session):
        self.session = session

    def add(self, follow_up: FollowUp) -> bool:
        table = models.follow_ups
        if self.session.execute(
            select(table.c.id).where(table.c.case_id == follow_up.case_id)
        ).first():
            return False  # one chain per case
        self.session.execute(insert(table).values(**_row(follow_up)))
        return True

    def for_case(self, case_id: str, for_update: bool = False) -> FollowUp | None:
        table = models.follow_ups
        query = select(table).where(table.c.case_id == case_id)
        if for_update:
            query = query.with_for_update()  # the release timer must not advance it meanwhile
        row = self.session.execute(query).first()
        return _to_follow_up(row) if row else None

    def due(self, now: datetime, limit: int = 100) -> list[FollowUp]:
        """Claim the steps that fell due, oldest first.

        SKIP LOCKED on PostgreSQL keeps a second copy of the service off the same
        rows; `save` still refuses a stale version, which is what guards SQLite.
        """
        table = models.follow_ups
        rows = self.session.execute(
            select(table)
            .where(table.c.status == ACTIVE, table.c.due_at <= now)
            .order_by(table.c.due_at, table.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        return [_to_follow_up(row) for row in rows]

    def save(self, before: FollowUp, after: FollowUp) -> bool:
        """Store the next state only if nobody moved the chain since `before` was read."""
        table = models.follow_ups
        result = self.session.execute(
            update(table)
            .where(table.c.id == before.id, table.c.version == before.version)
            .values(**_moved(after))
        )
        return result.rowcount == 1

    def save_all(self, moves: list[tuple[FollowUp, FollowUp]]) -> set[str]:
        """`save` for a whole claimed batch; returns the ids of the chains that moved.

        On PostgreSQL one statement moves the batch, still guarded by each row's
        version: one UPDATE per chain cost as much as the rest of a release.
        """
        if not moves:
            return set()
        if self.session.dialect.name != "postgresql":
            return {before.id for before, after in moves if self.save(before, after)}
        columns = {
            "ids": [before.id for before, _ in moves],
            "versions": [before.version for before, _ in moves],
            "next_steps": [after.next_step for _, after in moves],
            "due_ats": [after.due_at for _, after in moves],
            "statuses": [after.status for _, after in moves],
            "new_versions": [after.version for _, after in moves],
            "rounds": [after.round for _, after in moves],
            "reviews": [json.dumps(_moved(after)["reviews"]) for _, after in moves],
        }
        return set(self.session.execute(_SAVE_ALL_POSTGRESQL, columns).scalars())

    def for_cases(self, case_ids) -> dict[str, FollowUp]:
        table = models.follow_ups
        rows = self.session.execute(select(table).where(table.c.case_id.in_(list(case_ids))))
        return {row.case_id: _to_follow_up(row) for row in rows}


_RECORD_TIMES = ("recorded_at", "revised_at")


def record_out(row) -> dict:
    record = dict(row._mapping)
    for name in _RECORD_TIMES:
        record[name] = aware(record[name])
    return record


class OutcomeRecords:
    def __init__(self, session):
        self.session = session

    def of_case(self, case_id: str, for_update: bool = False) -> list[dict]:
        """Every answer for a case, the outcome first, then the reviews in order."""
        table = models.outcome_records
        query = select(table).where(table.c.case_id == case_id).order_by(table.c.round)
        rows = self.session.execute(query.with_for_update() if for_update else query).all()
        return [record_out(row) for row in rows]

    def add(self, record: dict) -> None:
        self.session.execute(insert(models.outcome_records).values(**record))

    def save(self, record: dict) -> None:
        table = models.outcome_records
        self.session.execute(update(table).where(table.c.id == record["id"]).values(**record))
