"""What the outcomes service keeps besides the chains: discussions, conferences, attendance, audit.

These are the facts the evidence and the CPD records are computed from, as the
events told them (case.discussed, minutes.recorded), plus who read what.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, func, insert, select, update

from mskpeer.platform import audit as audit_log
from mskpeer.platform.clock import aware
from services.outcomes import models


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def remember_discussion(session, data: dict) -> None:
    table = models.discussions
    if session.execute(select(table.c.case_id).where(table.c.case_id == data["case_id"])).first():
        return  # a case is discussed once; a second event for it changes nothing
    session.execute(
        insert(table).values(
            case_id=data["case_id"],
            conference_id=data["conference_id"],
            title=data["title"],
            intended_plan=data["intended_plan"],
            body_region=data.get("body_region"),
            msk_hq_baseline=data.get("msk_hq_baseline"),
            presenter_id=data["presenter"]["id"],
            presenter=data["presenter"],
            presenter_service=data.get("presenter_service"),
            presenter_site=data.get("presenter_site"),
            chair=data["chair"],
            submitted_at=_time(data.get("submitted_at")),
            discussed_at=_time(data["discussed_at"]),
        )
    )


def remember_action(session, data: dict, done: bool) -> None:
    """An agreed action, open or done. The two events may arrive in either order, and a
    done action never reopens (an action marked done stays done)."""
    table = models.agreed_actions
    known = session.execute(
        select(table.c.done).where(table.c.action_id == data["action_id"])
    ).first()
    if known is None:
        session.execute(
            insert(table).values(action_id=data["action_id"], case_id=data["case_id"], done=done)
        )
    elif done and not known.done:
        session.execute(
            update(table).where(table.c.action_id == data["action_id"]).values(done=True)
        )


def open_actions(session, case_id: str) -> int:
    """How many of the actions agreed for a case are not done yet."""
    table = models.agreed_actions
    return session.execute(
        select(func.count()).where(table.c.case_id == case_id, table.c.done.is_(False))
    ).scalar_one()


def remember_conference(session, data: dict) -> None:
    held, attendance = models.conferences_held, models.conference_attendance
    conference_id = data["conference_id"]
    session.execute(delete(attendance).where(attendance.c.conference_id == conference_id))
    session.execute(delete(held).where(held.c.conference_id == conference_id))
    session.execute(
        insert(held).values(
            conference_id=conference_id,
            chair=data["chair"],
            starts_at=_time(data.get("starts_at")),
            ends_at=_time(data.get("ends_at")),
            recorded_at=_time(data["recorded_at"]),
            cases_discussed=len(data["items"]),
        )
    )
    rows = [
        {"conference_id": conference_id, **{k: row[k] for k in _ATTENDANCE}}
        for row in data.get("attendance") or ()
    ]
    if rows:
        session.execute(insert(attendance), rows)


_ATTENDANCE = ("clinician_id", "band", "service", "site", "status")


def discussion(session, case_id: str) -> dict | None:
    table = models.discussions
    row = session.execute(select(table).where(table.c.case_id == case_id)).first()
    return _discussion(row) if row else None


def _discussion(row) -> dict:
    found = dict(row._mapping)
    found["submitted_at"] = aware(found["submitted_at"])
    found["discussed_at"] = aware(found["discussed_at"])
    return found


def discussions_between(session, start, end, presenter_id: str | None = None) -> list[dict]:
    table = models.discussions
    query = select(table).where(*_between(table.c.discussed_at, start, end))
    if presenter_id:
        query = query.where(table.c.presenter_id == presenter_id)
    return [_discussion(row) for row in session.execute(query.order_by(table.c.discussed_at))]


def first_outcomes(session, case_ids) -> dict[str, dict]:
    table = models.outcome_records
    rows = session.execute(
        select(table).where(table.c.case_id.in_(list(case_ids)), table.c.round == 1)
    )
    return {row.case_id: dict(row._mapping) for row in rows}


def attendance_at(session, conference_ids) -> list[dict]:
    table = models.conference_attendance
    rows = session.execute(select(table).where(table.c.conference_id.in_(list(conference_ids))))
    return [dict(row._mapping) for row in rows]


def conference_days(session, conference_ids) -> dict[str, datetime]:
    """When each conference met (as its minutes said), to name it by its date, not its id."""
    held = models.conferences_held
    rows = session.execute(
        select(held.c.conference_id, held.c.starts_at, held.c.recorded_at).where(
            held.c.conference_id.in_(list(conference_ids))
        )
    )
    return {row.conference_id: aware(row.starts_at or row.recorded_at) for row in rows}


def present_at(session, conference_id: str) -> set[str]:
    table = models.conference_attendance
    rows = session.execute(
        select(table.c.clinician_id).where(
            table.c.conference_id == conference_id, table.c.status == "present"
        )
    )
    return {row.clinician_id for row in rows}


def conferences_of(session, clinician_id: str, start, end) -> list[dict]:
    """The conferences a clinician attended (any status) or chaired, held in the period."""
    held, attendance = models.conferences_held, models.conference_attendance
    rows = session.execute(
        select(held, attendance.c.status)
        .select_from(
            held.outerjoin(
                attendance,
                and_(
                    attendance.c.conference_id == held.c.conference_id,
                    attendance.c.clinician_id == clinician_id,
                ),
            )
        )
        .where(*_between(held.c.recorded_at, start, end))
        .order_by(held.c.recorded_at)
    )
    found = []
    for row in rows:
        chaired = row.chair.get("id") == clinician_id
        if row.status is None and not chaired:
            continue
        item = dict(row._mapping)
        for name in ("starts_at", "ends_at", "recorded_at"):
            item[name] = aware(item[name])
        item["chaired"] = chaired
        found.append(item)
    return found


def _between(column, start, end) -> list:
    return [
        c
        for c in (column >= start if start else None, column < end if end else None)
        if c is not None
    ]


def audit(tx, actor_id: str, action: str, obj: str, now: datetime) -> None:
    """Who read or changed which outcome, report or CPD record, when, in which request."""
    tx.session.execute(
        insert(models.outcome_audit).values(
            actor_id=actor_id, action=action, object=obj, at=now, request_id=tx.request_id
        )
    )


def audit_trail(session, obj: str) -> list[dict]:
    table = models.outcome_audit
    rows = session.execute(select(table).where(table.c.object == obj).order_by(table.c.id))
    return [
        {
            "actor_id": row.actor_id,
            "action": row.action,
            "object": row.object,
            "at": aware(row.at).isoformat(),
            "request_id": row.request_id,
        }
        for row in rows
    ]


def audit_lines(session, query: dict) -> tuple[list[dict], int]:
    """For the audit page: each outcome named by its case's title, as the discussion told it."""
    found, total = audit_log.lines(session, models.outcome_audit, query)
    table = models.discussions
    audit_log.name_lines(session, found, {"outcome": (table.c.case_id, table.c.title)})
    return found, total
