"""People on the staff list: who works where, in which band and service, with which roles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from contracts.api.staff import ROLES
from contracts.errors import Invalid
from services.staff import models


def query():
    p, s = models.people, models.sites
    return select(p, s.c.name.label("site_name")).outerjoin(s, s.c.id == p.c.site_id)


def person_out(row) -> dict:
    return {
        "id": row.id,
        "name": row.name,
        "email": row.email,
        "band": row.band,
        "service": row.service,
        "site": row.site_name,
        "roles": list(row.roles),
    }


def staff_out(row) -> dict:
    """A person as coordinators and admins see them on the staff list."""
    return {**person_out(row), "active": row.active, "invited": row.password_hash is None}


def listing(session, wanted: dict) -> tuple[list[dict], int]:
    """The staff list, filtered and searched, by name: a service has hundreds, not millions."""
    rows = session.execute(query().order_by(models.people.c.name)).all()
    words = (wanted.get("q") or "").lower().split()
    found = [
        staff_out(row)
        for row in rows
        if all(w in f"{row.name} {row.email}".lower() for w in words) and _matches(row, wanted)
    ]
    start = (wanted["page"] - 1) * wanted["page_size"]
    return found[start : start + wanted["page_size"]], len(found)


def _matches(row, query: dict) -> bool:
    if query.get("site") and (row.site_name or "").lower() != query["site"].lower():
        return False
    if query.get("service") and row.service != query["service"]:
        return False
    if query.get("band") and row.band != query["band"]:
        return False
    if query.get("role") and query["role"] not in row.roles:
        return False
    if query.get("status"):
        return row.active == (query["status"] == "active")
    return True


def people_by_id(session, ids) -> dict[str, dict]:
    rows = session.execute(query().where(models.people.c.id.in_(list(ids)))).all()
    return {row.id: person_out(row) for row in rows}


def event_data(row, now: datetime, expertise=None) -> dict:
    """The data of staff.joined / staff.changed / staff.left for a stored person."""
    data = {
        "staff_id": row.id,
        "name": row.name,
        "email": row.email,
        "band": row.band,
        "service": row.service,
        "site_id": row.site_id,
        "site": row.site_name,
        "roles": list(row.roles),
        "active": row.active,
        # A sign-in issued under another version is refused (gateway/sign_ins.py).
        "session_version": row.session_version,
        "at": now.isoformat(),
    }
    if expertise is not None:
        data["expertise"] = expertise
    return data


def places(session) -> tuple[dict[str, str], set[str]]:
    """Site ids by lower-cased name, and the service codes: what a person may be given."""
    site_ids = {r.name.lower(): r.id for r in session.execute(select(models.sites)).all()}
    codes = set(session.execute(select(models.services.c.code)).scalars())
    return site_ids, codes


def checked(session, details: dict) -> dict:
    """The columns for one person's details; a 422 naming an unknown site or service."""
    values, wrong = placed(details, *places(session))
    if wrong:
        raise Invalid("INVALID_INPUT", "some fields are missing or wrong", wrong)
    return values


def placed(details: dict, site_ids: dict[str, str], codes: set[str]) -> tuple[dict, dict]:
    """The columns for `details` (site by name -> site_id), and what is wrong, by field."""
    values, wrong = {k: v for k, v in details.items() if k != "site"}, {}
    if "site" in details:
        site_id = site_ids.get(" ".join(details["site"].split()).lower())
        if site_id is None:
            wrong["site"] = [f"there is no site called {details['site']}"]
        values["site_id"] = site_id
    if "service" in details and details["service"] not in codes:
        wrong["service"] = [f"there is no service {details['service']}"]
    if "email" in details:
        values["email"] = details["email"].strip().lower()
    if "roles" in details:
        values["roles"] = sorted(set(details["roles"]), key=ROLES.index)
    return values, wrong
