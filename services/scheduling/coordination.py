"""The scheduling service's coordinator and chair commands: series, meeting changes, agendas."""

from __future__ import annotations

from contracts import api, policy
from contracts.errors import Conflict, Forbidden, Invalid, NotFound
from mskpeer.platform.entrypoints import rpc
from mskpeer.platform.settings import parse_duration
from mskpeer.platform.timers import timer
from mskpeer.platform.validation import load
from services.scheduling import agenda, conference_changes, domain, models


class Coordination:
    """Mixed into SchedulingService: needs `self.db`, `self.clock` and `self.config`."""

    @rpc(expected_exceptions=(Invalid, Forbidden))
    def create_series(self, payload, actor):
        policy.require(actor, policy.PLAN_CONFERENCES)
        details = load(api.SeriesIn(), payload)
        problem = domain.first_date_problem(details["weekday"], details["first_date"])
        if problem:
            raise Invalid("INVALID_INPUT", problem, {"first_date": [problem]})
        with self.db.command() as tx:
            if not tx.done_before:
                tx.result = conference_changes.create_series(tx.session, details)
        return tx.result

    @rpc
    def list_series(self):
        with self.db.transaction() as tx:
            items = conference_changes.list_series(tx.session)
        return {"items": items, "total": len(items)}

    @rpc(expected_exceptions=(Invalid, NotFound, Conflict, Forbidden))
    def cancel_conference(self, conference_id, payload, actor):
        policy.require(actor, policy.PLAN_CONFERENCES)
        details = load(api.CancelIn(), payload)
        with self.db.command() as tx:
            if not tx.done_before:
                tx.result = conference_changes.cancel(
                    tx, conference_id, details["reason"], self.clock()
                )
        return tx.result

    @rpc(expected_exceptions=(Invalid, NotFound, Conflict, Forbidden))
    def move_conference(self, conference_id, payload, actor):
        policy.require(actor, policy.PLAN_CONFERENCES)
        details = load(api.MoveIn(), payload)
        with self.db.command() as tx:
            if not tx.done_before:
                tx.result = conference_changes.move(
                    tx, conference_id, details["starts_at"], details["location"], self.clock()
                )
        return tx.result

    @rpc(expected_exceptions=(Invalid, NotFound, Forbidden))
    def reorder_agenda(self, conference_id, payload, actor):
        """The chair sets the order in which the cases are discussed."""
        details = load(api.AgendaOrderIn(), payload)
        with self.db.transaction() as tx:
            self._chaired(tx, conference_id, actor)
            agenda.reorder(tx.session, conference_id, details["case_ids"])
        return {"conference_id": conference_id, "case_ids": details["case_ids"]}

    @rpc(expected_exceptions=(Invalid, NotFound, Forbidden, Conflict))
    def move_agenda_item(self, conference_id, case_id, payload, actor):
        """The chair moves a case to another conference with room (case.rescheduled)."""
        details = load(api.AgendaMoveIn(), payload)
        with self.db.transaction() as tx:
            self._chaired(tx, conference_id, actor)
            agenda.move_item(tx, conference_id, case_id, details["conference_id"], self.clock())
        return {"case_id": case_id, "conference_id": details["conference_id"]}

    def _chaired(self, tx, conference_id, actor) -> None:
        c = models.conferences
        row = tx.session.execute(c.select().where(c.c.id == conference_id)).first()
        if row is None:
            raise NotFound("CONFERENCE_NOT_FOUND", f"there is no conference {conference_id}")
        if not policy.may_arrange_agenda(actor, row.chair_id):
            raise Forbidden("NOT_THE_CHAIR", "only this conference's chair or a coordinator may")

    @timer(interval=60, eager=True)
    def publish_agendas(self):
        """Send each conference's agenda to its panel, AGENDA_PUBLISH_BEFORE its start."""
        before = parse_duration(self.config.get("AGENDA_PUBLISH_BEFORE", "48h"))
        with self.db.transaction() as tx:
            conference_changes.publish_due_agendas(tx, self.clock(), before)
