"""AMQP_QUEUE_TYPE=quorum on a real broker: the queues the product consumes are
replicated, its reply queues are not, and a case still goes all the way through."""

import urllib.parse

import requests

from tests.support.api import eventually
from tests.support.infra import RABBIT_API

PHYSIO = "physio@demo.nhs.uk"


def broker_queues(amqp_uri: str) -> dict[str, dict]:
    vhost = urllib.parse.quote(amqp_uri.rsplit("/", 1)[1], safe="")
    response = requests.get(f"{RABBIT_API}/queues/{vhost}", timeout=10)
    response.raise_for_status()
    return {queue["name"]: queue for queue in response.json()}


def test_with_quorum_every_queue_a_service_consumes_is_a_quorum_queue(
    product_on_rabbitmq, amqp_uri, mail_sink
):
    with product_on_rabbitmq(AMQP_QUEUE_TYPE="quorum") as api:
        case = api.submit_case(PHYSIO, title="Quorum queues: rotator cuff")
        mail_sink.wait_for(
            lambda mail: f"Case received: {case['title']}" in {m.subject for m in mail}
        )
        queues = eventually(
            lambda: broker_queues(amqp_uri),
            lambda found: sum(name.startswith("rpc-") for name in found) >= 6,
            30,
            "every service's RPC queue",
        )

    # Each gateway copy's own queues (what it hears of staff) go with it: not replicated.
    own = {n: q for n, q in queues.items() if q.get("exclusive")}
    assert {n.split("--")[1].rsplit("-", 1)[0] for n in own} == {
        "gateway.hear_staff_changed",
        "gateway.hear_staff_left",
    }
    assert all(q["type"] == "classic" and not q["durable"] for q in own.values())
    consumed = {n: q for n, q in queues.items() if n.startswith(("rpc-", "evt-")) and n not in own}
    assert any(name.startswith("evt-cases-case.submitted--") for name in consumed)
    not_quorum = {n: q["type"] for n, q in consumed.items() if q["type"] != "quorum"}
    assert not not_quorum, not_quorum
    for name, queue in consumed.items():
        assert queue["arguments"]["x-delivery-limit"] > 0, name
    replies = [q for n, q in queues.items() if n.startswith("rpc.reply")]
    assert replies and all(q["type"] == "classic" and not q["durable"] for q in replies)
    assert queues["mskpeer.dead-letters"]["type"] == "quorum"
