"""The cases service: submission, reading and the life of a case."""

from __future__ import annotations

from contracts import api, events
from contracts.errors import Conflict, Forbidden, Invalid, NotFound
from mskpeer.platform.clock import Clock
from mskpeer.platform.consumer import on_event
from mskpeer.platform.database import Database
from mskpeer.platform.entrypoints import rpc
from mskpeer.platform.service import ReliableService
from mskpeer.platform.validation import (
    load,
    refuse_patient_identifiers,
    refuse_unescalated_red_flags,
)
from services.cases import models
from services.cases.domain import Case, Person
from services.cases.repository import CaseRepository

ELEVATED = {"chair", "coordinator", "admin"}


def case_out(case: Case) -> dict:
    return {
        "id": case.id,
        "kind": case.kind,
        "title": case.title,
        "summary": case.summary,
        "question": case.question,
        "body_region": case.body_region,
        "urgency": case.urgency,
        "intended_plan": case.intended_plan,
        "status": case.status,
        "presenter_id": case.presenter.id,
        "conference_id": case.conference_id,
        "submitted_at": case.submitted_at.isoformat(),
        "discussed_at": case.discussed_at.isoformat() if case.discussed_at else None,
        "red_flags": case.red_flags,
        "red_flags_escalated": case.red_flags_escalated,
    }


class CasesService(ReliableService):
    name = "cases"

    db = Database(models.metadata, models.messaging)
    clock = Clock()

    @rpc(expected_exceptions=Invalid)
    def submit_case(self, payload, presenter, idempotency_key=None):
        """Store a new case, once per Idempotency-Key. Returns the case. Emits case.submitted."""
        details = load(api.SubmitCase(), payload)
        free_text = {f: details[f] for f in ("title", "summary", "question")}
        refuse_patient_identifiers(free_text)
        details["red_flags"] = refuse_unescalated_red_flags(
            free_text, details["red_flags_escalated"]
        )
        key = f"{presenter['id']}:{idempotency_key}" if idempotency_key else None
        with self.db.command(idempotency_key=key) as tx:
            if tx.done_before:
                return tx.result
            case = Case.submit(details, Person(**_person(presenter)), now=self.clock())
            cases = CaseRepository(tx.session)
            cases.add(case)
            cases.audit(tx, presenter["id"], "submit", case.id, case.submitted_at)
            _emit_all(tx, case)
            tx.result = case_out(case)
        return tx.result

    @rpc(expected_exceptions=NotFound)
    def get_case(self, case_id, reader):
        """A case's full content; every read is audited."""
        with self.db.transaction() as tx:
            cases = CaseRepository(tx.session)
            case = cases.get(case_id)
            if case is None:
                raise NotFound("CASE_NOT_FOUND", f"there is no case {case_id}")
            cases.audit(tx, reader["id"], "read", case_id, self.clock())
        return case_out(case)

    @rpc(expected_exceptions=(NotFound, Forbidden, Conflict))
    def withdraw_case(self, case_id, actor):
        """Take a case back before its discussion. Emits case.withdrawn."""
        with self.db.transaction() as tx:
            case = _case_for(tx, case_id)
            case.withdraw(actor, now=self.clock())
            cases = CaseRepository(tx.session)
            cases.save(case)
            cases.audit(tx, actor["id"], "withdraw", case_id, self.clock())
            _emit_all(tx, case)
        return case_out(case)

    @rpc
    def audit_trail(self, case_id, offset=0, limit=50):
        """Every recorded read and change of a case, oldest first."""
        with self.db.transaction() as tx:
            items, total = CaseRepository(tx.session).audit_trail(case_id, offset, limit)
        return {"items": items, "total": total}

    @rpc
    def list_cases(
        self, reader, status=None, mine=False, body_region=None, text=None, offset=0, limit=50
    ):
        # Clinicians see their own cases; chairs, coordinators and admins see all.
        everyone = bool(ELEVATED & set(reader.get("roles", ()))) and not mine
        with self.db.transaction() as tx:
            cases = CaseRepository(tx.session)
            found, total = cases.list(
                status=status,
                presenter_id=None if everyone else reader["id"],
                body_region=body_region,
                text=text,
                offset=offset,
                limit=limit,
            )
            cases.audit(tx, reader["id"], "list", None, self.clock())
        return {"items": [case_out(case) for case in found], "total": total}

    @on_event(events.CASE_SCHEDULED)
    def handle_case_scheduled(self, event, tx):
        case = _case_for(tx, event.data["case_id"])
        case.schedule(event.data["conference_id"])
        CaseRepository(tx.session).save(case)

    @on_event(events.MINUTES_RECORDED)
    def handle_minutes_recorded(self, event, tx):
        cases = CaseRepository(tx.session)
        for item in event.data["items"]:
            case = _case_for(tx, item["case_id"])
            case.discuss(event.data["conference_id"], event.data["chair"], now=self.clock())
            cases.save(case)
            _emit_all(tx, case)

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


def _case_for(tx, case_id: str) -> Case:
    case = CaseRepository(tx.session).get(case_id, for_update=True)
    if case is None:
        raise NotFound("CASE_NOT_FOUND", f"there is no case {case_id}")
    return case


def _emit_all(tx, case: Case) -> None:
    for event_type, data in case.events:
        tx.emit(event_type, data)
    case.events.clear()
