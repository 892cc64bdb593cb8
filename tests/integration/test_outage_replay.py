"""An event parked because its database stayed away too long is replayed by itself later."""

from contracts.errors import DatabaseUnavailable
from mskpeer.platform import consumer
from services.notifications import messages
from tests.support.api import eventually

PHYSIO = "physio@demo.nhs.uk"
ADMIN = "admin@demo.nhs.uk"


def test_an_event_parked_by_an_outage_is_replayed_by_itself_and_stays_listed(
    product_on_rabbitmq, mail_sink, monkeypatch
):
    parked, park, render = [], consumer.park, messages.Templates.render
    handler = "notifications.handle_case_submitted"

    # The outage is the acknowledgement's alone, and ends once its event is parked. Were
    # every message's rendering away, the rota's invites at start would fail too, and one
    # of them parked first would end the outage while the acknowledgement was still
    # retrying: it would then go out with no dead letter to replay.
    def park_as_the_database_comes_back(db, key, *args, **kwargs):
        park(db, key, *args, **kwargs)
        if key == handler:
            parked.append(key)

    def away_until_parked(self, message):
        if message.message_type == "case_received" and not parked:
            raise DatabaseUnavailable("the notifications database: restarting")
        return render(self, message)

    with product_on_rabbitmq(HANDLER_OUTAGE_RETRY=1.0) as api:
        monkeypatch.setattr(consumer, "park", park_as_the_database_comes_back)
        monkeypatch.setattr(messages.Templates, "render", away_until_parked)
        case = api.submit_case(PHYSIO, title="Replayed after an outage: calf tear")
        ack = f"Case received: {case['title']}"

        mail_sink.wait_for(lambda mail: any(m.subject == ack for m in mail), timeout=30)

        def replayed():
            items = api.get("/api/v1/admin/dead-letters", ADMIN).json()["items"]
            return [d for d in items if d["handler"] == handler]

        (dead,) = eventually(replayed, lambda d: d and d[0]["status"] == "replayed", 10)
        assert "restarting" in dead["error"], "the admin still sees why it was parked"
        assert dead["attempts"] > 5, "it rode out the outage budget before it was parked"
    assert [m.subject for m in mail_sink.messages()].count(ack) == 1
