"""Admins can see who read or changed a case, when, and in which request."""

import uuid

from tests.support.api import case_details, eventually
from tests.support.meetings import meeting_under_way

PHYSIO = "physio@demo.nhs.uk"
ADMIN = "admin@demo.nhs.uk"
COORDINATOR = "coordinator@demo.nhs.uk"


def test_every_read_and_change_of_a_case_is_in_its_audit_trail(api):
    request_id = str(uuid.uuid4())
    submitted = api.post(
        "/api/v1/cases",
        PHYSIO,
        json=case_details(title="Audited: wrist pain"),
        headers={"X-Request-ID": request_id},
    )
    case = submitted.json()
    api.get(f"/api/v1/cases/{case['id']}", ADMIN)
    api.post(f"/api/v1/cases/{case['id']}/withdraw", PHYSIO)

    trail = api.get(f"/api/v1/audit?object=case:{case['id']}", ADMIN)
    assert trail.status_code == 200, trail.text
    entries = trail.json()["items"]
    me = api.get("/api/v1/me", PHYSIO).json()["id"]
    admin = api.get("/api/v1/me", ADMIN).json()["id"]
    assert [(e["action"], e["actor_id"]) for e in entries] == [
        ("submit", me),
        ("read", admin),
        ("withdraw", me),
    ]
    assert entries[0]["request_id"] == request_id
    assert all(e["object"] == f"case:{case['id']}" and e["at"] for e in entries)


def test_only_admins_see_audit_trails_and_the_object_must_be_named(api):
    assert api.get(f"/api/v1/audit?object=case:{uuid.uuid4()}", PHYSIO).status_code == 403
    missing = api.get("/api/v1/audit", ADMIN)
    assert missing.status_code == 422 and "object" in missing.json()["fields"]
    wrong = api.get("/api/v1/audit?object=patient:1", ADMIN)
    assert wrong.json()["fields"]["object"] == [
        "use case:<case id>, card:<clinician id>, minutes:<conference id> or urgent_pathway:<code>"
    ]


def test_recording_a_conferences_minutes_is_in_their_audit_trail(api):
    case = api.submit_case(PHYSIO, title="Audited: minutes of a knee case")
    case = api.wait_for_case(PHYSIO, case["id"], "scheduled")
    conference = api.get(f"/api/v1/conferences/{case['conference_id']}", PHYSIO).json()
    chair = conference["chair"]
    minutes = {
        "items": [
            {
                "case_id": case["id"],
                "discussion": "Likely patellofemoral pain; loading not progressed.",
                "recommendations": "Progress loading for six weeks.",
            }
        ]
    }
    meeting_under_way(api, conference["id"])
    recorded = api.post(
        f"/api/v1/conferences/{conference['id']}/minutes", chair["email"], json=minutes
    )
    assert recorded.status_code == 201, recorded.text
    trail = eventually(
        lambda: api.get(f"/api/v1/audit?object=minutes:{conference['id']}", ADMIN).json(),
        lambda found: found["total"] >= 1,
        20,
        "the minutes in the audit log",
    )
    assert ("record", chair["id"]) in [(e["action"], e["actor_id"]) for e in trail["items"]]


def test_minutes_published_by_a_coordinator_name_the_coordinator_not_the_chair(api):
    case = api.submit_case(PHYSIO, title="Audited: minutes published for the chair")
    case = api.wait_for_case(PHYSIO, case["id"], "scheduled")
    conference = api.get(f"/api/v1/conferences/{case['conference_id']}", PHYSIO).json()
    chair_id = (conference["chair"] or {}).get("id")
    # The demo coordinator is band 7 and the rota may seat them as this meeting's chair:
    # then the admin is the lead publishing for someone else.
    lead = next(
        who for who in (COORDINATOR, ADMIN) if api.get("/api/v1/me", who).json()["id"] != chair_id
    )
    publisher = api.get("/api/v1/me", lead).json()
    minutes = {
        "items": [
            {
                "case_id": case["id"],
                "discussion": "Plantar heel pain; load management not tried yet.",
                "recommendations": "Calf loading and footwear advice.",
            }
        ]
    }
    meeting_under_way(api, conference["id"])
    path = f"/api/v1/conferences/{conference['id']}/minutes"
    recorded = api.post(path, lead, json=minutes)
    assert recorded.status_code == 201, recorded.text

    published = api.get(path, PHYSIO).json()
    assert published["recorded_by"] == {"id": publisher["id"], "name": publisher["name"]}
    assert published["on_behalf_of_chair"] is True
    trail = eventually(
        lambda: api.get(f"/api/v1/audit?object=minutes:{conference['id']}", ADMIN).json(),
        lambda found: any(e["action"].startswith("record") for e in found["items"]),
        20,
        "the minutes in the audit log",
    )
    recorded_by = [(e["action"], e["actor_id"]) for e in trail["items"] if "record" in e["action"]]
    assert recorded_by == [("record_for_chair", publisher["id"])]
