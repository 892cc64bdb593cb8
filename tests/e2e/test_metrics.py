"""`mskpeer run` tells Prometheus what a user just did, on a port of its own.

The product as `make run` starts it (one process, every part), with METRICS_ADDRESS
set. A clinician submits a case over the API; the one /metrics of the process shows
the request, the RPC behind it, the events the cases service published and the
scheduling service consumed, the acknowledgement email, and every service's outbox.
"""

import requests

from mskpeer.mailsink import MailSink
from mskpeer.platform.settings import SERVICES
from tests.support.infra import free_port
from tests.support.product_process import running_process
from tests.support.scraping import Scrape

PHYSIO = "physio@demo.nhs.uk"


def test_a_submitted_case_shows_in_the_process_metrics_and_not_on_the_public_port(tmp_path):
    metrics_address = f"127.0.0.1:{free_port()}"
    with running_process(
        tmp_path / "var", tmp_path / "product.log", METRICS_ADDRESS=metrics_address
    ) as (_process, api):
        url = f"http://{metrics_address}/metrics"
        before = Scrape(url)

        case = api.submit_case(PHYSIO, title="Metrics: lateral elbow pain in a joiner")
        api.wait_for_case(PHYSIO, case["id"], "scheduled")
        MailSink(tmp_path / "var" / "mail").wait_for(
            lambda mail: any(m.subject == f"Case received: {case['title']}" for m in mail)
        )
        after = Scrape(url)
        public = requests.get(f"{api.base_url}/metrics", timeout=10)

    def grew(name, **labels):
        return after.value(name, **labels) - before.value(name, **labels)

    submitted = {"method": "POST", "route": "/api/v1/cases"}
    assert grew("mskpeer_http_requests_total", **submitted, status="2xx") == 1
    assert grew("mskpeer_http_request_duration_seconds_count", **submitted) == 1
    # A case's route is counted by its template: no case id is ever a label.
    assert "/api/v1/cases/<string:case_id>" in after.labels_of(
        "mskpeer_http_requests_total", "route"
    )
    assert not any(case["id"] in route for route in after.labels_of(
        "mskpeer_http_requests_total", "route"
    ))  # fmt: skip
    rpc = {"service": "cases", "method": "submit_case", "outcome": "ok"}
    assert grew("mskpeer_rpc_duration_seconds_count", **rpc) == 1

    published = {"service": "cases", "event_type": "case.submitted", "via": "commit"}
    assert grew("mskpeer_events_published_total", **published) == 1
    consumed = {"service": "scheduling", "event_type": "case.submitted", "outcome": "applied"}
    assert grew("mskpeer_events_consumed_total", **consumed) == 1
    assert grew("mskpeer_mail_sent_total", service="notifications") >= 1

    for service in SERVICES:
        assert after.has("mskpeer_outbox_lag_seconds", service=service), service
        assert after.value("mskpeer_database_up", service=service) == 1, service
        assert after.value("mskpeer_dead_letters_parked", service=service) == 0, service

    # The public port (what patients reach) has no /metrics: it is the API's 404.
    assert public.status_code == 404
    assert "mskpeer_" not in public.text
