"""Cases in and out of the database, as domain objects."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, or_, select, update

from mskpeer.platform.clock import aware
from services.cases import models
from services.cases.domain import Case, Person

_COLUMNS = (
    "id kind title summary question body_region urgency intended_plan status "
    "conference_id submitted_at discussed_at red_flags red_flags_escalated"
).split()


def _to_case(row) -> Case:
    values = {name: getattr(row, name) for name in _COLUMNS}
    values["submitted_at"] = aware(values["submitted_at"])
    values["discussed_at"] = aware(values["discussed_at"])
    presenter = Person(row.presenter_id, row.presenter_name, row.presenter_email)
    return Case(presenter=presenter, **values)


def _to_row(case: Case) -> dict:
    row = {name: getattr(case, name) for name in _COLUMNS}
    row.update(
        presenter_id=case.presenter.id,
        presenter_name=case.presenter.name,
        presenter_email=case.presenter.email,
    )
    return row


class CaseRepository:
    def __init__(self, session):
        self.session = session

    def add(self, case: Case) -> None:
        self.session.execute(insert(models.cases).values(**_to_row(case)))

    def get(self, case_id: str, for_update: bool = False) -> Case | None:
        query = select(models.cases).where(models.cases.c.id == case_id)
        if for_update:
            query = query.with_for_update()
        row = self.session.execute(query).first()
        return _to_case(row) if row else None

    def save(self, case: Case) -> None:
        row = _to_row(case)
        self.session.execute(update(models.cases).where(models.cases.c.id == case.id).values(**row))

    def list(
        self, status=None, presenter_id=None, body_region=None, text=None, offset=0, limit=50
    ) -> tuple[list[Case], int]:
        table = models.cases
        conditions = []
        if body_region:
            conditions.append(table.c.body_region == body_region)
        if text:
            words = "%" + text.replace("\\", "").replace("%", "").replace("_", " ") + "%"
            conditions.append(
                or_(
                    *(
                        column.ilike(words)
                        for column in (table.c.title, table.c.question, table.c.summary)
                    )
                )
            )
        if status:
            conditions.append(table.c.status == status)
        if presenter_id:
            conditions.append(table.c.presenter_id == presenter_id)
        query = select(table).where(*conditions)
        total = self.session.execute(
            select(func.count()).select_from(table).where(*conditions)
        ).scalar_one()
        rows = self.session.execute(
            query.order_by(table.c.submitted_at.desc()).offset(offset).limit(limit)
        ).all()
        return [_to_case(row) for row in rows], total

    def audit(self, tx, actor_id: str, action: str, case_id: str | None, now: datetime) -> None:
        """Append who did what to which case, when, and in which request (never updated)."""
        self.session.execute(
            insert(models.audit_log).values(
                actor_id=actor_id,
                action=action,
                case_id=case_id,
                at=now,
                request_id=tx.request_id,
            )
        )

    def audit_trail(self, case_id: str, offset: int, limit: int) -> tuple[list[dict], int]:
        log = models.audit_log
        where = log.c.case_id == case_id
        total = self.session.execute(select(func.count()).select_from(log).where(where))
        rows = self.session.execute(
            select(log).where(where).order_by(log.c.id).offset(offset).limit(limit)
        ).all()
        entries = [
            {
                "actor_id": r.actor_id,
                "action": r.action,
                "object": f"case:{r.case_id}",
                "at": aware(r.at).isoformat(),
                "request_id": r.request_id,
            }
            for r in rows
        ]
        return entries, total.scalar_one()
