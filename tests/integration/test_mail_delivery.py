"""While the SMTP server refuses mail, messages wait and are retried; none is lost or doubled."""

import eventlet

from tests.support.api import eventually

PHYSIO = "physio@demo.nhs.uk"
COORDINATOR = "coordinator@demo.nhs.uk"


def test_mail_refused_by_smtp_is_retried_until_it_goes_and_is_sent_once(
    product_on_rabbitmq, mail_sink
):
    with product_on_rabbitmq() as api:
        mail_sink.refuse(True)
        case = api.submit_case(PHYSIO, title="Sent once SMTP recovers: groin pain")
        ack = f"Case received: {case['title']}"

        def waiting():
            items = api.get("/api/v1/notifications?status=queued", COORDINATOR).json()["items"]
            return [d for d in items if d["subject"] == ack]

        (queued,) = eventually(waiting, bool, 15, "the refused message to wait in the queue")
        assert queued["attempts"] >= 1 and "451" in queued["last_error"]
        eventlet.sleep(1)
        mail_sink.refuse(False)

        mail_sink.wait_for(lambda mail: any(m.subject == ack for m in mail), timeout=20)

        def logged():  # the SMTP server saves the mail before it answers; we record after
            mine = api.get("/api/v1/notifications?mine=true", PHYSIO).json()["items"]
            return [d["status"] for d in mine if d["subject"] == ack]

        eventually(logged, lambda statuses: statuses == ["sent"], 5, "the log to say sent")
    assert [m.subject for m in mail_sink.messages()].count(ack) == 1
