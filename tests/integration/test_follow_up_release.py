"""Claiming due follow-up steps and recording outcomes, on PostgreSQL and SQLite alike.

The schema is built by the migrations. Time is passed in, so a six-week chain
and a 14-day edit window take milliseconds.
"""

from __future__ import annotations

import contextlib
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import select, text

from contracts.errors import Conflict, Forbidden
from mskpeer.platform.clock import aware
from mskpeer.platform.database import Transaction
from mskpeer.platform.engine import make_engine
from mskpeer.platform.migrate import alembic_config, upgrade
from services.outcomes import ledger, models, recording
from services.outcomes.domain import FollowUp, Timings
from services.outcomes.release import release_due_steps
from services.outcomes.repository import FollowUps
from tests.support.infra import postgres_databases

DISCUSSED_AT = datetime(2026, 1, 14, 13, 0, tzinfo=UTC)
TIMINGS = Timings(timedelta(days=42), timedelta(days=7), timedelta(days=7))
PRESENTER = {"id": "clin-b6", "name": "Rae Moss", "email": "rae.moss@nhs.example.uk"}
CHAIR = {"id": "clin-b8", "name": "Ed Vale", "email": "ed.vale@nhs.example.uk"}
ANSWER = {
    "onward_referral": "none",
    "management_changed": True,
    "patient_status": "improved",
    "msk_hq": 38,
    "actions_completed": "some",
    "reflection": "Graded exposure helped.",
}


class Outcomes:
    """The outcomes database as the service's `self.db` sees it, on a plain engine."""

    def __init__(self, url: str):
        self.engine = make_engine(url, green=False)

    def published_behind(self):
        return contextlib.nullcontext(self)  # publishes nothing, so nothing to put behind

    @contextlib.contextmanager
    def transaction(self):
        with self.engine.begin() as connection:
            yield Transaction(connection, models.messaging, lambda: datetime.now(UTC), "req-1")

    def outbox(self) -> list[dict]:
        table = models.messaging["outbox"]
        with self.engine.connect() as connection:
            rows = connection.execute(select(table.c.envelope).order_by(table.c.id))
            return [row.envelope for row in rows]


@pytest.fixture(params=["postgresql", "sqlite"])
def outcomes_db(request, tmp_path):
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / 'outcomes.db'}"
        else:
            url = stack.enter_context(postgres_databases(["outcomes"]))["outcomes"]
        upgrade("outcomes", url)
        db = Outcomes(url)
        stack.callback(db.engine.dispose)
        yield db


def discussed(db: Outcomes, n: int = 1, at: datetime = DISCUSSED_AT, **extra) -> list[str]:
    case_ids = [f"case-{uuid.uuid4().hex[:8]}" for _ in range(n)]
    with db.transaction() as tx:
        for case_id in case_ids:
            data = {
                "case_id": case_id,
                "conference_id": "conf-1",
                "chair": CHAIR,
                "title": "Lumbar pain with fear of movement",
                "intended_plan": "refer_msk",
                "presenter": PRESENTER,
                "discussed_at": at.isoformat(),
                "msk_hq_baseline": 29,
                **extra,
            }
            FollowUps(tx.session).add(
                FollowUp.after_discussion(str(uuid.uuid4()), data, at, TIMINGS)
            )
            ledger.remember_discussion(tx.session, data)
    return case_ids


def steps_of(db: Outcomes) -> list[tuple[str, str]]:
    return [(e["data"]["case_id"], e["event_type"]) for e in db.outbox()]


def test_steps_overdue_after_downtime_go_out_once_each_in_their_own_order(outcomes_db):
    cases = discussed(outcomes_db, 3)
    weeks_later = DISCUSSED_AT + timedelta(days=70)  # past the request, reminder and escalation

    released = release_due_steps(outcomes_db, lambda: weeks_later, TIMINGS, batch=2)
    again = release_due_steps(outcomes_db, lambda: weeks_later, TIMINGS, batch=2)

    assert (released, again) == (9, 0)
    for case_id in cases:
        assert [s for c, s in steps_of(outcomes_db) if c == case_id] == [
            "follow_up.due",
            "follow_up.reminded",
            "follow_up.escalated",
        ]
    with outcomes_db.transaction() as tx:
        assert {f.status for f in FollowUps(tx.session).for_cases(cases).values()} == {
            "no_response"
        }


def test_a_step_taken_meanwhile_is_not_taken_again(outcomes_db):
    (case_id,) = discussed(outcomes_db)
    with outcomes_db.transaction() as tx:
        seen = FollowUps(tx.session).for_case(case_id)
    with outcomes_db.transaction() as tx:  # another copy takes the step first
        FollowUps(tx.session).save(seen, seen.advance(TIMINGS)[0])

    with outcomes_db.transaction() as tx:
        stale = FollowUps(tx.session).save(seen, seen.advance(TIMINGS)[0])

    assert stale is False


def test_a_batch_moves_only_the_chains_nobody_moved_meanwhile(outcomes_db):
    cases = discussed(outcomes_db, 3)
    with outcomes_db.transaction() as tx:
        seen = list(FollowUps(tx.session).for_cases(cases).values())
    with outcomes_db.transaction() as tx:  # another copy takes the first one's step
        FollowUps(tx.session).save(seen[0], seen[0].advance(TIMINGS)[0])

    with outcomes_db.transaction() as tx:
        moved = FollowUps(tx.session).save_all([(f, f.advance(TIMINGS)[0]) for f in seen])
        after = FollowUps(tx.session).for_cases(cases)

    assert moved == {seen[1].id, seen[2].id}
    assert {f.version for f in after.values()} == {1}
    assert after[seen[1].case_id].due_at == seen[1].due_at + TIMINGS.reminder_after


# PostgreSQL only: SQLite has one writer at a time, and the guarded update covers it.
@pytest.mark.parametrize("outcomes_db", ["postgresql"], indirect=True)
def test_two_copies_claim_different_steps_and_a_killed_copy_loses_none(outcomes_db):
    discussed(outcomes_db, 6)
    due = DISCUSSED_AT + timedelta(days=43)
    with outcomes_db.engine.connect() as first, outcomes_db.engine.connect() as second:
        first_tx, second_tx = first.begin(), second.begin()
        taken_by_first = FollowUps(first).due(due, limit=3)
        taken_by_second = FollowUps(second).due(due, limit=10)
        assert len(taken_by_first) == len(taken_by_second) == 3
        assert not {f.id for f in taken_by_first} & {f.id for f in taken_by_second}
        first_tx.rollback()  # the copy dies holding its rows: they are free again
        second_tx.rollback()

    assert release_due_steps(outcomes_db, lambda: due, TIMINGS) == 6
    assert len(set(steps_of(outcomes_db))) == len(steps_of(outcomes_db)) == 6


def test_the_author_corrects_an_outcome_for_fourteen_days_and_nobody_else_does(outcomes_db):
    (case_id,) = discussed(outcomes_db)
    presenter = {**PRESENTER, "roles": ["clinician"]}
    recorded_at = DISCUSSED_AT + timedelta(days=40)  # before the request: it stops the chain
    with outcomes_db.transaction() as tx:
        outcome = recording.record_outcome(tx, case_id, ANSWER, presenter, recorded_at)

    with outcomes_db.transaction() as tx:
        corrected = recording.revise_outcome(
            tx, case_id, {"msk_hq": 40}, presenter, recorded_at + timedelta(days=14), 1
        )
    with pytest.raises(Conflict), outcomes_db.transaction() as tx:
        recording.revise_outcome(
            tx, case_id, {"msk_hq": 41}, presenter, recorded_at + timedelta(days=15), 1
        )
    with pytest.raises(Forbidden), outcomes_db.transaction() as tx:
        chair = {**CHAIR, "roles": ["clinician"]}
        recording.revise_outcome(tx, case_id, {"msk_hq": 41}, chair, recorded_at, 1)

    assert (outcome["msk_hq_change"], corrected["msk_hq_change"]) == (9, 11)
    assert corrected["msk_hq_meaningful_improvement"] is True
    assert release_due_steps(outcomes_db, lambda: DISCUSSED_AT + timedelta(days=99), TIMINGS) == 0
    with outcomes_db.engine.connect() as connection:
        audit = models.outcome_audit
        actions = connection.execute(select(audit.c.action).order_by(audit.c.id)).scalars()
        assert list(actions) == ["record", "revise"]


@pytest.mark.parametrize("dialect", ["postgresql", "sqlite"])
def test_outcomes_recorded_before_rounds_existed_are_kept_as_first_rounds(dialect, tmp_path):
    with contextlib.ExitStack() as stack:
        url = (
            f"sqlite:///{tmp_path / 'old.db'}"
            if dialect == "sqlite"
            else stack.enter_context(postgres_databases(["outcomes"]))["outcomes"]
        )
        command.upgrade(alembic_config("outcomes", url), "0002")
        engine = make_engine(url, green=False)
        stack.callback(engine.dispose)
        with engine.begin() as connection:
            connection.execute(text(OLD_CHAIN))
            connection.execute(text(OLD_OUTCOME))

        upgrade("outcomes", url)
        with engine.connect() as connection:
            (row,) = connection.execute(select(models.outcome_records)).all()
            rounds = connection.execute(select(models.follow_ups.c.round)).scalars().all()
        command.downgrade(alembic_config("outcomes", url), "0002")
        with engine.connect() as connection:
            kept = connection.execute(text("select case_id, referral_avoided from outcomes")).all()

    assert (row.case_id, row.round, row.referral_made_as_intended) == ("c1", 1, True)
    assert aware(row.recorded_at) == datetime(2025, 2, 1, tzinfo=UTC)
    assert rounds == [1]
    assert [(case_id, bool(avoided)) for case_id, avoided in kept] == [("c1", False)]


OLD_CHAIN = (
    "insert into follow_ups (id, case_id, title, presenter, chair, intended_plan, next_step,"
    " due_at, status, version) values ('f1', 'c1', 'Old case', '{}', '{}', 'refer_orthopaedics',"
    " 'due', '2025-01-01 00:00:00+00', 'completed', 1)"
)
OLD_OUTCOME = (
    "insert into outcomes (id, case_id, onward_referral, management_changed, patient_status,"
    " msk_hq, reflection, referral_avoided, recorded_by, recorded_at) values ('o1', 'c1',"
    " 'orthopaedics', false, 'same', null, '', false, 'p1', '2025-02-01 00:00:00+00')"
)
