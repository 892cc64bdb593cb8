"""A handler that keeps failing ends in the dead-letter store, and replay delivers the event."""

import os
import subprocess
import sys

from kombu import Connection

from mskpeer.platform.publisher import event_exchange
from services.notifications import messages
from tests.support.api import eventually

PHYSIO = "physio@demo.nhs.uk"
ADMIN = "admin@demo.nhs.uk"


def broken_template(monkeypatch):
    def fail(self, message):
        raise RuntimeError("template missing after a bad deployment")

    monkeypatch.setattr(messages.Templates, "render", fail)


def parked_acknowledgements(api):
    items = api.get("/api/v1/admin/dead-letters", ADMIN).json()["items"]
    return [d for d in items if d["handler"] == "notifications.handle_case_submitted"]


def test_a_failing_handler_is_retried_then_parked_and_replay_delivers_it(
    product_on_rabbitmq, mail_sink, monkeypatch
):
    with product_on_rabbitmq(HANDLER_MAX_ATTEMPTS=3) as api:
        broken_template(monkeypatch)
        case = api.submit_case(PHYSIO, title="Parked then replayed: hip pain at night")

        parked = eventually(lambda: parked_acknowledgements(api), bool, 20, "a dead letter")
        (dead,) = parked
        assert dead["status"] == "parked"
        assert dead["attempts"] == 3
        assert dead["event_type"] == "case.submitted"
        assert "template missing" in dead["error"]
        # The other consumers of the same event were not held up by this one.
        api.wait_for_case(PHYSIO, case["id"], "scheduled")
        assert api.get("/api/v1/admin/dead-letters", PHYSIO).status_code == 403

        monkeypatch.undo()  # the fix is deployed
        replayed = api.post(f"/api/v1/admin/dead-letters/notifications/{dead['id']}/replay", ADMIN)
        assert replayed.status_code == 200, replayed.text
        assert replayed.json()["status"] == "replayed"

        mail_sink.wait_for(
            lambda mail: any(m.subject == f"Case received: {case['title']}" for m in mail)
        )
        again = api.post(f"/api/v1/admin/dead-letters/notifications/{dead['id']}/replay", ADMIN)
        assert again.json()["status"] == "replayed"
        missing = api.post("/api/v1/admin/dead-letters/notifications/999999/replay", ADMIN)
        assert missing.status_code == 404
    acks = [m for m in mail_sink.messages() if m.subject == f"Case received: {case['title']}"]
    assert len(acks) == 1, "a replay delivers once, however often it is asked for"


def test_the_command_line_lists_and_replays_dead_letters(
    product_on_rabbitmq, mail_sink, database_urls, monkeypatch
):
    env = dict(os.environ, **{f"{s.upper()}_DATABASE_URL": u for s, u in database_urls.items()})
    command = [sys.executable, "-m", "mskpeer.cli", "dead-letters"]
    with product_on_rabbitmq(HANDLER_MAX_ATTEMPTS=2) as api:
        broken_template(monkeypatch)
        case = api.submit_case(PHYSIO, title="Replayed from the command line: ankle sprain")
        (dead,) = eventually(lambda: parked_acknowledgements(api), bool, 20, "a dead letter")

        listed = subprocess.run(
            [*command, "list"], env=env, capture_output=True, text=True, check=True
        )
        assert f'"event_id": "{dead["event_id"]}"' in listed.stdout

        monkeypatch.undo()
        subprocess.run(
            [*command, "replay", "notifications", str(dead["id"])],
            env=env,
            check=True,
            capture_output=True,
        )
        mail_sink.wait_for(
            lambda mail: any(m.subject == f"Case received: {case['title']}" for m in mail)
        )
        eventually(
            lambda: parked_acknowledgements(api)[0]["status"],
            lambda s: s == "replayed",
            10,
            "the dead letter to be marked replayed",
        )


def test_a_message_that_is_not_an_event_is_parked_at_once_not_retried_forever(
    product_on_rabbitmq, mail_sink, amqp_uri
):
    with product_on_rabbitmq() as api:
        with Connection(amqp_uri) as connection:
            connection.Producer().publish(
                {"hello": "not an envelope"},
                exchange=event_exchange("cases"),
                routing_key="case.submitted",
                serializer="json",
            )
        parked = eventually(
            lambda: [d for d in dead_letters(api) if d["event_type"] == "malformed"],
            lambda found: len(found) == 2,
            20,
            "both consumers to park it",
        )
        assert {d["handler"] for d in parked} == {
            "notifications.handle_case_submitted",
            "scheduling.handle_case_submitted",
        }
        assert all("not a valid event envelope" in d["error"] for d in parked)

        case = api.submit_case(PHYSIO, title="After a poison message: neck pain")
        api.wait_for_case(PHYSIO, case["id"], "scheduled")


def dead_letters(api):
    return api.get("/api/v1/admin/dead-letters", ADMIN).json()["items"]
