"""A rolling upgrade of case.submitted (v1 to v2) over real RabbitMQ and PostgreSQL.

Beside the whole product, two consumers of case.submitted run with databases of
their own: one upgraded (reads v2, upcasting v1) and one still on the release
before (its handler is written for v1 and knows nothing newer: `reads=1`).
The cases service is pinned to v1, as during step 1 of docs/events.md's procedure.
"""

from __future__ import annotations

import contextlib
import uuid
from datetime import UTC, datetime

from nameko.runners import ServiceRunner
from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, insert, select

from contracts import events
from contracts.envelope import Envelope
from mskpeer.platform.consumer import on_event
from mskpeer.platform.database import Database
from mskpeer.platform.engine import make_engine
from mskpeer.platform.service import ReliableService
from mskpeer.platform.tables import add_messaging_tables
from services.cases import models as cases_models
from tests.support.api import case_details, eventually
from tests.support.events import envelope, person, publish
from tests.support.infra import postgres_databases
from tests.support.system import product_config

PHYSIO = "physio@demo.nhs.uk"
ADMIN = "admin@demo.nhs.uk"
SPINAL = {"flags": ["cauda_equina"], "pathway": "same_day_spinal"}
ESCALATED = {
    "summary": "Low back pain after lifting, new saddle numbness since yesterday.",
    "body_region": "lumbar_spine",
    "red_flags_escalated": True,
    "escalation_pathway": "same_day_spinal",
    "escalated_to": "on-call spinal registrar",
}

metadata = MetaData()
messaging = add_messaging_tables(metadata)
heard = Table(
    "heard",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(36), nullable=False),
    Column("flags", JSON, nullable=False),
    Column("pathway", String(30), nullable=True),
)


def remember(tx, case_id: str, flags: list, pathway: str | None) -> None:
    tx.session.execute(insert(heard).values(case_id=case_id, flags=flags, pathway=pathway))


class OldReader(ReliableService):
    """A consumer still on the release before v2: it reads the two loose v1 fields."""

    name = "old_reader"
    db = Database(metadata, messaging)

    @on_event(events.CASE_SUBMITTED, reads=1)
    def handle_case_submitted(self, event, tx):
        data = event.data
        remember(tx, data["case_id"], data.get("red_flags") or [], data.get("escalation_pathway"))


class NewReader(ReliableService):
    """A consumer on the release that reads v2; older events reach it upcast."""

    name = "new_reader"
    db = Database(metadata, messaging)

    @on_event(events.CASE_SUBMITTED)
    def handle_case_submitted(self, event, tx):
        escalation = event.data["red_flag_escalation"] or {"flags": [], "pathway": None}
        remember(tx, event.data["case_id"], escalation["flags"], escalation["pathway"])


class OldReaderUpgraded(NewReader):
    """The old reader once the upgrade reaches it: same name, queue and dead letters."""

    name = "old_reader"


@contextlib.contextmanager
def running(config: dict, *services):
    runner = ServiceRunner(config)
    for service in services:
        runner.add_service(service)
    runner.start()
    try:
        yield
    finally:
        runner.stop()


def rows(url: str, table: Table) -> list:
    engine = make_engine(url, green=False)
    try:
        with engine.connect() as connection:
            return connection.execute(select(table).order_by(table.c.id)).all()
    finally:
        engine.dispose()


def heard_of(url: str, case_id: str) -> list[tuple]:
    return [(r.flags, r.pathway) for r in rows(url, heard) if r.case_id == case_id]


def letters(url: str, event_id: str) -> list:
    return [r for r in rows(url, messaging["dead_letters"]) if r.event_id == event_id]


def upgraded_producers_event(presenter: dict) -> Envelope:
    """case.submitted v2 as the cases service sends it once its pin is lifted."""
    return envelope(
        events.CASE_SUBMITTED,
        {
            "case_id": str(uuid.uuid4()),
            "kind": "patient_case",
            "title": "Back pain with saddle numbness, escalated",
            "question": "What rehabilitation once the spinal team has seen her?",
            "body_region": "lumbar_spine",
            "urgency": "soon",
            "intended_plan": "unsure",
            "presenter": presenter,
            "submitted_at": datetime.now(UTC).isoformat(),
            "red_flag_escalation": SPINAL,
        },
    )


def test_old_and_new_consumers_read_both_versions_and_the_old_one_catches_up_when_upgraded(
    product_on_rabbitmq, amqp_uri, database_urls, mail_sink
):
    with postgres_databases(("old_reader", "new_reader")) as urls:
        for url in urls.values():
            engine = make_engine(url, green=False)
            metadata.create_all(engine)
            engine.dispose()
        readers = product_config(amqp_uri, urls, mail_sink.port, SEED_DEMO=False)
        pinned = product_on_rabbitmq(EVENT_VERSION_PINS="case.submitted=1")
        with pinned as api, running(readers, OldReader, NewReader):
            # 1. The pinned producer sends v1, which old and new consumers read alike.
            details = case_details(title="Back pain after lifting, escalated", **ESCALATED)
            submitted = api.post("/api/v1/cases", PHYSIO, json=details)
            assert submitted.status_code == 201, submitted.text
            case_id = submitted.json()["id"]
            for url in urls.values():
                assert eventually(lambda u=url: heard_of(u, case_id), bool, 20) == [
                    (SPINAL["flags"], SPINAL["pathway"])
                ]
            (sent,) = [
                r.envelope
                for r in rows(database_urls["cases"], cases_models.messaging["outbox"])
                if r.event_type == events.CASE_SUBMITTED
                and r.envelope["data"]["case_id"] == case_id
            ]
            assert sent["schema_version"] == 1 and sent["data"]["red_flags"] == ["cauda_equina"]
            # The product's own consumers (upgraded) upcast it: the chair's agenda shows it.
            case = api.wait_for_case(PHYSIO, case_id, "scheduled")
            agenda = api.get(f"/api/v1/conferences/{case['conference_id']}", PHYSIO).json()
            (item,) = [i for i in agenda["agenda"] if i["case_id"] == case_id]
            assert (item["red_flags"], item["escalation_pathway"]) == (
                SPINAL["flags"],
                SPINAL["pathway"],
            )

            # 2. A producer upgraded too early sends v2: the new consumer applies it as it
            # applied v1; the old one cannot read it and parks it to wait for its upgrade.
            v2 = upgraded_producers_event(person())
            publish(amqp_uri, v2)
            assert eventually(lambda: heard_of(urls["new_reader"], v2.data["case_id"]), bool) == [
                (SPINAL["flags"], SPINAL["pathway"])
            ]
            (waiting,) = eventually(lambda: letters(urls["old_reader"], v2.event_id), bool)
            assert waiting.status == "awaiting_upgrade"
            assert "version 2 is newer than the version 1 this consumer reads" in waiting.error
            assert heard_of(urls["old_reader"], v2.data["case_id"]) == []

            # 3. A version nobody knows yet waits everywhere, in the product's consumers too.
            future = Envelope.new(
                events.CASE_SUBMITTED,
                {**v2.data, "case_id": str(uuid.uuid4())},
                now=datetime.now(UTC),
                schema_version=3,
            )
            publish(amqp_uri, future)
            for url in urls.values():
                (parked,) = eventually(lambda u=url: letters(u, future.event_id), bool)
                assert parked.status == "awaiting_upgrade" and "version 3" in parked.error

            def product_waits():
                listed = api.get("/api/v1/admin/dead-letters", ADMIN).json()["items"]
                return {d["handler"]: d for d in listed if d["event_id"] == future.event_id}

            waits = eventually(product_waits, lambda found: len(found) == 2)
            assert set(waits) == {
                "scheduling.handle_case_submitted",
                "notifications.handle_case_submitted",
            }
            assert {d["status"] for d in waits.values()} == {"awaiting_upgrade"}

        # 4. The upgrade reaches the old reader: it replays the v2 it parked, by itself,
        # and still leaves the version it does not know waiting.
        with running(readers, OldReaderUpgraded, NewReader):
            eventually(
                lambda: letters(urls["old_reader"], v2.event_id)[0].status,
                lambda status: status == "replayed",
                20,
                "the upgraded replica to replay the v2 it had parked",
            )
            assert heard_of(urls["old_reader"], v2.data["case_id"]) == [
                (SPINAL["flags"], SPINAL["pathway"])
            ]
            (still,) = letters(urls["old_reader"], future.event_id)
            assert still.status == "awaiting_upgrade"
        # Each consumer applied each event once: v1 and v2, never v3.
        for url in urls.values():
            assert sorted(r.case_id for r in rows(url, heard)) == sorted(
                [case_id, v2.data["case_id"]]
            )
