"""Events wait for a consumer that is not running yet: every queue exists from the first start."""

from mskpeer import runtime
from tests.support.system import product_config, running_product

PHYSIO = "physio@demo.nhs.uk"


def test_a_case_submitted_while_notifications_is_down_is_acknowledged_when_it_starts(
    amqp_uri, database_urls, mail_sink
):
    config = product_config(amqp_uri, database_urls, mail_sink.port)
    without_notifications = ("cases", "scheduling", "outcomes", "staff", "gateway")
    with running_product(config, parts=without_notifications) as api:
        case = api.submit_case(PHYSIO, title="Waiting in its queue: hamstring tear")
        api.wait_for_case(PHYSIO, case["id"], "scheduled")
        assert mail_sink.messages() == []

        runtime.migrate(["notifications"], database_urls)
        notifications = runtime.build_runner(["notifications"], config)
        notifications.start()
        try:
            mail_sink.wait_for(
                lambda mail: (
                    {m.subject for m in mail}
                    >= {
                        f"Case received: {case['title']}",
                        f"New case on your conference agenda: {case['title']}",
                    }
                )
            )
        finally:
            notifications.stop()
