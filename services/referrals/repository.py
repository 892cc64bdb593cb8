"""Referral rows in and out: sealing identity on the way in, opening it only when asked."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import case, func, insert, or_, select, update

from mskpeer.platform.clock import aware
from services.referrals import models
from services.referrals.domain import NEXT_STEP, SELF_HELP_PAGES, person_key, self_help_path
from services.referrals.sealing import Keyring

T = models.referrals
# The problem's answers kept as plain columns (pseudonymous); the rest is in the sealed story.
PROBLEM = (
    "body_area",
    "duration_weeks",
    "pain_score",
    "night_pain",
    "affects_work",
    "affects_sleep",
)
STORY = ("worse_with", "better_with", "tried", "interpreter_language", "access_needs")
IDENTITY = ("name", "date_of_birth", "nhs_number", "address", "postcode", "phone", "email")


def add(session, keyring: Keyring, row: dict, identity: dict, story: dict) -> None:
    sealed = {
        f"sealed_{field}": keyring.seal(identity[field], row["id"], field) for field in IDENTITY
    }
    sealed["sealed_story"] = keyring.seal(json.dumps(story), row["id"], "story")
    session.execute(insert(T).values(**row, **sealed))


def get(session, referral_id: str, for_update: bool = False):
    query = select(T).where(T.c.id == referral_id)
    return session.execute(query.with_for_update() if for_update else query).first()


def get_many(session, referral_ids) -> dict:
    """The rows of these referrals, by id, in one query."""
    return {row.id: row for row in session.execute(select(T).where(T.c.id.in_(referral_ids)))}


def by_reference(session, reference: str):
    return session.execute(select(T).where(T.c.reference == reference.strip().upper())).first()


def earlier(
    session, keyring: Keyring, nhs_number: str | None, person: str, body_area: str, since: datetime
):
    """The latest earlier referral of the same person for the same area since `since`."""
    same_person = [T.c.person_match.in_(keyring.matches(person))]
    if nhs_number:
        same_person.append(T.c.nhs_match.in_(keyring.matches(nhs_number)))
    return session.execute(
        select(T.c.id)
        .where(or_(*same_person), T.c.body_area == body_area, T.c.received_at >= since)
        .order_by(T.c.received_at.desc())
        .limit(1)
    ).scalar()


def identity_of(keyring: Keyring, row) -> dict:
    """The person's details, opened; empty once purged."""
    if row.purged_at is not None:
        return {}
    found = {f: keyring.open(getattr(row, f"sealed_{f}"), row.id, f) for f in IDENTITY}
    found.update(json.loads(keyring.open(row.sealed_story, row.id, "story")))
    found["triage_note"] = keyring.open(row.sealed_triage_note, row.id, "triage_note")
    return found


def opened(keyring: Keyring, row, field: str) -> str | None:
    """One sealed field, opened (None once purged)."""
    return keyring.open(getattr(row, f"sealed_{field}"), row.id, field)


def problem_of(row) -> dict:
    names = (*PROBLEM, "gp_practice", "age_band", "sex", "may_leave_message")
    return {name: getattr(row, name) for name in names}


def as_dict(row) -> dict:
    """The pseudonymous view of a referral: what lists and reports show."""
    times = ("received_at", "triaged_at", "purged_at")
    plain = (
        "id",
        "reference",
        "status",
        "channel",
        "taken_by",
        "priority",
        "destination",
        "site",
        "self_help_page",
        "start_msk_group",
        "start_msk_score",
        "msk_hq_score",
        "triaged_by",
        "case_id",
        "repeat_of",
        "rules_version",
        "red_flag_answers",
        "eligibility_answers",
    )
    out = {name: getattr(row, name) for name in plain}
    out.update(
        {n: (aware(getattr(row, n)).isoformat() if getattr(row, n) else None) for n in times}
    )
    out["problem"] = problem_of(row)
    return out


def update_row(session, referral_id: str, **values) -> None:
    session.execute(update(T).where(T.c.id == referral_id).values(**values))


def person_key_of(identity: dict) -> str:
    return person_key(identity["name"], identity["date_of_birth"], identity["postcode"])


def queue(session, wanted: dict, offset: int, limit: int):
    """Waiting for triage first, then urgent, soon and routine; oldest first within each.

    Work still to do never sits behind work done: with every status shown, a
    referral nobody has triaged yet comes before the triaged ones, however old.
    `wanted` narrows by status, site and destination (the service sent to).
    """
    where = [getattr(T.c, name) == value for name, value in wanted.items() if value]
    order = case({"urgent": 1, "soon": 2, "routine": 3}, value=T.c.priority, else_=0)
    total = session.execute(select(func.count()).select_from(T).where(*where)).scalar_one()
    rows = session.execute(
        select(T).where(*where).order_by(order, T.c.received_at).offset(offset).limit(limit)
    ).all()
    return rows, total


def same_person(session, keyring: Keyring, identity: dict, referral_id: str) -> list[dict]:
    """The person's other referrals, newest first, found by keyed hash (never plain text)."""
    if not identity:  # purged: nothing left to match on
        return []
    same = [T.c.person_match.in_(keyring.matches(person_key_of(identity)))]
    if identity.get("nhs_number"):
        same.append(T.c.nhs_match.in_(keyring.matches(identity["nhs_number"])))
    rows = session.execute(
        select(T).where(or_(*same), T.c.id != referral_id).order_by(T.c.received_at.desc())
    ).all()
    return [as_dict(row) for row in rows]


def status_of(row, current: dict) -> dict:
    """What the person sees on the status page: nothing about who they are."""
    site = next((s for s in current["sites"] if s["code"] == row.site), None)
    return {
        "reference": row.reference,
        "status": row.status,
        "received_at": aware(row.received_at).isoformat(),
        "destination": row.destination,
        "next_step": NEXT_STEP.get(row.destination),  # where they must act themselves
        "site": site and site["name"],
        "typical_wait_weeks": site and site["typical_wait_weeks"],
        "self_help_page": self_help_path(row.self_help_page or SELF_HELP_PAGES[row.body_area]),
    }
