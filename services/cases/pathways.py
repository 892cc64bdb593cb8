"""The local urgent pathways a red flag is escalated through, and whom to contact on each.

A presenter who finds a red flag reads these on the case form; a wrong phone number
there could delay an emergency, so the leads who know the local services keep them,
and every change is in the audit log with who made it and when.
"""

from __future__ import annotations

from sqlalchemy import select, update

from contracts import api, policy
from contracts.errors import Forbidden, Invalid, NotFound
from mskpeer.platform.entrypoints import rpc
from mskpeer.platform.validation import load
from services.cases import audit, models


class UrgentPathways:
    """Mixed into CasesService: needs `self.db` and `self.clock`."""

    @rpc
    def list_urgent_pathways(self):
        """The local urgent pathways for red flags, with whom to contact, in the service's order."""
        with self.db.transaction() as tx:
            items = _listed(tx.session)
        return {"items": items, "total": len(items)}

    @rpc(expected_exceptions=(Invalid, NotFound, Forbidden))
    def set_urgent_pathway(self, code, payload, actor):
        """A lead renames a pathway or changes whom to contact on it."""
        policy.require(actor, policy.SET_URGENT_PATHWAYS)
        changes = load(api.UrgentPathwayIn(), payload)
        table = models.urgent_pathways
        with self.db.transaction() as tx:
            changed = tx.session.execute(
                update(table).where(table.c.code == code).values(**changes)
            ).rowcount
            if not changed:
                raise NotFound("PATHWAY_NOT_FOUND", f"there is no urgent pathway {code}")
            audit.record(tx, actor["id"], "edit", f"urgent_pathway:{code}", self.clock())
            return next(p for p in _listed(tx.session) if p["code"] == code)


def _listed(session) -> list[dict]:
    table = models.urgent_pathways
    rows = session.execute(select(table).order_by(table.c.position)).all()
    return [{"code": r.code, "name": r.name, "contact": r.contact} for r in rows]
