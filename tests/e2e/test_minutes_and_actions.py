"""Minutes drafted during the meeting, published, read by the right people; actions followed up."""

from tests.support.api import eventually
from tests.support.meetings import (
    ADMIN,
    PHYSIO,
    a_scheduled_case,
    meeting_under_way,
    outsider_of,
)


def test_the_chair_drafts_then_publishes_and_the_owner_is_told_of_their_action(api, mailbox):
    case, conference = a_scheduled_case(api, "Minutes: knee pain on stairs")
    chair = conference["chair"]["email"]
    path = f"/api/v1/conferences/{conference['id']}/minutes"

    draft = {"items": [{"case_id": case["id"], "discussion": "Patellofemoral, probably"}]}
    saved = api.put(f"{path}/draft", chair, json=draft)
    assert saved.status_code == 200, saved.text
    assert api.get(path, chair).json()["status"] == "draft"
    assert api.get(path, PHYSIO).status_code == 404, "only the chair sees a draft"
    refused = api.put(f"{path}/draft", PHYSIO, json=draft)
    assert refused.status_code == 403

    identifiable = {"items": [{"case_id": case["id"], "discussion": "NHS 943 476 5919"}]}
    assert api.put(f"{path}/draft", chair, json=identifiable).json()["error"] == (
        "PATIENT_IDENTIFIABLE_DATA"
    )

    minutes = {
        "items": [
            {
                "case_id": case["id"],
                "discussion": "Patellofemoral pain; loading not yet progressed.",
                "recommendations": "Progress quads loading for six weeks.",
                "agreed_plan": "Loading programme; no referral for now",
                "actions": [
                    {
                        "owner_id": case["presenter_id"],
                        "description": "Review loading at six weeks",
                        "due_date": "2027-01-15",
                    }
                ],
            }
        ]
    }
    too_early = api.post(path, chair, json=minutes)
    assert too_early.status_code == 409 and too_early.json()["error"] == "MEETING_NOT_STARTED"
    assert api.get(path, PHYSIO).status_code == 404, "nothing is published before the meeting"
    meeting_under_way(api, conference["id"])
    assert api.post(path, chair, json=minutes).status_code == 201
    published = api.get(path, PHYSIO).json()
    assert published["status"] == "published"
    item = published["items"][0]
    assert item["agreed_plan"] == "Loading programme; no referral for now"
    assert item["actions"][0]["description"] == "Review loading at six weeks"

    mailbox.wait_for(
        lambda mail: any(
            m.subject == f"Action for you: {case['title']}" and PHYSIO in m.rcpt_to for m in mail
        )
    )
    mine = api.get("/api/v1/actions?mine=true&open=true", PHYSIO).json()["items"]
    action = next(a for a in mine if a["case_id"] == case["id"])
    outsider = outsider_of(api, conference, case)
    assert api.post(f"/api/v1/actions/{action['id']}/complete", outsider).status_code == 403
    done = api.post(f"/api/v1/actions/{action['id']}/complete", PHYSIO)
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert api.post(f"/api/v1/actions/{action['id']}/complete", PHYSIO).status_code == 409
    still_open = api.get("/api/v1/actions?mine=true&open=true", PHYSIO).json()["items"]
    assert action["id"] not in {a["id"] for a in still_open}


def test_minutes_are_refused_to_outsiders_and_every_read_is_audited(api):
    case, conference = a_scheduled_case(api, "Minutes: audited hip case")
    chair = conference["chair"]
    path = f"/api/v1/conferences/{conference['id']}/minutes"
    minutes = {
        "items": [
            {
                "case_id": case["id"],
                "discussion": "Hip OA, early.",
                "recommendations": "Education and exercise.",
            }
        ]
    }
    meeting_under_way(api, conference["id"])
    assert api.post(path, chair["email"], json=minutes).status_code == 201
    outsider = outsider_of(api, conference, case)
    refused = api.get(path, outsider)
    assert refused.status_code == 403 and "Hip OA" not in refused.text
    assert api.get(path, PHYSIO).status_code == 200

    outsider_id = api.get("/api/v1/me", outsider).json()["id"]
    trail = eventually(
        lambda: api.get(f"/api/v1/audit?object=minutes:{conference['id']}", ADMIN).json(),
        lambda found: len(found["items"]) >= 3,
        20,
        "the reads in the audit log",
    )
    entries = [(e["action"], e["actor_id"]) for e in trail["items"]]
    assert ("record", chair["id"]) in entries
    assert ("read_refused", outsider_id) in entries
    assert ("read", case["presenter_id"]) in entries


def test_published_minutes_keep_the_order_of_the_agenda(api):
    first, conference = a_scheduled_case(api, "Order: ankle sprain, discussed second")
    second = api.submit_case(
        PHYSIO, title="Order: wrist pain, discussed first", preferred_conference_id=conference["id"]
    )
    second = api.wait_for_case(PHYSIO, second["id"], "scheduled")
    assert second["conference_id"] == conference["id"]
    chair = conference["chair"]["email"]
    path = f"/api/v1/conferences/{conference['id']}"
    agenda = [i["case_id"] for i in api.get(path, PHYSIO).json()["agenda"]]
    order = [second["id"], *[case_id for case_id in agenda if case_id != second["id"]]]
    assert api.put(f"{path}/agenda", chair, json={"case_ids": order}).status_code == 200

    meeting_under_way(api, conference["id"])
    items = [
        {"case_id": case["id"], "discussion": "Discussed.", "recommendations": "Load it."}
        for case in (first, second)  # sent in another order than the agenda's
    ]
    assert api.post(f"{path}/minutes", chair, json={"items": items}).status_code == 201
    published = api.get(f"{path}/minutes", PHYSIO).json()["items"]
    assert [item["case_id"] for item in published] == [second["id"], first["id"]]
