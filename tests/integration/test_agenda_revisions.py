"""An agenda shows a case as its presenter last corrected it, whatever order revisions arrive in."""

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from services.scheduling import agenda, models
from services.scheduling.domain import SLOT_MINUTES

SUBMITTED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def submitted(case_id: str) -> dict:
    return {
        "case_id": case_id,
        "kind": "patient_case",
        "title": "Plantar heel pain in a runner",
        "question": "Shockwave or more loading?",
        "urgency": "routine",
        "presenter": {"id": "p-1", "name": "Pat Physio", "email": "pat.physio@demo.nhs.uk"},
        "submitted_at": SUBMITTED.isoformat(),
    }


def revision(case_id: str, title: str, at: datetime, kind: str = "patient_case") -> dict:
    return {
        "case_id": case_id,
        "kind": kind,
        "title": title,
        "question": "Shockwave, or heavy slow loading first?",
        "urgency": "soon",
        "body_region": "ankle_foot",
        "tags": ["plantar_heel_pain"],
        "revised_at": at.isoformat(),
    }


def item(engine, case_id: str):
    a = models.agenda_items
    with engine.connect() as connection:
        return connection.execute(select(a).where(a.c.case_id == case_id)).one()


def test_a_revision_shows_on_the_agenda_item_and_a_late_older_one_is_ignored(scheduling_db):
    case_id = str(uuid.uuid4())
    first, second = SUBMITTED + timedelta(hours=1), SUBMITTED + timedelta(hours=2)
    with scheduling_db.begin() as session:
        agenda.add_waiting(session, submitted(case_id))

    with scheduling_db.begin() as session:
        assert agenda.revise(session, revision(case_id, "Heel pain, week 12", second))
    with scheduling_db.begin() as session:
        assert not agenda.revise(session, revision(case_id, "Heel pain, week 10", first))
        assert not agenda.revise(session, revision(case_id, "Heel pain, week 12", second))

    shown = item(scheduling_db, case_id)
    assert (shown.title, shown.urgency) == ("Heel pain, week 12", "soon")
    assert shown.question == "Shockwave, or heavy slow loading first?"


def test_a_case_that_becomes_a_patient_group_takes_a_longer_slot(scheduling_db):
    case_id = str(uuid.uuid4())
    with scheduling_db.begin() as session:
        agenda.add_waiting(session, submitted(case_id))
        agenda.revise(
            session, revision(case_id, "Heel pain in runners", SUBMITTED, "patient_group")
        )

    assert item(scheduling_db, case_id).minutes == SLOT_MINUTES["patient_group"]
    assert SLOT_MINUTES["patient_group"] > SLOT_MINUTES["patient_case"]


def test_a_revision_of_a_case_no_longer_on_any_agenda_changes_nothing(scheduling_db):
    with scheduling_db.begin() as session:
        assert not agenda.revise(session, revision(str(uuid.uuid4()), "Gone", SUBMITTED))
