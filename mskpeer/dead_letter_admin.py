"""The dead-letter store seen from the command line, straight from each service's database.

Replay from here only marks a dead letter; the running service picks it up
within a second (its relay timer) and runs it through the handler's code.
"""

from __future__ import annotations

import importlib

from sqlalchemy.orm import Session

from mskpeer.platform.dead_letters import list_parked
from mskpeer.platform.dead_letters import request_replay as _request
from mskpeer.platform.engine import make_engine
from mskpeer.platform.settings import SERVICES, database_url


def _table(service: str):
    return importlib.import_module(f"services.{service}.models").messaging["dead_letters"]


def _session(service: str) -> Session:
    return Session(make_engine(database_url(service), green=False))


def list_all(status=None) -> dict:
    items = []
    for service in SERVICES:
        with _session(service) as session:
            found, _ = list_parked(session, _table(service), service, status, 0, 10_000)
            items += found
    return {"items": items, "total": len(items)}


def request_replay(service: str, dead_letter_id: int) -> bool:
    with _session(service) as session, session.begin():
        return _request(session, _table(service), dead_letter_id)
