"""Follow-ups and outcomes in and out of the database."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlalchemy import insert, select, update

from mskpeer.platform.clock import aware
from services.outcomes import models
from services.outcomes.domain import ACTIVE, FollowUp

_FIELDS = tuple(FollowUp.__dataclass_fields__)


def _to_follow_up(row) -> FollowUp:
    values = {name: getattr(row, name) for name in _FIELDS}
    values["due_at"] = aware(values["due_at"])
    return FollowUp(**values)


class FollowUps:
    def __init__(self, session):
        self.session = session

    def add(self, follow_up: FollowUp) -> bool:
        table = models.follow_ups
        if self.session.execute(
            select(table.c.id).where(table.c.case_id == follow_up.case_id)
        ).first():
            return False  # one chain per case
        self.session.execute(insert(table).values(**asdict(follow_up)))
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
            .order_by(table.c.due_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        return [_to_follow_up(row) for row in rows]

    def save(self, before: FollowUp, after: FollowUp) -> bool:
        table = models.follow_ups
        result = self.session.execute(
            update(table)
            .where(table.c.id == before.id, table.c.version == before.version)
            .values(
                next_step=after.next_step,
                due_at=after.due_at,
                status=after.status,
                version=after.version,
            )
        )
        return result.rowcount == 1


def outcome_out(row) -> dict:
    return {
        "id": row.id,
        "case_id": row.case_id,
        "onward_referral": row.onward_referral,
        "management_changed": row.management_changed,
        "patient_status": row.patient_status,
        "msk_hq": row.msk_hq,
        "reflection": row.reflection,
        "referral_avoided": row.referral_avoided,
        "recorded_by": row.recorded_by,
        "recorded_at": aware(row.recorded_at).isoformat(),
    }


class Outcomes:
    def __init__(self, session):
        self.session = session

    def get(self, case_id: str):
        table = models.outcomes
        return self.session.execute(select(table).where(table.c.case_id == case_id)).first()

    def add(self, values: dict) -> None:
        self.session.execute(insert(models.outcomes).values(**values))
