"""Each conference's agenda is sent once, a set time before it starts, in the chair's order."""

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from contracts import events
from mskpeer.platform.database import Transaction
from services.scheduling import conference_changes, models
from tests.support.scheduling_rows import TEAMS, a_series

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
BEFORE = timedelta(hours=48)


def a_conference(connection, starts: datetime, titles: list[str]) -> str:
    conference = str(uuid.uuid4())
    series = a_series(connection)
    connection.execute(
        insert(models.conferences).values(
            id=conference,
            series_id=series,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            series_slot=starts,
            location=TEAMS,
            status="scheduled",
        )
    )
    for position, title in enumerate(titles):
        connection.execute(
            insert(models.agenda_items).values(
                case_id=str(uuid.uuid4()),
                conference_id=conference,
                kind="patient_case",
                title=title,
                question="What next?",
                urgency="routine",
                presenter={"id": "p", "name": "Pat Physio", "email": "physio@demo.nhs.uk"},
                minutes=10,
                submitted_at=NOW - timedelta(days=3),
                position=len(titles) - position,  # the chair put them in reverse
            )
        )
    return conference


def publish(engine) -> list[dict]:
    with engine.begin() as connection:
        tx = Transaction(connection, models.messaging, lambda: NOW)
        conference_changes.publish_due_agendas(tx, NOW, BEFORE)
    return [e.data for e in tx.emitted if e.event_type == events.CONFERENCE_AGENDA_PUBLISHED]


def test_an_agenda_goes_out_once_within_the_window_in_the_chairs_order(scheduling_db):
    with scheduling_db.begin() as connection:
        soon = a_conference(connection, NOW + timedelta(hours=30), ["Knee", "Hip"])
        a_conference(connection, NOW + timedelta(hours=60), ["Not yet"])
        a_conference(connection, NOW - timedelta(hours=1), ["Already started"])

    published = publish(scheduling_db)
    assert [p["conference_id"] for p in published] == [soon]
    assert [item["title"] for item in published[0]["items"]] == ["Hip", "Knee"]
    first, second = published[0]["items"]
    assert first["slot_ends_at"] == second["slot_starts_at"]
    assert publish(scheduling_db) == [], "an agenda is sent once"


def test_an_agenda_that_changes_after_it_went_out_is_sent_again_as_changed(scheduling_db):
    with scheduling_db.begin() as connection:
        soon = a_conference(connection, NOW + timedelta(hours=40), [])
    (first,) = publish(scheduling_db)
    assert first["items"] == [] and "changed" not in first

    with scheduling_db.begin() as connection:  # a case is placed after the agenda went out
        connection.execute(
            insert(models.agenda_items).values(
                case_id=str(uuid.uuid4()),
                conference_id=soon,
                kind="patient_case",
                title="Late: shoulder pain",
                question="Imaging now?",
                urgency="soon",
                presenter={"id": "p", "name": "Pat Physio", "email": "physio@demo.nhs.uk"},
                minutes=10,
                submitted_at=NOW,
            )
        )
    (again,) = publish(scheduling_db)
    assert again["changed"] is True
    assert [item["title"] for item in again["items"]] == ["Late: shoulder pain"]
    assert publish(scheduling_db) == [], "sent again only when it changes again"
