"""The outcomes service: the follow-up chain after a discussion, outcome records, the evidence."""

from __future__ import annotations

import contextlib
import uuid
from datetime import datetime, timedelta

from nameko.dependency_providers import Config

from contracts import api, events, policy
from contracts.api.self_help import PageFeedback
from contracts.errors import Conflict, Forbidden, Invalid, NotFound
from mskpeer.platform.clock import Clock
from mskpeer.platform.consumer import on_event
from mskpeer.platform.database import Database
from mskpeer.platform.entrypoints import rpc
from mskpeer.platform.readings import FOLLOW_UPS_OVERDUE
from mskpeer.platform.service import ReliableService
from mskpeer.platform.settings import BadSetting, parse_duration
from mskpeer.platform.timers import timer
from mskpeer.platform.validation import load, refuse_patient_identifiers
from services.outcomes import chart_drawer, ledger, models, page_feedback, recording, reporting
from services.outcomes.domain import FollowUp, Timings
from services.outcomes.release import overdue_seconds, release_due_steps
from services.outcomes.repository import FollowUps

MONTH = timedelta(days=365.25 / 12)


def later_reviews(text: str | None) -> tuple[timedelta, ...]:
    """`3mo,6mo` (months of 365.25/12 days), or any durations (`90d`, `5s`); empty: none."""
    waits = []
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        if part.endswith("mo"):
            try:
                waits.append(float(part.removesuffix("mo")) * MONTH)
            except ValueError:
                raise BadSetting(f"not a number of months: {part!r}") from None
        else:
            waits.append(parse_duration(part))
    return tuple(waits)


def timings(config: dict) -> Timings:
    return Timings(
        follow_up_after=parse_duration(config.get("FOLLOW_UP_AFTER", "42d")),
        reminder_after=parse_duration(config.get("FOLLOW_UP_REMINDER_AFTER", "7d")),
        escalate_after=parse_duration(config.get("FOLLOW_UP_ESCALATE_AFTER", "7d")),
        later=later_reviews(config.get("FOLLOW_UP_LATER", "")),
    )


def _period(query: dict) -> tuple[datetime | None, datetime | None]:
    return tuple(datetime.fromisoformat(query[k]) if query.get(k) else None for k in ("from", "to"))


class OutcomesService(ReliableService):
    name = "outcomes"

    db = Database(models.metadata, models.messaging, readings={FOLLOW_UPS_OVERDUE: overdue_seconds})
    clock = Clock()
    config = Config()

    @on_event(events.CASE_DISCUSSED)
    def handle_case_discussed(self, event, tx):
        follow_up = FollowUp.after_discussion(
            str(uuid.uuid4()), event.data, now=self.clock(), timings=timings(self.config)
        )
        FollowUps(tx.session).add(follow_up)
        ledger.remember_discussion(tx.session, event.data)

    @on_event(events.CASE_WITHDRAWN)
    def handle_case_withdrawn(self, event, tx):
        """Nobody is asked about a withdrawn case (today a case can only be withdrawn
        before its discussion, so there is rarely a chain; if one exists, it stops)."""
        follow_ups = FollowUps(tx.session)
        chain = follow_ups.for_case(event.data["case_id"], for_update=True)
        if chain is not None:
            follow_ups.save(chain, chain.cancel())

    @on_event(events.ACTION_ASSIGNED)
    def handle_action_assigned(self, event, tx):
        ledger.remember_action(tx.session, event.data, done=False)

    @on_event(events.ACTION_COMPLETED)
    def handle_action_completed(self, event, tx):
        ledger.remember_action(tx.session, event.data, done=True)

    @on_event(events.MINUTES_RECORDED)
    def handle_minutes_recorded(self, event, tx):
        ledger.remember_conference(tx.session, event.data)

    @timer(interval=1.0)
    def release_due_follow_ups(self):
        """Send every follow-up step that fell due, in order, each once."""
        release_due_steps(self.db, self.clock, timings(self.config))

    @rpc(expected_exceptions=(NotFound, Forbidden, Conflict, Invalid))
    def record_outcome(self, case_id, payload, actor):
        """What happened to the patient. Stops the follow-up round. Emits outcome.recorded."""
        details = load(api.RecordOutcome(), payload)
        refuse_patient_identifiers({"reflection": details["reflection"]})
        with self._refusals_audited("record", case_id, actor), self.db.command() as tx:
            if not tx.done_before:
                tx.result = recording.record_outcome(tx, case_id, details, actor, self.clock())
        return tx.result

    @rpc(expected_exceptions=(NotFound, Forbidden, Conflict, Invalid))
    def revise_outcome(self, case_id, changes, actor, round=1):
        """The author corrects an outcome (or review) within 14 days of recording it."""
        changes = load(api.ReviseOutcome(), changes)
        refuse_patient_identifiers({"reflection": changes.get("reflection", "")})
        with self._refusals_audited("revise", case_id, actor), self.db.transaction() as tx:
            return recording.revise_outcome(tx, case_id, changes, actor, self.clock(), round)

    @rpc(expected_exceptions=(NotFound, Forbidden, Conflict))
    def get_outcome(self, case_id, actor):
        """The outcome and its reviews, for those who may read them; every read is audited."""
        with self._refusals_audited("read", case_id, actor), self.db.transaction() as tx:
            return recording.read_outcome(tx, case_id, actor, self.clock())

    @rpc(expected_exceptions=(Forbidden, Conflict))
    def get_follow_up(self, case_id, actor):
        """Whether the outcome is due yet, when, and how many agreed actions are open."""
        with self.db.transaction() as tx:
            return recording.follow_up_out(tx, case_id, actor)

    @contextlib.contextmanager
    def _refusals_audited(self, action, case_id, actor):
        """A refusal is audited too, in a transaction of its own: the refused one rolls back."""
        try:
            yield
        except Forbidden:
            with self.db.transaction() as tx:
                ledger.audit(
                    tx, actor["id"], f"{action}_refused", f"outcome:{case_id}", self.clock()
                )
            raise

    @rpc(expected_exceptions=Invalid)
    def audit_lines(self, query):
        """Audit lines by object and/or actor, newest first, each outcome named by its case."""
        query = load(api.AuditLines(), query)
        with self.db.transaction() as tx:
            items, total = ledger.audit_lines(tx.session, query)
        return {"items": items, "total": total}

    @rpc
    def outcome_audit_trail(self, case_id):
        with self.db.transaction() as tx:
            items = ledger.audit_trail(tx.session, f"outcome:{case_id}")
        return {"items": items, "total": len(items)}

    @rpc(expected_exceptions=Forbidden)
    def outcome_report(self, query, actor):
        """The evidence per group as JSON (query: from, to, group_by). Audited."""
        policy.require(actor, policy.READ_REPORTS)
        with self.db.transaction() as tx:
            ledger.audit(tx, actor["id"], "report", "report:outcomes", self.clock())
            return reporting.outcome_report(tx.session, *_period(query), query["group_by"])

    @rpc(expected_exceptions=Forbidden)
    def outcome_report_csv(self, query, actor):
        return reporting.as_csv(self.outcome_report(query, actor))

    @rpc(expected_exceptions=Forbidden)
    def outcome_report_png(self, query, actor):
        """The report's charts as a PNG, base64 (RPC bodies are JSON)."""
        found = self.outcome_report(query, actor)
        period = f"{(found['from'] or 'start')[:10]} to {(found['to'] or 'now')[:10]}"
        return chart_drawer.DRAWER.png_base64(found, f"MSK peer support outcomes, {period}")

    @rpc
    def cpd_record(self, actor, query):
        """A clinician's own CPD record for a period (query: from, to)."""
        with self.db.transaction() as tx:
            ledger.audit(tx, actor["id"], "read", f"cpd:{actor['id']}", self.clock())
            return reporting.cpd_record(tx.session, actor, *_period(query))

    @rpc
    def cpd_page(self, actor, query):
        """The same record as a printable HTML page."""
        return reporting.cpd_page(self.cpd_record(actor, query), self.clock())

    @rpc(expected_exceptions=(Invalid,))
    def record_page_feedback(self, payload):
        """'Was this page helpful?' from the public site; a comment that could identify
        someone is refused (422) and nothing is stored."""
        feedback = load(PageFeedback(), payload)
        refuse_patient_identifiers({"comment": feedback["comment"]})
        with self.db.transaction() as tx:
            page_feedback.record(tx.session, feedback, self.clock().date())

    @rpc(expected_exceptions=Forbidden)
    def page_feedback_report(self, actor):
        """Per self-help page: helpful or not, and the latest comments (for coordinators)."""
        policy.require(actor, policy.READ_REPORTS)
        with self.db.transaction() as tx:
            ledger.audit(tx, actor["id"], "report", "report:page_feedback", self.clock())
            return page_feedback.report(tx.session)
