"""A burst of mail goes over a few reused SMTP connections, and an SMTP server restarted
between messages costs nothing: no message lost, none twice, no failed attempt logged."""

import uuid

from mskpeer.platform.smtp import SmtpSettings
from tests.support.api import eventually
from tests.support.conference_events import assignment
from tests.support.events import person, publish, to

ADMIN = "admin@demo.nhs.uk"


def seat(amqp_uri, people) -> None:
    conference_id = str(uuid.uuid4())
    publish(amqp_uri, *(assignment(conference_id, p, "attendee", "added") for p in people))


def arrived(mail_sink, people) -> list:
    mail = mail_sink.wait_for(lambda mail: all(to(mail, p["email"]) for p in people), timeout=60)
    return [m for p in people for m in to(mail, p["email"])]


def test_a_burst_goes_over_no_more_connections_than_smtp_concurrency_each_email_once(
    product_on_rabbitmq, mail_sink, amqp_uri
):
    people = [person() for _ in range(40)]
    with product_on_rabbitmq():
        seat(amqp_uri, people)
        mine = arrived(mail_sink, people)
    assert len(mine) == len(people), "each person's invite once"
    connections = {m.headers["X-Sink-Peer"] for m in mine}
    assert 1 <= len(connections) <= SmtpSettings().concurrency, connections


def test_after_the_smtp_server_restarts_kept_connections_are_replaced_without_a_failure(
    product_on_rabbitmq, mail_sink, amqp_uri
):
    early, late = [person() for _ in range(5)], [person() for _ in range(20)]
    with product_on_rabbitmq() as api:
        seat(amqp_uri, early)
        before = {m.headers["X-Sink-Peer"] for m in arrived(mail_sink, early)}
        mail_sink.stop()  # the kept connections die with it
        mail_sink.start()
        seat(amqp_uri, late)
        mine = arrived(mail_sink, late)
        ids = {p["id"] for p in late}

        def logged():
            items = api.get("/api/v1/notifications?page_size=500", ADMIN).json()["items"]
            return [d for d in items if d["recipient_id"] in ids]

        log = eventually(logged, lambda found: {d["status"] for d in found} == {"sent"}, 10)
    assert len(mine) == len(late), "each person's invite once"
    assert not before & {m.headers["X-Sink-Peer"] for m in mine}, "new connections after"
    assert sorted(d["attempts"] for d in log) == [1] * len(late), "no attempt failed"
