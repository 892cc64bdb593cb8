"""The broker stopped and started while clinicians submit cases: nothing acknowledged is lost.

The broker is a private node of this test's own (tests/support/rabbit_cluster.py):
stopping the machine's shared broker would break everything running beside it.
"""

import time

import eventlet
import pytest
from eventlet.greenpool import GreenPool
from sqlalchemy import text

from mskpeer.platform.engine import make_engine
from tests.support.api import case_details, eventually
from tests.support.diagnostics import database_activity, green_thread_stacks
from tests.support.rabbit_cluster import rabbit_cluster
from tests.support.system import product_config, running_product

PHYSIO = "physio@demo.nhs.uk"
CASES = 200
# A private broker to start first, and a backlog to work through after the outage:
# far longer than most tests on a machine others are busy on.
pytestmark = pytest.mark.timeout(600)


@pytest.fixture
def broker():
    with rabbit_cluster(size=1) as cluster:
        yield cluster.nodes[0]


def where_they_are_stuck(expected, mail_sink, database_urls) -> str:
    """For a failure: which acknowledgements are missing and what each database says."""
    missing = sorted(expected - {m.subject for m in mail_sink.messages()})
    report = [f"{len(missing)} acknowledgement(s) missing, e.g. {missing[:3]}"]
    queries = {
        "cases": "select count(*), count(published_at) from outbox",
        "notifications": "select status, count(*) from deliveries group by status",
    }
    for service, query in queries.items():
        engine = make_engine(database_urls[service], green=False)
        with engine.connect() as connection:
            report.append(f"{service}: {connection.execute(text(query)).all()}")
        engine.dispose()
    return "; ".join(report)


def test_every_acknowledged_case_gets_exactly_one_email_across_a_broker_restart(
    broker, mail_sink, database_urls
):
    run = f"restart-{time.time_ns()}"
    accepted, refused = [], []

    config = product_config(broker.uri, database_urls, mail_sink.port)
    with running_product(config) as api:
        api.token(PHYSIO)

        def submit(n):
            title = f"{run} case {n}"
            try:
                response = api.post("/api/v1/cases", PHYSIO, json=case_details(title=title))
            except Exception as error:  # the connection dropped with the broker
                refused.append((n, type(error).__name__))
                return
            if response.status_code == 201:
                accepted.append(title)
            else:
                refused.append((n, response.status_code))

        def outage():
            with eventlet.Timeout(30, False):
                while len(accepted) < 40:
                    eventlet.sleep(0.01)
            broker.ctl("stop_app")
            eventlet.sleep(3)
            broker.ctl("start_app")

        pool = GreenPool(10)
        stopper = eventlet.spawn(outage)
        try:
            for n in range(CASES):
                pool.spawn(submit, n)
                eventlet.sleep(0.02)
            pool.waitall()
        finally:
            stopper.wait()
            broker.ctl("start_app")

        assert len(accepted) >= 40, refused
        # The product serves again by itself once the broker is back.
        eventually(
            lambda: submit("after the restart") or accepted[-1].endswith("restart"),
            bool,
            60,
            "a case to be accepted after the restart",
        )
        expected = {f"Case received: {title}" for title in accepted}
        try:
            # Generous: after the outage every service works through a backlog of
            # redelivered events, slowly when the machine is busy with other work.
            mail_sink.wait_for(lambda mail: expected <= {m.subject for m in mail}, timeout=180)
        except AssertionError:
            raise AssertionError(
                "\n".join(
                    (
                        where_they_are_stuck(expected, mail_sink, database_urls),
                        "notifications' connections:",
                        database_activity(database_urls["notifications"]),
                        green_thread_stacks(),
                    )
                )
            ) from None

    subjects = [m.subject for m in mail_sink.messages() if m.subject.startswith("Case received")]
    for subject in expected:
        assert subjects.count(subject) == 1, subject
    assert len(subjects) == len(set(subjects)), "no case was acknowledged twice"
    print(f"accepted {len(accepted)}, refused during the outage {len(refused)}")
