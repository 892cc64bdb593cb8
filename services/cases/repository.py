"""Cases in and out of the database, as domain objects."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func, insert, or_, select, update

from mskpeer.platform.clock import aware
from services.cases import audit, models
from services.cases.domain import DRAFT, Case, Person

_COLUMNS = (
    "id kind title summary question body_region urgency intended_plan status "
    "conference_id created_at submitted_at revised_at discussed_at red_flags "
    "red_flags_escalated age_band sex duration_weeks treatment_so_far start_msk_risk "
    "msk_hq_baseline tags preferred_conference_id escalation_pathway escalated_to "
    "red_flags_escalated_at red_flags_escalated_by"
).split()
_TIMES = ("created_at", "submitted_at", "revised_at", "discussed_at", "red_flags_escalated_at")


def _to_case(row) -> Case:
    values = {name: getattr(row, name) for name in _COLUMNS}
    for name in _TIMES:
        values[name] = aware(values[name])
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


# Built once: a case is read this way on every GET of it, and building the statement and
# its cache key each time cost about as much as running it.
_CASE = select(models.cases).where(models.cases.c.id == bindparam("b_case_id"))
_CASE_FOR_UPDATE = _CASE.with_for_update()


class CaseRepository:
    def __init__(self, session):
        self.session = session

    def add(self, case: Case) -> None:
        self.session.execute(insert(models.cases).values(**_to_row(case)))

    def get(self, case_id: str, for_update: bool = False) -> Case | None:
        query = _CASE_FOR_UPDATE if for_update else _CASE
        row = self.session.execute(query, {"b_case_id": case_id}).first()
        return _to_case(row) if row else None

    def save(self, case: Case) -> None:
        row = _to_row(case)
        self.session.execute(update(models.cases).where(models.cases.c.id == case.id).values(**row))

    def list(
        self,
        status=None,
        presenter_id=None,
        conference_ids=None,
        body_region=None,
        text=None,
        offset=0,
        limit=50,
        reader_id=None,
    ) -> tuple[list[Case], int]:
        """With `conference_ids` too: the presenter's, or on those conferences' agendas.

        Drafts are listed only for their presenter, `reader_id`, whoever asks.
        """
        table = models.cases
        conditions = [or_(table.c.status != DRAFT, table.c.presenter_id == reader_id)]
        if body_region:
            conditions.append(table.c.body_region == body_region)
        if text:
            words = "%" + text.replace("\\", "").replace("%", "").replace("_", " ") + "%"
            conditions.append(
                or_(
                    *(
                        column.ilike(words)
                        for column in (
                            table.c.title,
                            table.c.question,
                            table.c.summary,
                            table.c.treatment_so_far,
                        )
                    )
                )
            )
        if status:
            conditions.append(table.c.status == status)
        if presenter_id and conference_ids:
            conditions.append(
                or_(table.c.presenter_id == presenter_id, table.c.conference_id.in_(conference_ids))
            )
        elif presenter_id:
            conditions.append(table.c.presenter_id == presenter_id)
        query = select(table).where(*conditions)
        total = self.session.execute(
            select(func.count()).select_from(table).where(*conditions)
        ).scalar_one()
        rows = self.session.execute(
            # Newest first; a draft by when it was started.
            query.order_by(func.coalesce(table.c.submitted_at, table.c.created_at).desc())
            .offset(offset)
            .limit(limit)
        ).all()
        return [_to_case(row) for row in rows], total

    def audit(self, tx, actor_id: str, action: str, case_id: str | None, now: datetime) -> None:
        """Append who did what to which case (or to the list, for None), when, in which request."""
        audit.record(tx, actor_id, action, f"case:{case_id}" if case_id else "cases", now)
