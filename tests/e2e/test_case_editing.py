"""A presenter drafts a case, submits it when ready, and corrects it until it is discussed."""

from tests.support.api import case_details, eventually
from tests.support.meetings import meeting_under_way

PHYSIO = "physio@demo.nhs.uk"
CHAIR = "chair@demo.nhs.uk"
COORDINATOR = "coordinator@demo.nhs.uk"
ADMIN = "admin@demo.nhs.uk"
TEST_NHS_NUMBER = "999 000 0018"  # the 999 range is reserved for test data
DETAILS = {
    "age_band": "50-59",
    "sex": "female",
    "duration_weeks": 22,
    "treatment_so_far": "Graded stretching and a home programme for 12 weeks.",
    "start_msk_risk": "medium",
    "msk_hq_baseline": 24,
    "tags": ["frozen_shoulder", "hydrodilatation"],
}


def save_draft(api, as_user=PHYSIO, **details) -> dict:
    response = api.post("/api/v1/cases", as_user, json={"draft": True, **details})
    assert response.status_code == 201, response.text
    return response.json()


def edit(api, case_id, as_user=PHYSIO, **changes):
    return api.patch(f"/api/v1/cases/{case_id}", as_user, json=changes)


def scheduled_case(api, **details) -> dict:
    case = api.submit_case(PHYSIO, **details)
    return api.wait_for_case(PHYSIO, case["id"], "scheduled")


def received(mailbox, title: str) -> list:
    return [m for m in mailbox.messages() if m.subject == f"Case received: {title}"]


def test_a_draft_is_saved_without_mail_and_submitted_later(api, mailbox):
    title = "Editing: frozen shoulder, second opinion"
    draft = save_draft(api, kind="patient_case", title=title)
    assert draft["status"] == "draft" and draft["submitted_at"] is None
    drafts = api.get("/api/v1/cases?status=draft&page_size=500", PHYSIO).json()["items"]
    assert draft["id"] in [c["id"] for c in drafts]

    # A case submitted after the draft is mailed; by then the draft would have been too.
    later = api.submit_case(PHYSIO, title="Editing: a case sent after the draft")
    mailbox.wait_for(lambda mail: received(mailbox, later["title"]))
    assert received(mailbox, title) == []
    assert api.get(f"/api/v1/cases/{draft['id']}", PHYSIO).json()["status"] == "draft"

    incomplete = api.post(f"/api/v1/cases/{draft['id']}/submit", PHYSIO)
    assert incomplete.status_code == 422, incomplete.text
    assert set(incomplete.json()["fields"]) == {
        "summary",
        "question",
        "urgency",
        "intended_plan",
        "body_region",
    }

    finished = {k: v for k, v in case_details(body_region="shoulder").items() if k != "title"}
    assert edit(api, draft["id"], **finished).status_code == 200
    submitted = api.post(f"/api/v1/cases/{draft['id']}/submit", PHYSIO)
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "submitted" and submitted.json()["submitted_at"]
    mailbox.wait_for(lambda mail: received(mailbox, title))
    assert [m.rcpt_to for m in received(mailbox, title)] == [(PHYSIO,)]
    again = api.post(f"/api/v1/cases/{draft['id']}/submit", PHYSIO)
    assert again.status_code == 409, again.text


def test_someone_elses_draft_does_not_exist_for_them(api):
    draft = save_draft(api, kind="professional_topic", title="Editing: my unfinished topic")
    path = f"/api/v1/cases/{draft['id']}"

    for someone in (CHAIR, ADMIN):
        for response in (
            api.get(path, someone),
            edit(api, draft["id"], someone, title="Not mine"),
            api.post(f"{path}/submit", someone),
            api.post(f"{path}/withdraw", someone),
        ):
            assert response.status_code == 404, response.text
            assert response.json()["error"] == "CASE_NOT_FOUND"
        listed = api.get("/api/v1/cases?q=my%20unfinished&page_size=500", someone).json()
        assert listed["items"] == [] and listed["total"] == 0
        drafts = api.get("/api/v1/cases?status=draft&page_size=500", someone).json()["items"]
        assert draft["id"] not in [c["id"] for c in drafts]
    assert api.get(path, PHYSIO).json()["title"] == "Editing: my unfinished topic"


def test_optional_details_round_trip_and_a_patch_changes_only_what_it_sends(api):
    case = api.submit_case(
        PHYSIO, title="Editing: stiff shoulder details", body_region="shoulder", **DETAILS
    )
    assert {k: case[k] for k in DETAILS} == DETAILS
    assert case["preferred_conference_id"] is None and case["revised_at"] is None

    response = edit(api, case["id"], msk_hq_baseline=30, tags=["frozen_shoulder"])
    assert response.status_code == 200, response.text
    stored = api.case(PHYSIO, case["id"])
    assert stored["msk_hq_baseline"] == 30 and stored["tags"] == ["frozen_shoulder"]
    assert stored["treatment_so_far"] == DETAILS["treatment_so_far"]
    assert stored["revised_at"]

    wrong = edit(api, case["id"], age_band="35-44", msk_hq_baseline=57, tags=["Frozen Shoulder"])
    assert wrong.status_code == 422
    assert set(wrong.json()["fields"]) == {"age_band", "msk_hq_baseline", "tags"}


def test_a_patch_to_a_scheduled_case_changes_its_title_on_the_agenda(api):
    case = scheduled_case(api, title="Editing: knee pain on stairs")
    new_title = "Editing: anterior knee pain on stairs and squats"

    response = edit(api, case["id"], title=new_title, urgency="soon")

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "scheduled"
    eventually(
        lambda: api.get(f"/api/v1/conferences/{case['conference_id']}", PHYSIO).json(),
        lambda conference: (
            {"case_id": case["id"], "title": new_title}.items()
            <= next(i for i in conference["agenda"] if i["case_id"] == case["id"]).items()
        ),
        what="the agenda to show the new title",
    )
    me = api.get("/api/v1/me", PHYSIO).json()["id"]
    trail = api.get(f"/api/v1/audit?object=case:{case['id']}", ADMIN).json()["items"]
    assert ("edit", me) in [(e["action"], e["actor_id"]) for e in trail]


def test_a_patch_with_an_nhs_number_is_refused_and_the_case_is_unchanged(api):
    case = api.submit_case(PHYSIO, title="Editing: ankle sprain", **DETAILS)
    words = f"Seen at the fracture clinic under {TEST_NHS_NUMBER}; boot for 2 weeks."

    response = edit(api, case["id"], treatment_so_far=words, title="Editing: ankle, week 6")

    assert response.status_code == 422, response.text
    assert response.json()["error"] == "PATIENT_IDENTIFIABLE_DATA"
    hits = response.json()["fields"]["treatment_so_far"]
    assert [words[h["start"] : h["end"]] for h in hits] == [TEST_NHS_NUMBER]
    assert TEST_NHS_NUMBER not in response.text
    stored = api.case(PHYSIO, case["id"])
    assert stored["treatment_so_far"] == DETAILS["treatment_so_far"]
    assert stored["title"] == "Editing: ankle sprain" and stored["revised_at"] is None


def test_only_the_presenter_may_edit_a_case(api):
    case = api.submit_case(PHYSIO, title="Editing: hip pain in a runner")

    for someone in (COORDINATOR, ADMIN):
        refused = edit(api, case["id"], someone, title="Editing: someone else's words")
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"] == "NOT_THE_PRESENTER"
    assert api.case(PHYSIO, case["id"])["title"] == "Editing: hip pain in a runner"


def test_a_discussed_case_can_no_longer_be_edited(api):
    case = scheduled_case(api, title="Editing: wrist pain after a fall")
    conference = api.get(f"/api/v1/conferences/{case['conference_id']}", PHYSIO).json()
    minutes = {
        "items": [
            {
                "case_id": case["id"],
                "discussion": "Scaphoid imaging was clear; likely a wrist sprain.",
                "recommendations": "Progressive loading and review in four weeks.",
            }
        ]
    }
    meeting_under_way(api, conference["id"])
    recorded = api.post(
        f"/api/v1/conferences/{conference['id']}/minutes", COORDINATOR, json=minutes
    )
    assert recorded.status_code == 201, recorded.text
    api.wait_for_case(PHYSIO, case["id"], "discussed")

    response = edit(api, case["id"], question="Should we have asked about imaging?")

    assert response.status_code == 409, response.text
    assert response.json() == {
        "error": "CASE_LOCKED",
        "message": "a discussed case can no longer be edited",
    }


def test_a_case_goes_to_the_conference_its_presenter_prefers(api):
    upcoming = api.get("/api/v1/conferences?page_size=500", PHYSIO).json()["items"]
    preferred = [c for c in upcoming if c["chair"] and not c["agenda"]][-1]

    case = api.submit_case(
        PHYSIO, title="Editing: a case for a later meeting", preferred_conference_id=preferred["id"]
    )

    assert case["preferred_conference_id"] == preferred["id"]
    assert api.wait_for_case(PHYSIO, case["id"], "scheduled")["conference_id"] == preferred["id"]
