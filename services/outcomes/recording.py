"""Recording what happened to the patient after a discussion."""

from __future__ import annotations

import uuid
from datetime import datetime

from contracts import events
from contracts.errors import Conflict, Forbidden
from services.outcomes.domain import may_record_outcome, referral_avoided
from services.outcomes.repository import FollowUps, Outcomes, outcome_out


def record_outcome(tx, case_id: str, details: dict, actor: dict, now: datetime) -> dict:
    """Store the outcome, stop the follow-up chain and announce it. Returns the outcome."""
    follow_ups, outcomes = FollowUps(tx.session), Outcomes(tx.session)
    follow_up = follow_ups.for_case(case_id, for_update=True)
    if follow_up is None:
        raise Conflict("CASE_NOT_DISCUSSED", "an outcome follows a case's discussion")
    if not may_record_outcome(actor, follow_up):
        raise Forbidden("NOT_THE_PRESENTER", "only the presenter or chair may record it")
    if outcomes.get(case_id):
        raise Conflict("OUTCOME_ALREADY_RECORDED", "this case's outcome is recorded")
    values = dict(
        details,
        id=str(uuid.uuid4()),
        case_id=case_id,
        referral_avoided=referral_avoided(follow_up.intended_plan, details["onward_referral"]),
        recorded_by=actor["id"],
        recorded_at=now,
    )
    outcomes.add(values)
    follow_ups.save(follow_up, follow_up.complete())
    tx.emit(
        events.OUTCOME_RECORDED,
        {
            "case_id": case_id,
            "outcome_id": values["id"],
            "recorded_by": actor["id"],
            "recorded_at": now.isoformat(),
            "onward_referral": values["onward_referral"],
            "referral_avoided": values["referral_avoided"],
        },
    )
    return outcome_out(outcomes.get(case_id))
