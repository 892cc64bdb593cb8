"""Every event that concerns someone reaches them once, over real RabbitMQ and SMTP,
with a calendar invite that keeps their calendar in step with the rota."""

import re
import uuid
from datetime import timedelta

from contracts import events
from tests.support.api import eventually
from tests.support.conference_events import (
    LINK,
    assignment,
    at,
    cancelled,
    case_events,
    conference_events,
    moved,
)
from tests.support.events import envelope, invite_of, person, publish, to

ADMIN = "admin@demo.nhs.uk"


def by_subject(mail, email: str) -> dict:
    """Each message to `email` by the first words of its subject."""
    found = {}
    for message in to(mail, email):
        kind = re.split(r"[:?]| for ", message.subject)[0]
        assert kind not in found, f"{kind} twice to {email}"
        found[kind] = message
    return found


def test_each_message_reaches_the_right_people_with_an_invite_where_one_applies(
    product_on_rabbitmq, mail_sink, amqp_uri
):
    presenter, owner = person(), person()
    chair, physio = person("chair"), person("attendee")
    conference_id = str(uuid.uuid4())
    with product_on_rabbitmq():
        publish(amqp_uri, *case_events(presenter, person_only(chair), owner))
        publish(amqp_uri, assignment(conference_id, physio, "attendee", "added"))
        # Events of different types may be handled in any order; a seat on a
        # conference already cancelled rightly gets no invite, so wait for it.
        mail_sink.wait_for(lambda mail: to(mail, physio["email"]))
        publish(amqp_uri, *conference_events(conference_id, [chair, physio]))
        publish(amqp_uri, moved(conference_id, [chair, physio], 30))
        publish(amqp_uri, cancelled(conference_id, [chair, physio]))
        mail = mail_sink.wait_for(
            lambda mail: (
                (len(to(mail, presenter["email"])), len(to(mail, owner["email"]))) == (4, 2)
                and (len(to(mail, chair["email"])), len(to(mail, physio["email"]))) == (5, 4)
            ),
            timeout=30,
        )

    assert set(by_subject(mail, presenter["email"])) == {
        "Your case is scheduled",
        "Your case has moved",
        "What happened to your patient",
        "Reminder",
    }
    assert set(by_subject(mail, owner["email"])) == {"Action", "Action due today"}
    chair_mail = by_subject(mail, chair["email"])
    assert set(chair_mail) == {
        "New case on your conference agenda",
        "No outcome yet",
        "Agenda",
        "Moved",
        "Cancelled",
    }
    physio_mail = by_subject(mail, physio["email"])
    assert set(physio_mail) == {"Rota", "Agenda", "Moved", "Cancelled"}
    methods = {kind: invite_of(physio_mail[kind])[0] for kind in ("Rota", "Moved", "Cancelled")}
    assert methods == {"Rota": "REQUEST", "Moved": "REQUEST", "Cancelled": "CANCEL"}
    assert invite_of(chair_mail["Moved"])[0] == "REQUEST"
    without = [*to(mail, presenter["email"]), *to(mail, owner["email"]), physio_mail["Agenda"]]
    assert [m.subject for m in without if invite_of(m)] == []
    assert "Knee pain on stairs" in physio_mail["Agenda"].text


def person_only(panel_member: dict) -> dict:
    return {k: panel_member[k] for k in ("id", "name", "email")}


def calendar_of(message):
    method, calendar = invite_of(message)
    (event,) = calendar.events
    return method, event


def test_a_conference_moved_then_cancelled_updates_then_removes_the_same_calendar_entry(
    product_on_rabbitmq, mail_sink, amqp_uri
):
    chair, physio = person("chair"), person("attendee")
    conference_id = str(uuid.uuid4())
    with product_on_rabbitmq():
        publish(amqp_uri, assignment(conference_id, physio, "attendee", "added"))
        first = mail_sink.wait_for(lambda mail: len(to(mail, physio["email"])) == 1)
        publish(amqp_uri, moved(conference_id, [chair, physio], 90))
        mail_sink.wait_for(lambda mail: len(to(mail, physio["email"])) == 2)
        publish(amqp_uri, cancelled(conference_id, [chair, physio]))
        mail = mail_sink.wait_for(lambda mail: len(to(mail, physio["email"])) == 3)

    assigned, move, cancel = (calendar_of(m) for m in to(mail, physio["email"]))
    assert assigned[0] == move[0] == "REQUEST" and cancel[0] == "CANCEL"
    assert assigned[1]["UID"] == move[1]["UID"] == cancel[1]["UID"] == f"{conference_id}@mskpeer"
    assert assigned[1]["SEQUENCE"] < move[1]["SEQUENCE"] < cancel[1]["SEQUENCE"]
    assert move[1].start - assigned[1].start == timedelta(minutes=90)
    roles = {str(a): a.params["ROLE"] for a in move[1]["ATTENDEE"]}
    assert roles == {
        f"mailto:{chair['email']}": "CHAIR",
        f"mailto:{physio['email']}": "REQ-PARTICIPANT",
    }
    assert str(cancel[1]["STATUS"]) == "CANCELLED"
    assert [m.subject for m in first] and to(mail, chair["email"])


def test_removal_from_the_rota_cancels_and_a_role_change_sends_one_updated_invite(
    product_on_rabbitmq, mail_sink, amqp_uri
):
    leaving, promoted = person(), person()
    conference_id = str(uuid.uuid4())
    with product_on_rabbitmq() as api:
        publish(amqp_uri, assignment(conference_id, leaving, "attendee", "added"))
        publish(amqp_uri, assignment(conference_id, promoted, "attendee", "added"))
        mail_sink.wait_for(lambda mail: to(mail, leaving["email"]) and to(mail, promoted["email"]))
        # One rota: one person leaves; another goes from attendee to chair.
        publish(
            amqp_uri,
            assignment(conference_id, leaving, "attendee", "removed"),
            assignment(conference_id, promoted, "attendee", "removed"),
            assignment(conference_id, promoted, "chair", "added"),
        )
        mail = mail_sink.wait_for(lambda mail: len(to(mail, leaving["email"])) == 2, timeout=30)
        promoted_mail = mail_sink.wait_for(lambda mail: len(to(mail, promoted["email"])) == 2)
        log = api.get("/api/v1/notifications?page_size=500", ADMIN).json()["items"]

    method, event = calendar_of(to(mail, leaving["email"])[1])
    assert method == "CANCEL" and event["UID"] == f"{conference_id}@mskpeer"
    assert [a.params["ROLE"] for a in [event["ATTENDEE"]]] == ["REQ-PARTICIPANT"]
    added, promotion = (calendar_of(m) for m in to(promoted_mail, promoted["email"]))
    assert promotion[0] == "REQUEST" and promotion[1]["SEQUENCE"] > added[1]["SEQUENCE"]
    assert promotion[1]["ATTENDEE"].params["ROLE"] == "CHAIR"
    removal = [
        d for d in log if d["recipient_id"] == promoted["id"] and d["type"] == "assignment_removed"
    ]
    assert [d["status"] for d in removal] in ([], ["superseded"])
    assert len(to(mail_sink.messages(), promoted["email"])) == 2, "no cancellation went"


def test_a_panel_at_risk_is_reported_once_to_every_coordinator_without_an_invite(
    product_on_rabbitmq, mail_sink, amqp_uri
):
    coordinators = [person(tag="coordinator "), person(tag="coordinator ")]
    absent, standby = person(), person()
    warning = envelope(
        events.CONFERENCE_QUORUM_AT_RISK,
        {
            "warning_id": str(uuid.uuid4()),
            "conference_id": str(uuid.uuid4()),
            "starts_at": at(),
            "ends_at": at(60),
            "location": LINK,
            "cause": "quorum_check",
            "problems": ["panel of 3 outside 4-6"],
            "absent": [absent],
            "called_up": standby,
            "coordinators": coordinators,
            "raised_at": at(-24 * 60),
        },
    )
    with product_on_rabbitmq():
        publish(amqp_uri, warning, warning)
        mail = mail_sink.wait_for(
            lambda mail: all(to(mail, c["email"]) for c in coordinators), timeout=30
        )
    for coordinator in coordinators:
        (message,) = to(mail, coordinator["email"])
        assert message.subject.startswith("Quorum at risk: case conference on ")
        assert "panel of 3 outside 4-6" in message.text
        assert f"{standby['name']} was called up from standby" in message.text
        assert absent["name"] in message.text
        assert invite_of(message) is None
    assert not to(mail, standby["email"]) and not to(mail, absent["email"])


def test_a_repeated_event_sends_one_email(product_on_rabbitmq, mail_sink, amqp_uri):
    physio = person()
    conference_id = str(uuid.uuid4())
    event = assignment(conference_id, physio, "attendee", "added")
    with product_on_rabbitmq() as api:
        publish(amqp_uri, event, event)
        mail_sink.wait_for(lambda mail: to(mail, physio["email"]))
        publish(amqp_uri, event)
        eventually(
            lambda: api.get("/api/v1/notifications?page_size=500", ADMIN).json()["items"],
            lambda items: any(d["recipient_id"] == physio["id"] for d in items),
        )
        later = moved(conference_id, [{**physio, "role": "attendee"}], 30)
        publish(amqp_uri, later)  # sent after the duplicates, so it arrives after them
        mail = mail_sink.wait_for(lambda mail: len(to(mail, physio["email"])) == 2)
    assert [m.subject.split(":")[0] for m in to(mail, physio["email"])] == ["Rota", "Moved"]
    sequences = [calendar_of(m)[1]["SEQUENCE"] for m in to(mail, physio["email"])]
    assert sequences == [0, 1], "the repeats raised nothing"


def test_mail_sent_while_the_smtp_server_is_down_all_arrives_once_when_it_is_back(
    product_on_rabbitmq, mail_sink, amqp_uri
):
    people = [person() for _ in range(20)]
    conference_id = str(uuid.uuid4())
    with product_on_rabbitmq() as api:
        mail_sink.stop()
        try:
            publish(amqp_uri, *(assignment(conference_id, p, "attendee", "added") for p in people))
            ids = {p["id"] for p in people}

            def waiting():
                items = api.get("/api/v1/notifications?status=queued&page_size=500", ADMIN)
                return [d for d in items.json()["items"] if d["recipient_id"] in ids]

            eventually(
                waiting,
                lambda found: len(found) == 20 and all(d["attempts"] >= 1 for d in found),
                30,
                "every message to be tried and kept queued",
            )
        finally:
            mail_sink.start()
        mail = mail_sink.wait_for(
            lambda mail: all(to(mail, p["email"]) for p in people), timeout=60
        )
        # Each is recorded sent just after the server accepts it, so the last few
        # may still read "sending" the moment the mail arrives.
        mine = eventually(
            lambda: [
                d
                for d in api.get("/api/v1/notifications?page_size=500", ADMIN).json()["items"]
                if d["recipient_id"] in ids
            ],
            lambda found: len(found) == 20 and {d["status"] for d in found} == {"sent"},
            30,
            "every message to be recorded sent",
        )
    assert [len(to(mail, p["email"])) for p in people] == [1] * 20
    assert len(mine) == 20
