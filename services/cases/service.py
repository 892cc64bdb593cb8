"""The cases service: submission, reading and the life of a case."""

from __future__ import annotations

from datetime import datetime

from contracts import api, events, policy
from contracts.errors import Conflict, Forbidden, Invalid, NotFound
from mskpeer.platform.clock import Clock
from mskpeer.platform.consumer import on_event
from mskpeer.platform.database import Database
from mskpeer.platform.entrypoints import ResilientRpcProxy as RpcProxy
from mskpeer.platform.entrypoints import rpc
from mskpeer.platform.service import ReliableService
from mskpeer.platform.validation import load
from services.cases import access, audit, card_repository, editing, models, seats
from services.cases.directory import Directory, announce_matches
from services.cases.domain import WITHDRAWN, WRITTEN, Case, Person
from services.cases.pathways import UrgentPathways
from services.cases.repository import CaseRepository

MATCHED_ON = {events.CASE_SUBMITTED: "submitted_at", events.CASE_REVISED: "revised_at"}


def case_out(case: Case) -> dict:
    times = ("created_at", "submitted_at", "revised_at", "discussed_at", "red_flags_escalated_at")
    return {
        "id": case.id,
        **{name: getattr(case, name) for name in WRITTEN},
        "status": case.status,
        "presenter_id": case.presenter.id,
        "conference_id": case.conference_id,
        **{name: at.isoformat() if (at := getattr(case, name)) else None for name in times},
        "red_flags": case.red_flags,
        "red_flags_escalated_by": case.red_flags_escalated_by,
    }


class CasesService(Directory, UrgentPathways, seats.SeatsCopy, ReliableService):
    name = "cases"

    db = Database(models.metadata, models.messaging)
    clock = Clock()
    scheduling = RpcProxy("scheduling")

    @rpc(expected_exceptions=Invalid)
    def submit_case(self, payload, presenter, idempotency_key=None):
        """Store a new case (or a draft), once per Idempotency-Key. Emits case.submitted."""
        details = editing.checked_submission(payload)
        key = f"{presenter['id']}:{idempotency_key}" if idempotency_key else None
        with self.db.command(idempotency_key=key) as tx:
            if tx.done_before:
                return tx.result
            start = Case.draft if details["draft"] else Case.submit
            case = start(details, Person(**_person(presenter)), now=self.clock())
            cases = CaseRepository(tx.session)
            cases.add(case)
            action = "draft" if details["draft"] else "submit"
            cases.audit(tx, presenter["id"], action, case.id, case.created_at)
            _emit_all(tx, case)
            tx.result = case_out(case)
        return tx.result

    @rpc(expected_exceptions=(NotFound, Forbidden, Conflict, Invalid))
    def submit_draft(self, case_id, actor):
        """Send a finished draft to peer support (its presenter). Emits case.submitted."""
        with self.db.command() as tx:
            if not tx.done_before:
                case = _case_for(tx, case_id, reader=actor)
                case.check_submittable_by(actor)
                details = editing.checked_draft(case)
                case.submit_draft(actor, now=self.clock(), red_flags=details["red_flags"])
                tx.result = _saved(tx, case, actor, "submit", self.clock())
        return tx.result

    @rpc(expected_exceptions=(NotFound, Forbidden, Conflict, Invalid))
    def edit_case(self, case_id, payload, actor):
        """Change what the presenter wrote, until the discussion. Emits case.revised."""
        changes = load(api.EditCase(), payload)
        with self.db.command() as tx:
            if not tx.done_before:
                case = _case_for(tx, case_id, reader=actor)
                case.check_editable_by(actor)
                details = editing.checked_revision(case, changes)
                case.revise(details, actor, now=self.clock())
                tx.result = _saved(tx, case, actor, "edit", self.clock())
        return tx.result

    @rpc(expected_exceptions=(NotFound, Forbidden))
    def get_case(self, case_id, reader):
        """A case's full content, for those who may read it; every read is audited."""
        return case_out(self._readable_case(case_id, reader))

    def _readable_case(self, case_id, reader, action="read") -> Case:
        """The case, with the read (or the refusal) in the audit log."""
        with self.db.reading() as tx:
            case = CaseRepository(tx.session).get(case_id)
            if case is None or not case.visible_to(reader["id"]):
                raise NotFound("CASE_NOT_FOUND", f"there is no case {case_id}")
            # Who attends which conference is cases' own copy (services/cases/seats.py).
            attended = seats.Attended(tx.session, reader["id"])
            allowed = access.may_read(case, reader, attended)
            if not attended.unknown:
                refused = "" if allowed else "_refused"
                audit.record(tx, reader["id"], action + refused, f"case:{case_id}", self.clock())
        if attended.unknown:  # a deployment still filling its copy: scheduling is asked
            allowed = access.may_read(case, reader, lambda: self._asked_attended(reader))
            with self.db.reading() as tx:
                refused = "" if allowed else "_refused"
                audit.record(tx, reader["id"], action + refused, f"case:{case_id}", self.clock())
        if not allowed:
            raise Forbidden(
                "NOT_YOUR_CONFERENCE",
                "only the presenter and the people at its case conference may read this case",
            )
        return case

    @rpc(expected_exceptions=(NotFound, Forbidden, Conflict))
    def withdraw_case(self, case_id, actor):
        """Take a case back before its discussion. Emits case.withdrawn."""
        with self.db.transaction() as tx:
            case = _case_for(tx, case_id, reader=actor)
            case.withdraw(actor, now=self.clock())
            cases = CaseRepository(tx.session)
            cases.save(case)
            cases.audit(tx, actor["id"], "withdraw", case_id, self.clock())
            _emit_all(tx, case)
        return case_out(case)

    @rpc
    def audit_trail(self, obj, offset=0, limit=50):
        """Every read and change of a case, card or minutes (`case:<id>`...), oldest first."""
        with self.db.transaction() as tx:
            items, total = audit.trail(tx.session, obj, offset, limit)
        return {"items": items, "total": total}

    @rpc(expected_exceptions=(Invalid, Forbidden))
    def audit_lines(self, query, reader, asked_about):
        """Audit lines by object and/or actor, newest first, each case named by its title.
        For the admins' audit page: reading the audit is itself audited (`asked_about`)."""
        query = load(api.AuditLines(), query)
        if not policy.has_role_for(reader, policy.READ_AUDIT):
            raise Forbidden("NOT_ALLOWED", "only an admin may read the audit")
        with self.db.transaction() as tx:
            items, total = audit.lines(tx.session, query)
            audit.record(tx, reader["id"], "read_audit", f"audit:{asked_about}"[:80], self.clock())
        return {"items": items, "total": total}

    @rpc
    def list_cases(
        self, reader, status=None, mine=False, body_region=None, text=None, offset=0, limit=50
    ):
        # Clinicians see their own cases and those of the conferences they
        # attend; coordinators and admins see all.
        everyone = policy.sees_every_case(reader) and not mine
        attended = None if everyone or mine else self._attended(reader)
        with self.db.reading() as tx:
            cases = CaseRepository(tx.session)
            found, total = cases.list(
                status=status,
                presenter_id=None if everyone else reader["id"],
                conference_ids=attended,
                body_region=body_region,
                text=text,
                offset=offset,
                limit=limit,
                reader_id=reader["id"],
            )
            cases.audit(tx, reader["id"], "list", None, self.clock())
        return {"items": [case_out(case) for case in found], "total": total}

    @on_event(events.CASE_SCHEDULED)
    def handle_case_scheduled(self, event, tx):
        case = _case_for(tx, event.data["case_id"])
        case.schedule(event.data["conference_id"])
        CaseRepository(tx.session).save(case)

    @on_event(events.CASE_RESCHEDULED)
    def handle_case_rescheduled(self, event, tx):
        case = _case_for(tx, event.data["case_id"])
        if case.status == WITHDRAWN:  # withdrawn while its conference was being cancelled
            return
        case.schedule(event.data["conference_id"])
        CaseRepository(tx.session).save(case)

    @on_event(events.MINUTES_RECORDED)
    def handle_minutes_recorded(self, event, tx):
        cases = CaseRepository(tx.session)
        minutes = f"minutes:{event.data['conference_id']}"
        # The audit names whoever published them; "record_for_chair" when that was not the chair.
        by = event.data.get("recorded_by") or event.data["chair"]
        action = "record" if by["id"] == event.data["chair"]["id"] else "record_for_chair"
        audit.record(tx, by["id"], action, minutes, self.clock())
        for item in event.data["items"]:
            case = _case_for(tx, item["case_id"])
            card = card_repository.get(tx.session, case.presenter.id)  # their service and site
            case.discuss(event.data["conference_id"], event.data["chair"], self.clock(), card)
            cases.save(case)
            _emit_all(tx, case)

    @on_event(events.MINUTES_READ)
    def handle_minutes_read(self, event, tx):
        # Minutes live in scheduling; the audit log of clinical content lives here.
        action = "read" if event.data["allowed"] else "read_refused"
        minutes = f"minutes:{event.data['conference_id']}"
        at = datetime.fromisoformat(event.data["read_at"])
        audit.record(tx, event.data["reader_id"], action, minutes, at)

    @on_event(events.FOLLOW_UP_DUE)
    def handle_follow_up_due(self, event, tx):
        case = _case_for(tx, event.data["case_id"])
        case.await_outcome()
        CaseRepository(tx.session).save(case)

    @on_event(events.OUTCOME_RECORDED)
    def handle_outcome_recorded(self, event, tx):
        case = _case_for(tx, event.data["case_id"])
        case.close()
        CaseRepository(tx.session).save(case)


def _person(actor: dict) -> dict:
    return {"id": actor["id"], "name": actor["name"], "email": actor["email"]}


def _case_for(tx, case_id: str, reader: dict | None = None) -> Case:
    """The case, locked; for a `reader`, only if they may know it exists (drafts)."""
    case = CaseRepository(tx.session).get(case_id, for_update=True)
    if case is None or (reader is not None and not case.visible_to(reader["id"])):
        raise NotFound("CASE_NOT_FOUND", f"there is no case {case_id}")
    return case


def _saved(tx, case: Case, actor: dict, action: str, now) -> dict:
    """Store a changed case with its audit entry and its events; the case as answered."""
    cases = CaseRepository(tx.session)
    cases.save(case)
    cases.audit(tx, actor["id"], action, case.id, now)
    _emit_all(tx, case)
    return case_out(case)


def _emit_all(tx, case: Case) -> None:
    for event_type, data in case.events:
        tx.emit(event_type, data)
        if event_type in MATCHED_ON:
            # Scheduling invites the best-matched colleague to the case's conference.
            announce_matches(tx, case, data[MATCHED_ON[event_type]])
    case.events.clear()
