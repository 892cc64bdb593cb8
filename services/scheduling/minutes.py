"""Recording what a conference discussed, recommended and agreed to do."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update

from contracts import events
from contracts.errors import Conflict, Forbidden, Invalid, NotFound
from services.scheduling import models
from services.scheduling.directory import people_by_id
from services.scheduling.domain import may_record_minutes


def record_minutes(tx, conference_id: str, minutes: dict, actor: dict, now: datetime) -> dict:
    c = models.conferences
    session = tx.session
    conference = session.execute(select(c).where(c.c.id == conference_id).with_for_update()).first()
    if conference is None:
        raise NotFound("CONFERENCE_NOT_FOUND", f"there is no conference {conference_id}")
    if not may_record_minutes(actor, conference.chair_id):
        raise Forbidden("NOT_THE_CHAIR", "only this conference's chair or a coordinator may")
    if conference.minutes_recorded_at is not None:
        raise Conflict("MINUTES_ALREADY_RECORDED", "this conference's minutes are recorded")
    _check_references(session, conference_id, minutes)

    for item in minutes["items"]:
        session.execute(
            insert(models.minutes_items).values(
                conference_id=conference_id,
                case_id=item["case_id"],
                discussion=item["discussion"],
                recommendations=item["recommendations"],
            )
        )
        for action in item["actions"]:
            session.execute(
                insert(models.actions).values(
                    conference_id=conference_id, case_id=item["case_id"], status="open", **action
                )
            )
    if minutes["attendance"]:
        session.execute(
            insert(models.attendance),
            [{"conference_id": conference_id, **row} for row in minutes["attendance"]],
        )
    session.execute(
        update(c).where(c.c.id == conference_id).values(minutes_recorded_at=now, status="held")
    )
    chair = people_by_id(session, [conference.chair_id]).get(conference.chair_id) or actor
    tx.emit(
        events.MINUTES_RECORDED,
        {
            "conference_id": conference_id,
            "chair": {k: chair[k] for k in ("id", "name", "email")},
            "recorded_at": now.isoformat(),
            "items": [{"case_id": item["case_id"]} for item in minutes["items"]],
        },
    )
    return {"conference_id": conference_id, "recorded_at": now.isoformat()}


def free_text(minutes: dict) -> dict:
    """Every field a chair writes in, named as in the request (`items.0.discussion`)."""
    fields = {}
    for i, item in enumerate(minutes["items"]):
        fields[f"items.{i}.discussion"] = item["discussion"]
        fields[f"items.{i}.recommendations"] = item["recommendations"]
        for j, action in enumerate(item["actions"]):
            fields[f"items.{i}.actions.{j}.description"] = action["description"]
    return fields


def _check_references(session, conference_id: str, minutes: dict) -> None:
    """Every case must be on this agenda, and every person must exist."""
    on_agenda = {
        row.case_id
        for row in session.execute(
            select(models.agenda_items.c.case_id).where(
                models.agenda_items.c.conference_id == conference_id
            )
        )
    }
    people = [action["owner_id"] for item in minutes["items"] for action in item["actions"]] + [
        row["clinician_id"] for row in minutes["attendance"]
    ]
    known = set(people_by_id(session, people))
    problems: dict = {}
    for i, item in enumerate(minutes["items"]):
        if item["case_id"] not in on_agenda:
            problems[f"items.{i}.case_id"] = ["this case is not on this conference's agenda"]
        for j, action in enumerate(item["actions"]):
            if action["owner_id"] not in known:
                problems[f"items.{i}.actions.{j}.owner_id"] = ["no clinician has this id"]
    for i, row in enumerate(minutes["attendance"]):
        if row["clinician_id"] not in known:
            problems[f"attendance.{i}.clinician_id"] = ["no clinician has this id"]
    if len({item["case_id"] for item in minutes["items"]}) != len(minutes["items"]):
        problems["items"] = ["a case appears more than once"]
    if problems:
        raise Invalid("INVALID_MINUTES", "some references in the minutes are wrong", problems)
