"""Who was at a meeting: its panel, its invited experts and the colleagues who presented.

Attendance is CPD evidence: an HCPC registrant counts the hours of a case
conference they took part in, and presenting a case is taking part. So a
presenter the chair did not mark is recorded as present (they presented), and
each person is present, sent apologies, or did not attend.
"""

from __future__ import annotations

from sqlalchemy import insert, select

from services.scheduling import models
from services.scheduling.directory import people_by_id

PRESENT, APOLOGIES, ABSENT = "present", "apologies", "absent"


def with_presenters(attendance: list[dict], presenter_ids: list[str]) -> list[dict]:
    """The chair's attendance, plus every presenter they did not mark, as present."""
    marked = {row["clinician_id"] for row in attendance}
    unmarked = [p for p in dict.fromkeys(presenter_ids) if p not in marked]
    return [*attendance, *({"clinician_id": p, "status": PRESENT} for p in unmarked)]


def presenters_of(session, conference_id: str, case_ids: list[str]) -> dict[str, str]:
    """The presenter of each of these cases on the conference's agenda, by case id."""
    a = models.agenda_items
    rows = session.execute(
        select(a.c.case_id, a.c.presenter).where(
            a.c.conference_id == conference_id, a.c.case_id.in_(case_ids)
        )
    )
    return {row.case_id: row.presenter["id"] for row in rows}


def record(session, conference_id: str, attendance: list[dict]) -> list[dict]:
    """Keep who came; returns the rows as minutes.recorded tells them (for CPD and evidence)."""
    people = people_by_id(session, [row["clinician_id"] for row in attendance])
    known = [row for row in attendance if row["clinician_id"] in people]
    if known:
        session.execute(
            insert(models.attendance),
            [{"conference_id": conference_id, **row} for row in known],
        )
    return [
        {
            "clinician_id": row["clinician_id"],
            **{k: people[row["clinician_id"]][k] for k in ("band", "service", "site")},
            "status": row["status"],
        }
        for row in known
    ]


def duplicates(attendance: list[dict]) -> dict[str, list[str]]:
    """Problems by field: a person marked twice would count twice in their CPD."""
    seen: set[str] = set()
    problems = {}
    for i, row in enumerate(attendance):
        if row["clinician_id"] in seen:
            problems[f"attendance.{i}.clinician_id"] = ["this person is listed twice"]
        seen.add(row["clinician_id"])
    return problems
