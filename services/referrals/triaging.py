"""Triage: the queue as the clinician works it, and recording a decision."""

from __future__ import annotations

from contracts import events
from contracts.api.referrals import TRIAGED
from contracts.errors import Invalid
from mskpeer.platform import metrics
from mskpeer.platform.clock import aware
from services.referrals import audit, mail, repository
from services.referrals.domain import start_msk_group, triage_problems, working_days_between

DEFAULT_TARGET_DAYS = 2.0  # TRIAGE_TARGET: working days from receipt to a decision


def target_days(config) -> float:
    return float(config.get("TRIAGE_TARGET") or DEFAULT_TARGET_DAYS)


def queue(session, wanted: dict, offset: int, limit: int, target: float, now) -> dict:
    """A page of the queue, each referral with its wait in working days against the target."""
    rows, total = repository.queue(session, wanted, offset, limit)
    items = []
    for row in rows:
        waited = working_days_between(aware(row.received_at), aware(row.triaged_at) or now)
        # Overdue only while nobody has decided: a late decision is a figure in the reports.
        overdue = row.triaged_at is None and waited > target
        items.append(
            {**repository.as_dict(row), "waiting_working_days": waited, "overdue": overdue}
        )
    return {"items": items, "total": total, "triage_target_days": target}


def decide(tx, keyring, row, decision: dict, actor: dict, sites: set[str], now) -> dict:
    """Record priority and destination, tell the patient, and say so on the bus."""
    problems = triage_problems(decision, sites)
    if problems:
        raise Invalid("INVALID_INPUT", "some fields are missing or wrong", problems)
    if decision["start_msk_score"] is not None:
        decision["start_msk_group"] = start_msk_group(decision["start_msk_score"])
    note = keyring.seal(decision.pop("note"), row.id, "triage_note")
    repository.update_row(
        tx.session,
        row.id,
        **decision,
        status=TRIAGED,
        triaged_by=actor["id"],
        triaged_at=now,
        sealed_triage_note=note,
    )
    audit.record(tx, actor["id"], "triage", row.id, now)
    mail.queue(tx, row.id, mail.OUTCOME, now)
    triaged = metrics.REFERRALS_TRIAGED.labels(decision["priority"], decision["destination"])
    tx.after_commit(triaged.inc)
    tx.emit(
        events.REFERRAL_TRIAGED,
        {
            "referral_id": row.id,
            "reference": row.reference,
            "triaged_at": now.isoformat(),
            "priority": decision["priority"],
            "destination": decision["destination"],
            "site": decision["site"],
        },
    )
    return repository.as_dict(repository.get(tx.session, row.id))
