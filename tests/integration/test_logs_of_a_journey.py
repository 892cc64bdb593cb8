"""The logs of a whole journey: JSON, followable by one id, and without a patient's words.

The product runs as `mskpeer run` in a process of its own, writing its log to a file, with
LOG_FORMAT=json and LOG_LEVEL=DEBUG, where nameko and kombu say the most. Its services talk
over its in-process bus as they would over RabbitMQ: RPC calls carry their ids in message
headers, events in their envelopes. A
clinician's case with words found nowhere else is refused once for naming its patient, then
submitted, discussed and followed up; a person refers themselves with invented details (an
NHS number from the 999 test range) and is triaged. Then every line of every process is read.
"""

from __future__ import annotations

import json
import uuid

import pytest

from mskpeer.platform.settings import SERVICES
from tests.support.api import case_details
from tests.support.meetings import meeting_under_way
from tests.support.product_process import running_process
from tests.support.referrals import referral, staff_token

PHYSIO = "physio@demo.nhs.uk"
TAG = uuid.uuid4().hex[:6]
CASE = {
    "title": f"Stubborn wrist clunk after kayaking {TAG}",
    "summary": f"Thirties, kayak instructor, clunking wrist for 10 weeks {TAG}a",
    "question": f"Would a splint for paddling help before imaging {TAG}b?",
}
MINUTES = {
    "discussion": f"Panel favoured midcarpal instability {TAG}c",
    "recommendations": f"Proprioceptive wrist work for paddlers {TAG}d",
    "action": f"Send the paddling wrist programme {TAG}e",
}
REFLECTION = f"The splint let the paddling resume {TAG}f"
PERSON = {
    "name": "Perpetua Wimbleforth",
    "date_of_birth": "1961-03-17",
    "nhs_number": "999 000 0026",  # the test range, and Modulus 11 holds
    "address": "4 Kestrel Mews, Upper Hanbury",
    "postcode": "LS6 9QF",
    "phone": "0113 496 0771",
    "email": f"perpetua.{TAG}@example.org",
    "access_needs": f"Step-free entrance please {TAG}g",
}
ANSWERS = {
    "worse_with": f"carrying the heron feeders {TAG}h",
    "better_with": f"lying on the sun lounger {TAG}i",
    "tried": f"arnica and a hot water bottle {TAG}j",
}
NEVER_LOGGED = [
    *CASE.values(),
    *MINUTES.values(),
    REFLECTION,
    *ANSWERS.values(),
    *PERSON.values(),
    "9990000026",
    "17/03/1961",
    # Words of the texts above found nowhere else, so a line quoting part of one shows too.
    *("kayak", "paddl", "midcarpal", "proprioceptive", "clunk", "heron", "lounger", "arnica"),
    *("wimbleforth", "kestrel mews", "hanbury", "step-free"),
]


@pytest.fixture(scope="module")
def product(tmp_path_factory):
    directory = tmp_path_factory.mktemp("logs")
    log = directory / "product.log"
    settings = {"LOG_LEVEL": "DEBUG", "LOG_FORMAT": "json", "FOLLOW_UP_AFTER": "1s"}
    # DEBUG lines cost time, and the machine may be busy: a generous start.
    with running_process(directory / "var", log, start_within=180, **settings) as (_, api):
        ids = journey(api)
    yield log, ids  # the process has stopped: its last lines are written


def journey(api) -> dict:
    ids = {name: str(uuid.uuid4()) for name in ("refused", "submitted", "referred")}

    def sent(name):
        return {"headers": {"X-Request-ID": ids[name]}}

    naming = case_details(**{**CASE, "summary": f"{PERSON['name']}, {PERSON['nhs_number']}"})
    refused = api.post("/api/v1/cases", PHYSIO, json=naming, **sent("refused"))
    assert refused.status_code == 422, refused.text
    submitted = api.post("/api/v1/cases", PHYSIO, json=case_details(**CASE), **sent("submitted"))
    assert submitted.status_code == 201, submitted.text
    assert submitted.headers["X-Request-ID"] == ids["submitted"]
    case = api.wait_for_case(PHYSIO, submitted.json()["id"], "scheduled", timeout=90)
    conference = api.get(f"/api/v1/conferences/{case['conference_id']}", PHYSIO).json()
    meeting_under_way(api, conference["id"])
    item = {
        "case_id": case["id"],
        "discussion": MINUTES["discussion"],
        "recommendations": MINUTES["recommendations"],
        "actions": [
            {
                "owner_id": case["presenter_id"],
                "description": MINUTES["action"],
                "due_date": "2027-01-15",
            }
        ],
    }
    chair = conference["chair"]
    minutes = {"items": [item], "attendance": [{"clinician_id": chair["id"], "status": "present"}]}
    recorded = api.post(
        f"/api/v1/conferences/{conference['id']}/minutes", chair["email"], json=minutes
    )
    assert recorded.status_code == 201, recorded.text
    api.wait_for_case(PHYSIO, case["id"], "outcome_pending", timeout=90)
    outcome = {
        "onward_referral": "none",
        "management_changed": True,
        "patient_status": "improved",
        "msk_hq": 41,
        "reflection": REFLECTION,
    }
    answered = api.post(f"/api/v1/cases/{case['id']}/outcome", PHYSIO, json=outcome)
    assert answered.status_code == 201, answered.text
    api.wait_for_case(PHYSIO, case["id"], "closed", timeout=90)

    body = referral(about_you=PERSON, problem=ANSWERS)
    referred = api.post("/api/v1/referrals", json=body, **sent("referred"))
    assert referred.status_code == 201, referred.text
    triage, _ = staff_token(api, "triage")
    path = f"/api/v1/referrals/{referred.json()['id']}"
    assert api.get(path, headers=triage).json()["about_you"]["name"] == PERSON["name"]
    decision = {
        "priority": "soon",
        "destination": "msk_interface",
        "msk_hq_score": 31,
        "start_msk_group": "medium",
    }
    assert api.post(path + "/triage", json=decision, headers=triage).status_code == 200
    asked = {"reference": referred.json()["reference"], "date_of_birth": "1961-03-18"}
    assert api.post("/api/v1/referral-status", json=asked).status_code == 404
    return ids


def read_log(log) -> dict[str, list[dict]]:
    """Every line of the log, parsed, by the service it names."""
    lines: dict[str, list[dict]] = {}
    for number, line in enumerate(log.read_text().splitlines(), 1):
        try:
            parsed = json.loads(line)
        except ValueError:
            pytest.fail(f"line {number} is not JSON: {line[:300]}")
        assert {"timestamp", "level", "logger", "service", "message"} <= set(parsed), parsed
        lines.setdefault(parsed["service"], []).append(parsed)
    return lines


def test_every_line_is_json_with_the_fields_an_operator_searches(product):
    log, _ = product
    lines = read_log(log)
    # Each service's workers name it; the process itself names the whole product.
    assert set(lines) == {*SERVICES, "gateway", "mskpeer"}


def test_no_line_holds_a_word_of_the_case_or_of_the_referral(product):
    log, _ = product
    text = log.read_text().lower()
    found = [words for words in NEVER_LOGGED if words.lower() in text]
    assert not found, f"the log holds {found}"


def test_one_request_is_followed_by_its_id_through_every_service_it_reached(product):
    log, ids = product
    lines = read_log(log)
    submitted = ids["submitted"]

    def carrying(service, request_id):
        return [line for line in lines[service] if line.get("correlation_id") == request_id]

    gateway = carrying("gateway", submitted)
    (access,) = [line for line in gateway if line["logger"] == "mskpeer.access"]
    assert access["http"]["path"] == "/api/v1/cases" and access["http"]["status"] == 201
    assert access["request_id"] == submitted
    called = [
        line
        for line in carrying("cases", submitted)
        if "cases.submit_case." in line.get("call_id", "")
    ]
    assert called and all(line["request_id"] == submitted for line in called)
    # The events the submission caused, handled by other services: each line names its event.
    handled = [line for line in carrying("notifications", submitted) if "call_id" in line]
    assert handled and all(line.get("causation_id") for line in handled)
    assert any(".handle_case_submitted." in line["call_id"] for line in handled)
    assert any(line.get("causation_id") for line in carrying("scheduling", submitted))
    refusal = [line for line in carrying("cases", ids["refused"]) if line["level"] == "info"]
    assert any("PATIENT_IDENTIFIABLE_DATA" in line["message"] for line in refusal)
    assert carrying("referrals", ids["referred"])


def test_every_line_of_a_request_or_an_event_carries_its_ids(product):
    log, _ = product
    for lines in read_log(log).values():
        for line in lines:
            call = line.get("call_id", "")
            if call.startswith("gateway."):
                assert line.get("request_id") and line.get("correlation_id"), line
            if ".handle_" in call:
                assert line.get("correlation_id") and line.get("causation_id"), line
