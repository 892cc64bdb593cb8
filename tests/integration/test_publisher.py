"""A batch of events reaches the broker whole: every message, in order, as it was sent."""

import json

from kombu import Connection, Queue

from contracts import events
from mskpeer.platform.publisher import EventPublisher, event_exchange

DUE = "follow_up.due"  # the outcomes service's exchange


def test_a_batch_arrives_whole_in_order_and_persistent_on_each_exchange(amqp_uri):
    sent = [
        (DUE if n % 3 else events.CASE_SUBMITTED, json.dumps({"n": n, "pad": "x" * (n % 50)}))
        for n in range(600)
    ]
    # One message larger than a frame: py-amqp splits its body over several frames.
    sent.insert(300, (DUE, json.dumps({"n": "large", "pad": "y" * 300_000})))

    with Connection(amqp_uri) as connection:
        taps = {
            event_type: Queue(f"tap-{event_type}", event_exchange(source), routing_key=event_type)
            for event_type, source in ((DUE, "outcomes"), (events.CASE_SUBMITTED, "cases"))
        }
        for queue in taps.values():
            queue(connection.default_channel).declare()

        publisher = EventPublisher(amqp_uri)
        publisher.publish_stored(sent[:250])  # two batches on one channel: tags go on from 250
        publisher.publish_stored(sent[250:])
        publisher.close()

        for event_type, queue in taps.items():
            heard = []
            bound = queue(connection.default_channel)
            while (message := bound.get(no_ack=True)) is not None:
                heard.append(message)
            assert [m.body for m in heard] == [b for t, b in sent if t == event_type]
            assert {m.properties["delivery_mode"] for m in heard} == {2}, "persistent"
            assert {m.content_type for m in heard} == {"application/json"}
