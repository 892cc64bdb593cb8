"""Recording, correcting and reading what happened to the patient after a discussion."""

from __future__ import annotations

import uuid
from datetime import datetime

from contracts import events, policy
from contracts.errors import Conflict, Forbidden, Invalid, NotFound
from services.outcomes import ledger
from services.outcomes.domain import (
    CANCELLED,
    FIRST_ROUND,
    FollowUp,
    editable_until,
    may_read_outcome,
    may_record_outcome,
    meaningful_improvement,
    msk_hq_change,
    referral_avoided,
    referral_made_as_intended,
    unfinished_actions_claimed_done,
)
from services.outcomes.repository import FollowUps, OutcomeRecords


def record_outcome(tx, case_id: str, details: dict, actor: dict, now: datetime) -> dict:
    """Store the answer, stop the round it answers and announce an outcome. Returns it.

    The first answer is the outcome, whenever it comes (late evidence is still
    evidence); answers after it are the reviews the chain asked for.
    """
    follow_ups, records = FollowUps(tx.session), OutcomeRecords(tx.session)
    follow_up = _chain(tx, case_id)
    if not may_record_outcome(actor, follow_up):
        raise Forbidden("NOT_THE_PRESENTER", "only the presenter or chair may record it")
    _refuse_open_actions_as_done(tx, case_id, details.get("actions_completed"))
    earlier = records.of_case(case_id, for_update=True)
    if not earlier:
        round_ = FIRST_ROUND
    elif follow_up.asked and follow_up.round > FIRST_ROUND:
        round_ = follow_up.round
    else:
        raise Conflict("OUTCOME_ALREADY_RECORDED", "this case's outcome is recorded")
    discussed = ledger.discussion(tx.session, case_id) or {}
    record = {
        **details,
        "id": str(uuid.uuid4()),
        "case_id": case_id,
        "round": round_,
        "msk_hq_baseline": discussed.get("msk_hq_baseline"),
        **_derived(follow_up, details["onward_referral"]),
        "recorded_by": actor["id"],
        "recorded_at": now,
        "revised_at": None,
    }
    records.add(record)
    # Only the round that asked is answered: a late outcome leaves a review's round alone.
    if round_ == follow_up.round or (round_ == FIRST_ROUND and follow_up.asked):
        follow_ups.save(follow_up, follow_up.complete())
    ledger.audit(tx, actor["id"], "record", f"outcome:{case_id}", now)
    if round_ == FIRST_ROUND:
        tx.emit(
            events.OUTCOME_RECORDED,
            {
                "case_id": case_id,
                "outcome_id": record["id"],
                "recorded_by": actor["id"],
                "recorded_at": now.isoformat(),
                "onward_referral": record["onward_referral"],
                "referral_avoided": record["referral_avoided"],
            },
        )
    return outcome_out(record)


def revise_outcome(tx, case_id: str, changes: dict, actor: dict, now: datetime, round_: int):
    """The author corrects their answer, for two weeks after recording it."""
    follow_up = _chain(tx, case_id)
    records = OutcomeRecords(tx.session)
    record = next(
        (r for r in records.of_case(case_id, for_update=True) if r["round"] == round_), None
    )
    if record is None:
        raise NotFound("OUTCOME_NOT_FOUND", f"no outcome is recorded for case {case_id}")
    if not policy.may_revise_outcome(actor, record["recorded_by"]):
        raise Forbidden("NOT_THE_AUTHOR", "only whoever recorded this outcome may change it")
    if now > editable_until(record["recorded_at"]):
        raise Conflict("OUTCOME_LOCKED", "an outcome can be changed for 14 days after recording")
    _refuse_open_actions_as_done(tx, case_id, changes.get("actions_completed"))
    record.update(changes, revised_at=now)
    record.update(_derived(follow_up, record["onward_referral"]))
    records.save(record)
    ledger.audit(tx, actor["id"], "revise", f"outcome:{case_id}", now)
    return outcome_out(record)


def read_outcome(tx, case_id: str, actor: dict, now: datetime) -> dict:
    """The outcome with its reviews: clinical content, so every read is audited."""
    if FollowUps(tx.session).for_case(case_id) is None:
        raise NotFound("CASE_NOT_DISCUSSED", f"case {case_id} has not been discussed")
    follow_up = _chain(tx, case_id, lock=False)
    discussed = ledger.discussion(tx.session, case_id)
    attended = ledger.present_at(tx.session, discussed["conference_id"]) if discussed else set()
    if not may_read_outcome(actor, follow_up, attended):
        raise Forbidden("NOT_ALLOWED", "only the presenter, the conference and leads may read it")
    found = OutcomeRecords(tx.session).of_case(case_id)
    if not found:
        raise NotFound("OUTCOME_NOT_FOUND", f"no outcome is recorded for case {case_id}")
    ledger.audit(tx, actor["id"], "read", f"outcome:{case_id}", now)
    outcome, *reviews = map(outcome_out, found)
    answered = {record["round"] for record in found}
    asking = follow_up.asked and follow_up.round > FIRST_ROUND
    review_asked = follow_up.round if asking and follow_up.round not in answered else None
    return {**outcome, "reviews": reviews, "review_asked": review_asked}


def _refuse_open_actions_as_done(tx, case_id: str, actions_completed: str | None) -> None:
    problem = unfinished_actions_claimed_done(
        actions_completed, ledger.open_actions(tx.session, case_id)
    )
    if problem:
        raise Invalid("ACTIONS_STILL_OPEN", problem, {"actions_completed": [problem]})


def follow_up_out(tx, case_id: str, actor: dict) -> dict:
    """Where the case's follow-up stands, for its presenter's outcome page: whether they
    have been asked yet (the form opens then) and how many agreed actions are open."""
    follow_up = _chain(tx, case_id, lock=False)
    if not may_record_outcome(actor, follow_up):
        raise Forbidden("NOT_THE_PRESENTER", "only the presenter or chair may record it")
    return {
        "case_id": case_id,
        "due_at": follow_up.due_at.isoformat(),
        "due": follow_up.outcome_due,
        "open_actions": ledger.open_actions(tx.session, case_id),
    }


def _chain(tx, case_id: str, lock: bool = True) -> FollowUp:
    """The case's follow-up chain, locked for a change so the timer cannot move it meanwhile."""
    follow_up = FollowUps(tx.session).for_case(case_id, for_update=lock)
    if follow_up is None:
        raise Conflict("CASE_NOT_DISCUSSED", "an outcome follows a case's discussion")
    if follow_up.status == CANCELLED:
        raise Conflict("CASE_WITHDRAWN", "this case was withdrawn")
    return follow_up


def _derived(follow_up: FollowUp, onward_referral: str) -> dict:
    return {
        "referral_avoided": referral_avoided(follow_up.intended_plan, onward_referral),
        "referral_made_as_intended": referral_made_as_intended(
            follow_up.intended_plan, onward_referral
        ),
    }


def outcome_out(record: dict) -> dict:
    change = msk_hq_change(record["msk_hq_baseline"], record["msk_hq"])
    return {
        "id": record["id"],
        "case_id": record["case_id"],
        "round": record["round"],
        "onward_referral": record["onward_referral"],
        "management_changed": record["management_changed"],
        "patient_status": record["patient_status"],
        "msk_hq": record["msk_hq"],
        "msk_hq_baseline": record["msk_hq_baseline"],
        "msk_hq_change": change,
        "msk_hq_meaningful_improvement": meaningful_improvement(change),
        "actions_completed": record["actions_completed"],
        "reflection": record["reflection"],
        "referral_avoided": record["referral_avoided"],
        "referral_made_as_intended": record["referral_made_as_intended"],
        "recorded_by": record["recorded_by"],
        "recorded_at": record["recorded_at"].isoformat(),
        "revised_at": record["revised_at"].isoformat() if record["revised_at"] else None,
        "editable_until": editable_until(record["recorded_at"]).isoformat(),
    }
