"""Actions agreed at a conference: who will do what by when, until they say it is done."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update

from contracts import events, policy
from contracts.errors import Conflict, Forbidden, NotFound
from mskpeer.platform.clock import aware
from services.scheduling import models
from services.scheduling.directory import addressee, people_by_id

OPEN, DONE = "open", "done"


def action_out(row) -> dict:
    return {
        "id": row.id,
        "conference_id": row.conference_id,
        "case_id": row.case_id,
        "owner_id": row.owner_id,
        "description": row.description,
        "due_date": row.due_date.isoformat(),
        "status": row.status,
        "completed_at": aware(row.completed_at).isoformat() if row.completed_at else None,
    }


def announcement(session, action_id, conference_id, case_id, titles, action, now) -> dict:
    """The data of action.assigned (and, later, action.due) for one action."""
    owner = people_by_id(session, [action["owner_id"]])[action["owner_id"]]
    due = action["due_date"]
    return {
        "action_id": action_id,
        "conference_id": conference_id,
        "case_id": case_id,
        "title": titles.get(case_id, ""),
        "owner": addressee(owner),
        "description": action["description"],
        "due_date": due if isinstance(due, str) else due.isoformat(),
        "assigned_at": now.isoformat(),
    }


def for_conference(session, conference_id: str) -> list[dict]:
    a = models.actions
    rows = session.execute(select(a).where(a.c.conference_id == conference_id).order_by(a.c.id))
    return [action_out(row) for row in rows]


def list_actions(session, owner_id=None, open_only=None, offset=0, limit=50):
    a = models.actions
    conditions = []
    if owner_id:
        conditions.append(a.c.owner_id == owner_id)
    if open_only is not None:
        conditions.append(a.c.status == OPEN if open_only else a.c.status == DONE)
    total = session.execute(select(func.count()).select_from(a).where(*conditions)).scalar_one()
    rows = session.execute(
        select(a).where(*conditions).order_by(a.c.due_date, a.c.id).offset(offset).limit(limit)
    )
    return [action_out(row) for row in rows], total


def complete(tx, action_id: int, actor: dict, now: datetime) -> dict:
    """Its owner (or the chair who agreed it, or a lead) marks an action done. Emits
    action.completed, so the outcome form knows which of a case's actions are still open."""
    session = tx.session
    a, c = models.actions, models.conferences
    row = session.execute(
        select(a, c.c.chair_id).join(c, c.c.id == a.c.conference_id).where(a.c.id == action_id)
    ).first()
    if row is None:
        raise NotFound("ACTION_NOT_FOUND", f"there is no action {action_id}")
    if not policy.may_complete_action(actor, row.owner_id, row.chair_id):
        raise Forbidden("NOT_YOUR_ACTION", "only its owner or the conference's chair may")
    if row.status == DONE:
        raise Conflict("ACTION_ALREADY_DONE", "this action is already marked done")
    session.execute(
        update(a)
        .where(a.c.id == action_id)
        .values(status=DONE, completed_at=now, completed_by=actor["id"])
    )
    tx.emit(
        events.ACTION_COMPLETED,
        {
            "action_id": action_id,
            "conference_id": row.conference_id,
            "case_id": row.case_id,
            "completed_by": actor["id"],
            "completed_at": now.isoformat(),
        },
    )
    return action_out(session.execute(select(a).where(a.c.id == action_id)).one())


def release_due(tx, now: datetime, batch: int = 200) -> int:
    """Emit action.due once for each open action whose day has come.

    Rows are claimed with SKIP LOCKED so two copies of the service do not both
    remind; `due_sent_at` records that this action's reminder went.
    """
    a = models.actions
    rows = tx.session.execute(
        select(a)
        .where(a.c.status == OPEN, a.c.due_sent_at.is_(None), a.c.due_date <= now.date())
        .order_by(a.c.due_date, a.c.id)
        .limit(batch)
        .with_for_update(skip_locked=True)
    ).all()
    for row in rows:
        titles = {row.case_id: _title(tx.session, row.case_id)}
        action = {
            "owner_id": row.owner_id,
            "description": row.description,
            "due_date": row.due_date,
        }
        data = announcement(tx.session, row.id, row.conference_id, row.case_id, titles, action, now)
        data["assigned_at"] = aware(row.assigned_at or now).isoformat()
        tx.emit(events.ACTION_DUE, data)
        tx.session.execute(update(a).where(a.c.id == row.id).values(due_sent_at=now))
    return len(rows)


def _title(session, case_id: str) -> str:
    items = models.agenda_items
    return session.execute(select(items.c.title).where(items.c.case_id == case_id)).scalar() or ""
