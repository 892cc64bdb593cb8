"""The outcomes service: the follow-up chain after a discussion, and outcome records."""

from __future__ import annotations

import uuid

from nameko.dependency_providers import Config
from nameko.timer import timer

from contracts import api, events
from contracts.errors import Conflict, Forbidden, Invalid, NotFound
from mskpeer.platform.clock import Clock
from mskpeer.platform.consumer import on_event
from mskpeer.platform.database import Database
from mskpeer.platform.entrypoints import rpc
from mskpeer.platform.service import ReliableService
from mskpeer.platform.settings import parse_duration
from mskpeer.platform.validation import load, refuse_patient_identifiers
from services.outcomes import models, recording
from services.outcomes.domain import (
    FollowUp,
    Timings,
)
from services.outcomes.repository import FollowUps, Outcomes, outcome_out


def timings(config: dict) -> Timings:
    return Timings(
        follow_up_after=parse_duration(config.get("FOLLOW_UP_AFTER", "42d")),
        reminder_after=parse_duration(config.get("FOLLOW_UP_REMINDER_AFTER", "7d")),
        escalate_after=parse_duration(config.get("FOLLOW_UP_ESCALATE_AFTER", "7d")),
    )


class OutcomesService(ReliableService):
    name = "outcomes"

    db = Database(models.metadata, models.messaging)
    clock = Clock()
    config = Config()

    @on_event(events.CASE_DISCUSSED)
    def handle_case_discussed(self, event, tx):
        follow_up = FollowUp.after_discussion(
            str(uuid.uuid4()), event.data, now=self.clock(), timings=timings(self.config)
        )
        FollowUps(tx.session).add(follow_up)

    @timer(interval=1.0)
    def release_due_follow_ups(self):
        """Send every follow-up step that fell due, in order, each once."""
        chain = timings(self.config)
        with self.db.transaction() as tx:
            follow_ups = FollowUps(tx.session)
            for before in follow_ups.due(self.clock()):
                after, event_type = before.advance(chain)
                if follow_ups.save(before, after) and event_type:
                    tx.emit(event_type, before.event_data())

    @rpc(expected_exceptions=(NotFound, Forbidden, Conflict, Invalid))
    def record_outcome(self, case_id, payload, actor):
        """What happened to the patient. Stops the follow-up chain. Emits outcome.recorded."""
        details = load(api.RecordOutcome(), payload)
        refuse_patient_identifiers({"reflection": details["reflection"]})
        with self.db.command() as tx:
            if not tx.done_before:
                tx.result = recording.record_outcome(tx, case_id, details, actor, self.clock())
        return tx.result

    @rpc(expected_exceptions=NotFound)
    def get_outcome(self, case_id):
        with self.db.transaction() as tx:
            row = Outcomes(tx.session).get(case_id)
        if row is None:
            raise NotFound("OUTCOME_NOT_FOUND", f"no outcome is recorded for case {case_id}")
        return outcome_out(row)
