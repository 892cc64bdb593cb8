"""The one-off move of people from scheduling to the staff service (`mskpeer migrate`).

Scheduling once held people, their passwords and roles, and the lists of sites and
services. The staff service owns them now. On a database upgraded in place, the
move copies everything across before scheduling's migration 0014 drops its copy
of passwords and services, and records that it did in scheduling's staff_handover;
0014 refuses to run until that record exists.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import MetaData, Table, func, insert, inspect, select, text
from sqlalchemy.orm import Session

from mskpeer.platform.engine import make_engine
from services.staff import models as staff

log = logging.getLogger("mskpeer")

# Scheduling's revision that adds staff_handover and still holds the passwords.
BEFORE_DROP = "0013_staff_handover"
PEOPLE = (
    "id",
    "name",
    "email",
    "band",
    "service",
    "site_id",
    "roles",
    "active",
    "password_hash",
    "wrong_passwords",
    "locked_until",
)


class HandoverRefused(RuntimeError):
    pass


def hand_over(scheduling_url: str, staff_url: str, now: datetime) -> int | None:
    """Copy scheduling's people to an empty staff database. The number moved, or None
    when there was nothing to move (a new installation, or moved before)."""
    source = make_engine(scheduling_url, green=False)
    target = make_engine(staff_url, green=False)
    try:
        if "password_hash" not in {c["name"] for c in inspect(source).get_columns("clinicians")}:
            return None  # scheduling is past the move
        with source.connect() as old, Session(target) as new, new.begin():
            if old.execute(text("SELECT count(*) FROM staff_handover")).scalar_one():
                return None
            people = _rows(old, "clinicians", PEOPLE)
            if not people:
                return None
            if new.execute(select(func.count()).select_from(staff.people)).scalar_one():
                _check_already_there(new, people)
            else:
                _copy(old, new, people, now)
        with source.begin() as old:
            old.execute(
                text("INSERT INTO staff_handover (id, people, handed_over_at) VALUES (1, :n, :at)"),
                {"n": len(people), "at": now},
            )
        log.info("handed %d people over from scheduling to staff", len(people))
        return len(people)
    finally:
        source.dispose()
        target.dispose()


def _copy(old, new, people: list[dict], now: datetime) -> None:
    sites = _rows(old, "sites", ("id", "name"))
    services = _rows(old, "services", ("code", "name"))
    known = set(new.execute(select(staff.services.c.code)).scalars())
    new_services = [s for s in services if s["code"] not in known]
    if new_services:
        new.execute(insert(staff.services), new_services)
    if sites:
        new.execute(insert(staff.sites), sites)
    new.execute(insert(staff.people), [{**person, "joined_at": now} for person in people])
    new.execute(
        insert(staff.audit),
        [
            {"actor_id": None, "person_id": p["id"], "action": "handed_over", "at": now}
            for p in people
        ],
    )


def _check_already_there(new, people: list[dict]) -> None:
    """A move that copied but stopped before recording it: everyone must be in staff."""
    there = set(new.execute(select(staff.people.c.id)).scalars())
    missing = [p["email"] for p in people if p["id"] not in there]
    if missing:
        raise HandoverRefused(
            f"the staff database already has people, but not {len(missing)} of scheduling's "
            f"(e.g. {missing[0]}): move them by hand before migrating scheduling further"
        )


def _rows(connection, name: str, columns) -> list[dict]:
    """Rows of an old table, read through its reflected types (JSON roles, timestamps)."""
    table = Table(name, MetaData(), autoload_with=connection)
    query = select(*(table.c[column] for column in columns))
    return [dict(row._mapping) for row in connection.execute(query)]
