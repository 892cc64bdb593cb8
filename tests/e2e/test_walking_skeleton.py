"""The whole chain of the product, through the gateway over real HTTP.

A clinician submits a case; it lands on a conference agenda; people are
emailed; the chair records the minutes; weeks later (seconds here) the
presenter is asked for the outcome and records it.
"""

from mskpeer.embedded import install_memory_transport, reset_memory_broker
from mskpeer.platform.settings import SERVICES
from tests.support.meetings import meeting_under_way
from tests.support.system import product_config, running_product

PHYSIO = "physio@demo.nhs.uk"
COORDINATOR = "coordinator@demo.nhs.uk"


def walk_the_skeleton(api, mail_sink):
    case = api.submit_case(PHYSIO, title="Shoulder pain after a fall onto outstretched hand")
    assert case["status"] == "submitted"

    mail_sink.wait_for(
        lambda mail: any(
            m.subject == f"Case received: {case['title']}" and m.rcpt_to == (PHYSIO,) for m in mail
        )
    )

    scheduled = api.wait_for_case(PHYSIO, case["id"], "scheduled")
    conference = api.get(f"/api/v1/conferences/{scheduled['conference_id']}", PHYSIO).json()
    assert case["id"] in [item["case_id"] for item in conference["agenda"]]
    chair = conference["chair"]
    assert {"id", "name", "email", "band", "service", "site"} <= set(chair)
    assert conference["attendees"], "a conference has a panel"
    upcoming = api.get("/api/v1/conferences", PHYSIO).json()["items"]
    assert [c["starts_at"] for c in upcoming] == sorted(c["starts_at"] for c in upcoming)

    mail_sink.wait_for(
        lambda mail: any(chair["email"] in m.rcpt_to and case["title"] in m.subject for m in mail)
    )

    minutes = {
        "items": [
            {
                "case_id": case["id"],
                "discussion": "Likely rotator cuff related shoulder pain; no fracture signs.",
                "recommendations": "Progressive loading for six weeks before any referral.",
                "actions": [
                    {
                        "owner_id": case["presenter_id"],
                        "description": "Start a loading programme",
                        "due_date": "2027-01-15",
                    }
                ],
            }
        ],
        "attendance": [{"clinician_id": chair["id"], "status": "present"}],
    }
    meeting_under_way(api, conference["id"])
    recorded = api.post(
        f"/api/v1/conferences/{conference['id']}/minutes", chair["email"], json=minutes
    )
    assert recorded.status_code == 201, recorded.text
    api.wait_for_case(PHYSIO, case["id"], "outcome_pending")

    mail_sink.wait_for(
        lambda mail: any(
            m.subject.startswith("What happened to your patient?") and case["title"] in m.subject
            for m in mail
        )
    )
    outcome = api.post(
        f"/api/v1/cases/{case['id']}/outcome",
        PHYSIO,
        json={
            "onward_referral": "none",
            "management_changed": True,
            "patient_status": "improved",
            "msk_hq": 41,
            "reflection": "Loading first worked; referral was not needed.",
        },
    )
    assert outcome.status_code == 201, outcome.text
    assert outcome.json()["referral_avoided"] is True
    api.wait_for_case(PHYSIO, case["id"], "closed")


def test_a_case_travels_from_submission_to_outcome_over_rabbitmq_and_postgres(
    amqp_uri, database_urls, mail_sink
):
    config = product_config(
        amqp_uri, database_urls, mail_sink.port, FOLLOW_UP_AFTER="1s", FOLLOW_UP_REMINDER_AFTER="1h"
    )
    with running_product(config) as api:
        health = api.get("/health").json()
        assert health["status"] == "ok"
        assert {health[s]["database"] for s in SERVICES} == {"postgresql"}
        walk_the_skeleton(api, mail_sink)


def test_a_case_travels_from_submission_to_outcome_on_the_embedded_defaults(tmp_path, mail_sink):
    install_memory_transport()
    urls = {s: f"sqlite:///{tmp_path / (s + '.db')}" for s in SERVICES}
    config = product_config(
        "memory://", urls, mail_sink.port, FOLLOW_UP_AFTER="1s", FOLLOW_UP_REMINDER_AFTER="1h"
    )
    try:
        with running_product(config) as api:
            assert {api.get("/health").json()[s]["database"] for s in SERVICES} == {"sqlite"}
            walk_the_skeleton(api, mail_sink)
    finally:
        reset_memory_broker()
