"""Recording what a conference discussed, recommended and agreed to do."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update

from contracts import events, policy
from contracts.errors import Conflict, Forbidden, Invalid, NotFound
from mskpeer.platform.clock import aware
from services.scheduling import actions, agenda, attendance, models
from services.scheduling.directory import addressee, people_by_id
from services.scheduling.domain import meeting_started


def _open_for_minutes(session, conference_id: str, actor: dict):
    """The conference, locked, if the actor may still write its minutes."""
    c = models.conferences
    conference = session.execute(select(c).where(c.c.id == conference_id).with_for_update()).first()
    if conference is None:
        raise NotFound("CONFERENCE_NOT_FOUND", f"there is no conference {conference_id}")
    if not policy.may_record_minutes(actor, conference.chair_id):
        raise Forbidden("NOT_THE_CHAIR", "only this conference's chair or a coordinator may")
    if conference.minutes_recorded_at is not None:
        raise Conflict("MINUTES_ALREADY_RECORDED", "this conference's minutes are recorded")
    return conference


def save_draft(tx, conference_id: str, draft: dict, actor: dict, now: datetime) -> dict:
    """Keep what the chair has typed so far; nothing is sent until they publish."""
    _open_for_minutes(tx.session, conference_id, actor)
    c = models.conferences
    tx.session.execute(
        update(c)
        .where(c.c.id == conference_id)
        .values(minutes_draft=_as_json(draft), minutes_draft_saved_at=now)
    )
    return {"conference_id": conference_id, "status": "draft", "saved_at": now.isoformat()}


def _as_json(draft: dict) -> dict:
    for item in draft["items"]:
        for action in item["actions"]:
            if action["due_date"] is not None:
                action["due_date"] = action["due_date"].isoformat()
    return draft


def record_minutes(tx, conference_id: str, minutes: dict, actor: dict, now: datetime) -> dict:
    """Publish the minutes: every case is discussed and every action assigned to its owner."""
    c = models.conferences
    session = tx.session
    conference = _open_for_minutes(session, conference_id, actor)
    _check_references(session, conference_id, minutes)
    if not meeting_started(aware(conference.starts_at), now):
        # Minutes published before the meeting would date its actions and start
        # the outcome follow-up for a discussion that has not happened.
        raise Conflict(
            "MEETING_NOT_STARTED",
            "minutes can be published from the start of the meeting; "
            "keep them as a draft until then",
        )
    titles = _titles(session, conference_id)

    for item in minutes["items"]:
        session.execute(
            insert(models.minutes_items).values(
                conference_id=conference_id,
                case_id=item["case_id"],
                discussion=item["discussion"],
                recommendations=item["recommendations"],
                agreed_plan=item["agreed_plan"],
                not_reached=item["not_reached"],
            )
        )
        for action in item["actions"]:
            assigned = session.execute(
                insert(models.actions).values(
                    conference_id=conference_id,
                    case_id=item["case_id"],
                    status="open",
                    assigned_at=now,
                    **action,
                )
            )
            action_id = assigned.inserted_primary_key[0]
            tx.emit(
                events.ACTION_ASSIGNED,
                actions.announcement(
                    session, action_id, conference_id, item["case_id"], titles, action, now
                ),
            )
    presenters = attendance.presenters_of(
        session, conference_id, [item["case_id"] for item in minutes["items"]]
    )
    came = attendance.record(
        session,
        conference_id,
        attendance.with_presenters(minutes["attendance"], list(presenters.values())),
    )
    session.execute(
        update(c)
        .where(c.c.id == conference_id)
        .values(
            minutes_recorded_at=now,
            minutes_recorded_by=actor["id"],
            status="held",
            minutes_draft=None,
        )
    )
    people = people_by_id(session, [conference.chair_id, actor["id"]])
    chair = people.get(conference.chair_id) or actor
    tx.emit(
        events.MINUTES_RECORDED,
        {
            "conference_id": conference_id,
            "chair": addressee(chair),
            "recorded_at": now.isoformat(),
            # Only what was discussed: a case not reached is discussed at its next conference.
            "items": [{"case_id": i["case_id"]} for i in minutes["items"] if not i["not_reached"]],
            # For CPD records (hours) and the evidence (attendance by band, service, site).
            "starts_at": aware(conference.starts_at).isoformat(),
            "ends_at": aware(conference.ends_at).isoformat(),
            "attendance": came,
            # Whoever pressed publish: the audit names them, not the chair they acted for.
            "recorded_by": addressee(people.get(actor["id"]) or actor),
        },
    )
    carried = [item["case_id"] for item in minutes["items"] if item["not_reached"]]
    if carried:
        agenda.carry_forward(tx, conference_id, carried, now)
    return {"conference_id": conference_id, "recorded_at": now.isoformat()}


def free_text(minutes: dict) -> dict:
    """Every field a chair writes in, named as in the request (`items.0.discussion`)."""
    fields = {}
    for i, item in enumerate(minutes["items"]):
        fields[f"items.{i}.discussion"] = item["discussion"]
        fields[f"items.{i}.recommendations"] = item["recommendations"]
        fields[f"items.{i}.agreed_plan"] = item.get("agreed_plan", "")
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
    problems.update(attendance.duplicates(minutes["attendance"]))
    if problems:
        raise Invalid("INVALID_MINUTES", "some references in the minutes are wrong", problems)


def _titles(session, conference_id: str) -> dict[str, str]:
    """The titles of the conference's cases, those carried forward to another included."""
    a, m = models.agenda_items, models.minutes_items
    minuted = select(m.c.case_id).where(m.c.conference_id == conference_id)
    rows = session.execute(
        select(a.c.case_id, a.c.title).where(
            (a.c.conference_id == conference_id) | a.c.case_id.in_(minuted)
        )
    )
    return {row.case_id: row.title for row in rows}


def read_minutes(tx, conference_id: str, reader: dict, now: datetime) -> dict | None:
    """The minutes for those who may read them (None for others); every read is audited.

    The chair (and leads) also see a draft in progress; everyone else only
    what was published.
    """
    session = tx.session
    c, a, items = models.conferences, models.attendees, models.agenda_items
    conference = session.execute(select(c).where(c.c.id == conference_id)).first()
    if conference is None:
        raise NotFound("CONFERENCE_NOT_FOUND", f"there is no conference {conference_id}")
    panel = set(
        session.execute(
            select(a.c.clinician_id).where(a.c.conference_id == conference_id)
        ).scalars()
    )
    presenters = {
        presenter["id"]
        for presenter in session.execute(
            select(items.c.presenter).where(items.c.conference_id == conference_id)
        ).scalars()
    }
    allowed = policy.may_read_minutes(reader, panel, presenters)
    tx.emit(
        events.MINUTES_READ,
        {
            "conference_id": conference_id,
            "reader_id": reader["id"],
            "allowed": allowed,
            "read_at": now.isoformat(),
        },
    )
    if not allowed:
        return None
    if conference.minutes_recorded_at is None:
        if conference.minutes_draft is None or not policy.may_record_minutes(
            reader, conference.chair_id
        ):
            raise NotFound(
                "MINUTES_NOT_RECORDED", "this conference's minutes are not published yet"
            )
        return {
            "conference_id": conference_id,
            "status": "draft",
            "saved_at": conference.minutes_draft_saved_at.isoformat(),
            **conference.minutes_draft,
        }
    return _published(session, conference, _titles(session, conference_id))


def _published(session, conference, titles: dict[str, str]) -> dict:
    m, att = models.minutes_items, models.attendance
    agreed = actions.for_conference(session, conference.id)
    rows = session.execute(select(m).where(m.c.conference_id == conference.id)).all()
    # In the agenda's order, as the meeting took them.
    order = {item.case_id: i for i, item in enumerate(agenda.in_order(session, conference.id))}
    rows = sorted(rows, key=lambda row: (order.get(row.case_id, len(order)), row.case_id))
    present = session.execute(select(att).where(att.c.conference_id == conference.id)).all()
    recorder = conference.minutes_recorded_by
    by = people_by_id(session, [recorder]).get(recorder) if recorder else None
    return {
        "conference_id": conference.id,
        "status": "published",
        "saved_at": conference.minutes_recorded_at.isoformat(),
        # None for minutes published before the recorder was kept.
        "recorded_by": {"id": by["id"], "name": by["name"]} if by else None,
        "on_behalf_of_chair": bool(by and by["id"] != conference.chair_id),
        "items": [
            {
                "case_id": row.case_id,
                "title": titles.get(row.case_id, ""),
                "discussion": row.discussion,
                "recommendations": row.recommendations,
                "agreed_plan": row.agreed_plan,
                "not_reached": row.not_reached,
                "actions": [x for x in agreed if x["case_id"] == row.case_id],
            }
            for row in rows
        ],
        "attendance": [{"clinician_id": p.clinician_id, "status": p.status} for p in present],
    }
