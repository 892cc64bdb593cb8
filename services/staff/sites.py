"""Sites and services: where staff work and in which service. Data an admin manages."""

from __future__ import annotations

import uuid

from sqlalchemy import func, insert, select

from contracts.errors import Conflict
from services.staff import models


def list_sites(session) -> list[dict]:
    rows = session.execute(select(models.sites).order_by(models.sites.c.name)).all()
    return [{"id": row.id, "name": row.name} for row in rows]


def add_site(session, name: str) -> dict:
    name = " ".join(name.split())
    clash = select(models.sites.c.id).where(func.lower(models.sites.c.name) == name.lower())
    if session.execute(clash).first():
        raise Conflict("SITE_EXISTS", f"there is already a site called {name}")
    site = {"id": str(uuid.uuid4()), "name": name}
    session.execute(insert(models.sites).values(**site))
    return site


def list_services(session) -> list[dict]:
    rows = session.execute(select(models.services).order_by(models.services.c.name)).all()
    return [{"code": row.code, "name": row.name} for row in rows]


def add_service(session, code: str, name: str) -> dict:
    name = " ".join(name.split())
    s = models.services
    clash = select(s.c.code).where((s.c.code == code) | (func.lower(s.c.name) == name.lower()))
    if session.execute(clash).first():
        raise Conflict("SERVICE_EXISTS", f"there is already a service {code} or called {name}")
    session.execute(insert(s).values(code=code, name=name))
    return {"code": code, "name": name}
