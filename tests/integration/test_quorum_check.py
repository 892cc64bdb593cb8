"""The check a day before each meeting, on the scheduling database (PostgreSQL and SQLite)."""

import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select

from contracts import events
from mskpeer.platform.database import Transaction
from services.scheduling import models, quorum_check

NOW = datetime(2027, 3, 8, 9, 0, tzinfo=UTC)
BEFORE = timedelta(hours=24)
# (name, band, service, site, may chair)
PEOPLE = {
    "chair": ("Chris Chair", 8, "msk_esp", "Poole", True),
    "standby": ("Sam Standby", 7, "orthopaedics", "Swanage", True),
    "esp": ("Erin Esp", 6, "msk_esp", "Bridport", False),
    "b5": ("Bea Five", 5, "core_physio", "Weymouth", False),
    "b4": ("Ben Four", 4, "orthopaedics", "Bridport", False),
    "coordinator": ("Cora Coordinator", 7, "core_physio", "Poole", False),
}


class Meeting:
    """A conference tomorrow with a sound panel of four and a standby chair."""

    def __init__(self, connection, starts_at: datetime):
        tag = uuid.uuid4().hex[:8]
        self.ids = {key: f"{key}-{tag}" for key in PEOPLE}
        sites = {}
        for name in {p[3] for p in PEOPLE.values()}:
            sites[name] = f"{name}-{tag}"
            connection.execute(insert(models.sites).values(id=sites[name], name=f"{name} {tag}"))
        for key, (name, band, service, site, chairs) in PEOPLE.items():
            connection.execute(
                insert(models.clinicians).values(
                    id=self.ids[key],
                    name=name,
                    email=f"{key}.{tag}@demo.nhs.uk",
                    band=band,
                    service=service,
                    site_id=sites[site],
                    roles=["clinician", "coordinator"] if key == "coordinator" else ["clinician"],
                    can_chair=chairs,
                    expertise=[],
                    active=True,
                )
            )
        series, self.id = str(uuid.uuid4()), str(uuid.uuid4())
        connection.execute(
            insert(models.series).values(
                id=series,
                name=f"Weekly {tag}",
                weekday=starts_at.weekday(),
                start_time="12:30",
                duration_minutes=60,
                every_weeks=1,
                first_date=date(2027, 1, 4),
                location="https://teams.example.nhs.uk/msk",
                panel_min=4,
                panel_max=6,
            )
        )
        connection.execute(
            insert(models.conferences).values(
                id=self.id,
                series_id=series,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=1),
                series_slot=starts_at,
                location="https://teams.example.nhs.uk/msk",
                status="scheduled",
                chair_id=self.ids["chair"],
            )
        )
        roles = {"chair": "chair", "standby": "standby", "esp": "attendee", "b5": "attendee"}
        roles["b4"] = "attendee"
        for key, role in roles.items():
            connection.execute(
                insert(models.attendees).values(
                    conference_id=self.id, clinician_id=self.ids[key], role=role
                )
            )
        self.day = starts_at.date()

    def away(self, connection, *keys):
        for key in keys:
            connection.execute(
                insert(models.unavailability).values(
                    clinician_id=self.ids[key],
                    day=self.day,
                    reason="Clinic cover",
                    recorded_by=self.ids[key],
                    recorded_at=NOW,
                )
            )

    def seats(self, connection) -> dict[str, str]:
        a = models.attendees
        rows = connection.execute(select(a).where(a.c.conference_id == self.id)).all()
        by_id = {v: k for k, v in self.ids.items()}
        return {by_id[r.clinician_id]: r.role for r in rows}


def check(engine, meeting: Meeting) -> list:
    """The timer's work: claim what is due, then secure it. Returns what was emitted."""
    with engine.begin() as connection:
        tx = Transaction(connection, models.messaging, lambda: NOW)
        for conference_id in quorum_check.due(connection, NOW, BEFORE):
            if conference_id == meeting.id and quorum_check.claim(connection, conference_id, NOW):
                quorum_check.secure(tx, conference_id, "quorum_check", None, NOW)
    return tx.emitted


def test_a_chair_away_tomorrow_is_replaced_by_the_standby_with_one_updated_invite_each(
    scheduling_db,
):
    with scheduling_db.begin() as connection:
        meeting = Meeting(connection, NOW + timedelta(hours=20))
        meeting.away(connection, "chair")

    emitted = check(scheduling_db, meeting)

    with scheduling_db.connect() as connection:
        seats = meeting.seats(connection)
    assert seats == {"standby": "chair", "esp": "attendee", "b5": "attendee", "b4": "attendee"}
    changes = {
        (e.data["clinician"]["name"], e.data["role"], e.data["change"])
        for e in emitted
        if e.event_type == events.CONFERENCE_ASSIGNMENT_CHANGED
    }
    assert changes == {
        ("Chris Chair", "chair", "removed"),
        ("Sam Standby", "standby", "removed"),
        ("Sam Standby", "chair", "added"),
    }
    added = next(e for e in emitted if e.data.get("change") == "added")
    assert added.data["reasons"] == ["called up from standby to chair: someone cannot come"]
    assert not [e for e in emitted if e.event_type == events.CONFERENCE_QUORUM_AT_RISK]
    assert check(scheduling_db, meeting) == [], "each meeting is checked once"


def test_a_panel_the_standby_cannot_save_is_reported_to_the_coordinators_by_name(scheduling_db):
    with scheduling_db.begin() as connection:
        meeting = Meeting(connection, NOW + timedelta(hours=20))
        later = Meeting(connection, NOW + timedelta(hours=30))
        meeting.away(connection, "b5", "b4")

    emitted = check(scheduling_db, meeting)

    with scheduling_db.connect() as connection:
        seats = meeting.seats(connection)
        warnings, _ = quorum_check.warnings(connection, NOW, True, 0, 100)
        due = quorum_check.due(connection, NOW, BEFORE)
        due_later = quorum_check.due(connection, NOW + timedelta(hours=6), BEFORE)
    assert seats == {"chair": "chair", "esp": "attendee", "standby": "attendee"}
    at_risk = [e.data for e in emitted if e.event_type == events.CONFERENCE_QUORUM_AT_RISK]
    assert len(at_risk) == 1
    warning = at_risk[0]
    assert warning["conference_id"] == meeting.id and warning["cause"] == "quorum_check"
    assert "panel of 3 outside 4-6" in warning["problems"]
    assert {p["name"] for p in warning["absent"]} == {"Bea Five", "Ben Four"}
    assert warning["called_up"]["name"] == "Sam Standby"
    assert meeting.ids["coordinator"] in {p["id"] for p in warning["coordinators"]}
    listed = next(w for w in warnings if w["conference_id"] == meeting.id)
    assert listed["id"] == warning["warning_id"] and listed["resolved_at"] is None
    assert meeting.id not in due, "checked once"
    assert later.id not in due, "not for another 6 hours"
    assert later.id in due_later


def test_a_sound_panel_is_left_alone_and_nobody_is_told(scheduling_db):
    with scheduling_db.begin() as connection:
        meeting = Meeting(connection, NOW + timedelta(hours=20))

    assert check(scheduling_db, meeting) == []
    with scheduling_db.connect() as connection:
        assert meeting.seats(connection)["standby"] == "standby"
