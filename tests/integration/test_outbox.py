"""No event is lost between a commit and its publish, and none has two effects."""

import uuid

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from contracts import events
from contracts.envelope import Envelope
from mskpeer.platform.clock import utc_now
from mskpeer.platform.database import Database
from mskpeer.platform.engine import make_engine
from mskpeer.platform.publisher import EventPublisher
from services.cases import models as case_models
from services.scheduling import models as scheduling_models
from tests.support.api import case_details, eventually

PHYSIO = "physio@demo.nhs.uk"


def acknowledgements(mail_sink, title):
    return [m for m in mail_sink.messages() if m.subject == f"Case received: {title}"]


def test_a_case_whose_service_died_before_publishing_still_gets_its_acknowledgement(
    product_on_rabbitmq, mail_sink, database_urls, monkeypatch
):
    died_before_publishing = []
    publish = Database.publish_committed

    def die_before_publishing(provider, envelopes):
        # The commit happened; the process "dies" before publishing or marking anything.
        if provider.container.service_name == "cases":
            died_before_publishing.extend(e.event_type for e in envelopes)
            return
        publish(provider, envelopes)

    monkeypatch.setattr(Database, "publish_committed", die_before_publishing)
    with product_on_rabbitmq() as api:
        case = api.submit_case(PHYSIO, title="Relayed after a crash: knee effusion")
        assert died_before_publishing == [events.CASE_SUBMITTED, events.CASE_MATCHED]

        mail_sink.wait_for(lambda _: acknowledgements(mail_sink, case["title"]), timeout=15)
        api.wait_for_case(PHYSIO, case["id"], "scheduled")

    assert len(acknowledgements(mail_sink, case["title"])) == 1
    outbox = case_models.messaging["outbox"]
    engine = make_engine(database_urls["cases"], green=False)
    with Session(engine) as session:
        unpublished = session.execute(
            select(outbox.c.event_id).where(outbox.c.published_at.is_(None))
        ).all()
    engine.dispose()
    assert unpublished == [], "the relay marks what it published"


def test_an_event_delivered_twice_has_one_effect(
    product_on_rabbitmq, mail_sink, database_urls, amqp_uri
):
    request_id = str(uuid.uuid4())
    with product_on_rabbitmq() as api:
        submitted = api.post(
            "/api/v1/cases",
            PHYSIO,
            headers={"X-Request-ID": request_id},
            json=case_details(title="Delivered twice: plantar heel pain"),
        )
        assert submitted.headers["X-Request-ID"] == request_id
        case = submitted.json()
        api.wait_for_case(PHYSIO, case["id"], "scheduled")
        mail_sink.wait_for(lambda _: acknowledgements(mail_sink, case["title"]))

        # The broker redelivers the very same event (same event id) twice more.
        outbox = case_models.messaging["outbox"]
        engine = make_engine(database_urls["cases"], green=False)
        with Session(engine) as session:
            (wire,) = session.execute(
                select(outbox.c.envelope).where(outbox.c.event_type == events.CASE_SUBMITTED)
            ).one()
        assert wire["correlation_id"] == request_id, "the request's id follows its events"
        EventPublisher(amqp_uri).publish_all([Envelope.from_wire(wire)] * 2)

        # And the relay publishes it once more, as after a crash between publish and marking.
        with Session(engine) as session, session.begin():
            session.execute(
                update(outbox)
                .where(outbox.c.event_type == events.CASE_SUBMITTED)
                .values(published_at=None, created_at=utc_now().replace(year=2000))
            )
        engine.dispose()
        eventually(lambda: _published(database_urls), bool, 10, "the relay to republish")

        # A later case proves the consumers have drained everything before it.
        later = api.submit_case(PHYSIO, title="After the duplicates: calf strain")
        mail_sink.wait_for(lambda _: acknowledgements(mail_sink, later["title"]))
        api.wait_for_case(PHYSIO, later["id"], "scheduled")

    assert len(acknowledgements(mail_sink, case["title"])) == 1
    agenda = scheduling_models.agenda_items
    engine = make_engine(database_urls["scheduling"], green=False)
    with Session(engine) as session:
        placed = session.execute(select(agenda).where(agenda.c.case_id == case["id"])).all()
    engine.dispose()
    assert len(placed) == 1
    chair_mail = [
        m
        for m in mail_sink.messages()
        if m.subject.endswith(case["title"])
        and m.subject.startswith("New case on your conference agenda")
    ]
    assert len(chair_mail) == 1, [m.subject for m in mail_sink.messages()]


def _published(database_urls) -> bool:
    outbox = case_models.messaging["outbox"]
    engine = make_engine(database_urls["cases"], green=False)
    with Session(engine) as session:
        waiting = session.execute(select(outbox.c.id).where(outbox.c.published_at.is_(None))).all()
    engine.dispose()
    return not waiting
