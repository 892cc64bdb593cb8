"""What a clinician chose decides which messages come, and when; essential ones always do."""

import uuid
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from contracts import events
from mskpeer.platform.engine import make_engine
from mskpeer.platform.migrate import upgrade
from services.notifications import calendar_mail, deliveries, digests, mailroom, models
from services.notifications import preferences as chosen
from services.notifications.domain import Preferences
from services.notifications.messages import Message, Templates
from tests.support.api import eventually
from tests.support.conference_events import LINK, assignment, at, moved
from tests.support.events import envelope, person, publish, to

PHYSIO = "physio@demo.nhs.uk"
PREFERENCES = "/api/v1/me/notification-preferences"
NOW = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)  # after the 07:00 digest (GMT)
render = Templates().render


def agenda(conference_id: str, people: list[dict]):
    return envelope(
        events.CONFERENCE_AGENDA_PUBLISHED,
        {
            "conference_id": conference_id,
            "starts_at": at(),
            "ends_at": at(60),
            "location": LINK,
            "people": people,
            "items": [],
            "published_at": datetime.now(UTC).isoformat(),
        },
    )


def action_due(owner: dict):
    return envelope(
        events.ACTION_DUE,
        {
            "action_id": 77,
            "conference_id": str(uuid.uuid4()),
            "case_id": str(uuid.uuid4()),
            "title": "Heel pain in the morning",
            "owner": owner,
            "description": "Check night splint",
            "due_date": NOW.date().isoformat(),
            "assigned_at": NOW.isoformat(),
        },
    )


def test_a_clinician_on_a_digest_gets_essentials_at_once_and_the_rest_held_or_not_at_all(
    product_on_rabbitmq, mail_sink, amqp_uri
):
    with product_on_rabbitmq() as api:
        me = api.get("/api/v1/me", PHYSIO).json()
        physio = {"id": me["id"], "name": me["name"], "email": me["email"]}
        digest = {"agenda": True, "reminders": False, "digest": "daily"}
        assert api.put(PREFERENCES, PHYSIO, json=digest).status_code == 200
        conference_id = str(uuid.uuid4())
        seated = {**physio, "role": "attendee"}
        publish(amqp_uri, agenda(conference_id, [seated]), action_due(physio))
        publish(amqp_uri, moved(conference_id, [seated], 45))

        def mine():
            log = api.get("/api/v1/notifications?mine=true&page_size=500", PHYSIO).json()
            return {
                d["type"]: d["status"]
                for d in log["items"]
                if d["type"] in ("agenda_published", "action_due", "conference_moved")
            }

        expected = {"agenda_published": "held", "action_due": "skipped", "conference_moved": "sent"}
        eventually(
            mine, lambda found: found == expected, 20, "the essential one sent, the others not"
        )
        held = api.get("/api/v1/notifications?mine=true&status=held", PHYSIO).json()["items"]
        assert [d["type"] for d in held] == ["agenda_published"]
        assert not [m for m in to(mail_sink.messages(), PHYSIO) if "Agenda" in m.subject]

        # Back to one by one: what the digest held goes now, not tomorrow.
        off = {"agenda": True, "reminders": True, "digest": "off"}
        assert api.put(PREFERENCES, PHYSIO, json=off).status_code == 200
        mail_sink.wait_for(
            lambda mail: any(m.subject.startswith("Agenda:") for m in to(mail, PHYSIO))
        )
        assert mine()["agenda_published"] == "sent"
    assert not [m for m in to(mail_sink.messages(), PHYSIO) if "Action due" in m.subject]


def test_each_of_the_panel_is_reminded_the_day_before_once_in_their_role(
    product_on_rabbitmq, mail_sink, amqp_uri
):
    keen, busy = person(), person()
    conference_id = str(uuid.uuid4())
    with product_on_rabbitmq(REMINDER_BEFORE="400d") as api:  # every conference is "tomorrow"
        publish(
            amqp_uri,
            assignment(conference_id, keen, "chair", "added"),
            assignment(conference_id, busy, "attendee", "added"),
        )
        mail = mail_sink.wait_for(
            lambda mail: any(m.subject.startswith("Reminder:") for m in to(mail, keen["email"])),
            timeout=40,
        )
        log = api.get("/api/v1/notifications?page_size=500", "admin@demo.nhs.uk").json()
    reminders = [m for m in to(mail, keen["email"]) if m.subject.startswith("Reminder:")]
    assert len(reminders) == 1 and "as chair" in reminders[0].text
    sent = {(d["recipient_id"], d["type"]) for d in log["items"]}
    assert (busy["id"], "conference_reminder") in sent


@pytest.fixture(params=["postgresql", "sqlite"])
def notifications_db(request, tmp_path):
    if request.param == "postgresql":
        url = request.getfixturevalue("database_urls")["notifications"]
    else:
        url = f"sqlite:///{tmp_path / 'notifications.db'}"
    upgrade("notifications", url)
    engine = make_engine(url, green=False)
    yield engine
    engine.dispose()


def agenda_message(who: dict, words: str) -> Message:
    return Message(
        "agenda_published",
        who,
        f"Agenda: {words}",
        {
            "link": "L",
            "when": words,
            "location": LINK,
            "items": [],
            "role": "attendee",
        },
    )


def statuses(connection, recipient_id: str) -> list[str]:
    table = models.deliveries
    rows = connection.execute(
        select(table.c.status).where(table.c.recipient_id == recipient_id).order_by(table.c.id)
    )
    return list(rows.scalars())


def test_one_daily_digest_per_person_carries_what_was_held_before_its_time(notifications_db):
    pat, sam = person(), person()
    with notifications_db.begin() as connection:
        for who in (pat, sam):
            chosen.save(connection, who["id"], Preferences(digest="daily"), NOW)
        yesterday = NOW - timedelta(hours=20)
        for n, who in enumerate((pat, pat, sam)):
            message = agenda_message(who, f"meeting {n}")
            mailroom.post(connection, str(uuid.uuid4()), [message], render, yesterday)
        mailroom.post(connection, "late", [agenda_message(pat, "after seven")], render, NOW)
        assert statuses(connection, pat["id"]) == ["held"] * 3

    with notifications_db.begin() as connection:
        made = digests.compose_due(connection, NOW, time(7), render)
        assert len(made) == 2, "one digest each"
        assert statuses(connection, pat["id"]) == ["digested", "digested", "held", "queued"]
        table = models.deliveries
        digest = connection.execute(select(table).where(table.c.id.in_(made))).all()
        pats = next(d for d in digest if d.recipient_id == pat["id"])
        assert pats.message_type == "digest" and "2 messages" in pats.subject
        assert "Agenda: meeting 0" in pats.text and "Agenda: meeting 1" in pats.text
        assert "after seven" not in pats.text
        assert f"Dear {pat['name']}" in pats.text and pats.text.count("Dear ") == 1
    with notifications_db.begin() as connection:
        assert digests.compose_due(connection, NOW + timedelta(hours=3), time(7), render) == []
    with notifications_db.begin() as connection:
        tomorrow = digests.compose_due(connection, NOW + timedelta(days=1), time(7), render)
        assert len(tomorrow) == 1
        assert statuses(connection, pat["id"])[2] == deliveries.DIGESTED


def test_a_reminder_goes_once_per_start_time_and_again_when_the_conference_moves(
    notifications_db,
):
    seated = person()
    conference_id = str(uuid.uuid4())
    starts = NOW + timedelta(days=2)
    added = assignment(conference_id, seated, "attendee", "added")
    added = envelope(
        events.CONFERENCE_ASSIGNMENT_CHANGED,
        {**added.data, "starts_at": starts.isoformat(), "ends_at": starts.isoformat()},
        now=NOW,
    )
    day = timedelta(hours=24)
    with notifications_db.begin() as connection:
        calendar_mail.invites_for(connection, added, "MSK <n@x.nhs.uk>", "B", NOW)
        assert calendar_mail.due_reminders(connection, NOW, day, "B") == []
        ((_, messages),) = calendar_mail.due_reminders(
            connection, starts - timedelta(hours=23), day, "B"
        )
        assert [m.recipient["id"] for m in messages] == [seated["id"]]
        assert calendar_mail.due_reminders(connection, starts - timedelta(hours=22), day, "B") == []
    later = starts + timedelta(days=1)
    move = envelope(
        events.CONFERENCE_MOVED,
        {
            "conference_id": conference_id,
            "previous_starts_at": starts.isoformat(),
            "starts_at": later.isoformat(),
            "ends_at": (later + timedelta(hours=1)).isoformat(),
            "location": LINK,
            "people": [{**seated, "role": "attendee"}],
            "moved_at": (NOW + timedelta(hours=30)).isoformat(),
        },
        now=NOW + timedelta(hours=30),
    )
    with notifications_db.begin() as connection:
        calendar_mail.invites_for(connection, move, "MSK <n@x.nhs.uk>", "B", NOW)
        assert (
            len(calendar_mail.due_reminders(connection, later - timedelta(hours=2), day, "B")) == 1
        )
