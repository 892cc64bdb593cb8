"""Scheduling's copy of the staff list: who works where, in which band and service.

The staff service owns people; this copy is kept from staff.joined, staff.changed
and staff.left, and holds what panels and rotas need besides (who may chair, how
many conferences a fortnight).
"""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from services.scheduling import models
from services.scheduling.domain import CHAIR_BANDS


def person_out(row) -> dict:
    """A person with their site's name (a row of _people_query)."""
    return {
        "id": row.id,
        "name": row.name,
        "email": row.email,
        "band": row.band,
        "service": row.service,
        "site": row.site_name,
        "roles": list(row.roles),
    }


def addressee(person: dict) -> dict:
    """Enough to email someone (an event's person): nothing about their work."""
    return {k: person[k] for k in ("id", "name", "email")}


def _people_query():
    c, s = models.clinicians, models.sites
    return select(c, s.c.name.label("site_name")).join(s, s.c.id == c.c.site_id)


def people_by_id(session, ids) -> dict[str, dict]:
    rows = session.execute(_people_query().where(models.clinicians.c.id.in_(list(ids)))).all()
    return {row.id: person_out(row) for row in rows}


def keep(session, staff: dict) -> bool:
    """Store or update this person from a staff event. True when they were new here."""
    c = models.clinicians
    if None in (staff["band"], staff["service"], staff["site_id"]):
        # Someone on no panel (an admin without a band or site): nothing to plan for.
        session.execute(update(c).where(c.c.id == staff["staff_id"]).values(active=False))
        return False
    _keep_site(session, staff["site_id"], staff["site"])
    values = {k: staff[k] for k in ("name", "email", "band", "service", "site_id", "roles")}
    values["active"] = staff["active"]
    # A band 7-8 may chair; a chair's role says so at any band. Kept in step with each
    # change, so a promotion or a new chair role counts from the next rota.
    values["can_chair"] = staff["band"] in CHAIR_BANDS or "chair" in staff["roles"]
    known = session.execute(select(c.c.id).where(c.c.id == staff["staff_id"])).first()
    if known:
        session.execute(update(c).where(c.c.id == staff["staff_id"]).values(**values))
        return False
    session.execute(insert(c).values(id=staff["staff_id"], expertise=[], **values))
    return True


def _keep_site(session, site_id: str, name: str) -> None:
    s = models.sites
    if session.execute(select(s.c.id).where(s.c.id == site_id)).first() is not None:
        session.execute(update(s).where(s.c.id == site_id).values(name=name))
        return
    try:  # a burst of joiners from one new site: the first one's insert wins
        with session.begin_nested():
            session.execute(insert(s).values(id=site_id, name=name))
    except IntegrityError:
        pass
