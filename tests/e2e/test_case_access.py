"""A case is shared with the people who will discuss it, and matched to colleagues who can help."""

from tests.support.api import eventually

PHYSIO = "physio@demo.nhs.uk"
ADMIN = "admin@demo.nhs.uk"
PASSWORD_OF_EVERY_DEMO_ACCOUNT = "demo"


def scheduled_case_and_its_conference(api, **details):
    case = api.submit_case(PHYSIO, **details)
    case = api.wait_for_case(PHYSIO, case["id"], "scheduled")
    conference = api.get(f"/api/v1/conferences/{case['conference_id']}", PHYSIO).json()
    return case, conference


def colleague_emails(api) -> set[str]:
    items = eventually(
        lambda: api.get("/api/v1/clinicians?page_size=500", ADMIN).json()["items"],
        lambda found: len(found) == 60,
        30,
        "every demo colleague's card",
    )
    return {c["email"] for c in items}


def test_only_the_presenter_the_panel_and_leads_may_read_a_case(api):
    case, conference = scheduled_case_and_its_conference(api, title="Access: a stiff hip")
    panel = {conference["chair"]["email"]} | {a["email"] for a in conference["attendees"]}
    # Anyone matched to the case may yet be invited to its conference as its expert.
    matched = api.get(f"/api/v1/cases/{case['id']}/experts", PHYSIO).json()["items"]
    cards = [api.get(f"/api/v1/clinicians/{m['clinician_id']}", ADMIN).json() for m in matched]
    leads = {PHYSIO, ADMIN, "coordinator@demo.nhs.uk"}
    outsiders = colleague_emails(api) - panel - {c["email"] for c in cards} - leads
    outsider = sorted(outsiders)[0]
    insider = sorted(panel - {PHYSIO})[0]

    assert api.get(f"/api/v1/cases/{case['id']}", insider).status_code == 200
    refused = api.get(f"/api/v1/cases/{case['id']}", outsider)
    assert refused.status_code == 403 and refused.json()["error"] == "NOT_YOUR_CONFERENCE"
    assert case["title"] not in refused.text

    outsider_id = api.get("/api/v1/me", outsider).json()["id"]
    trail = api.get(f"/api/v1/audit?object=case:{case['id']}", ADMIN).json()["items"]
    assert ("read_refused", outsider_id) in [(e["action"], e["actor_id"]) for e in trail]
    listed = api.get("/api/v1/cases?q=Access%3A%20a%20stiff", outsider).json()["items"]
    assert listed == []
    listed = api.get("/api/v1/cases?q=Access%3A%20a%20stiff", insider).json()["items"]
    assert [c["id"] for c in listed] == [case["id"]]


def test_a_case_is_matched_to_colleagues_with_reasons_never_its_presenter(api):
    case = api.submit_case(
        PHYSIO,
        title="Matching: stiff painful shoulder for five months",
        summary="Fifties, gradual onset, global loss of external rotation, night pain; "
        "diabetic. Thinking adhesive capsulitis.",
        question="Hydrodilatation now, or keep going with graded stretching?",
        body_region="shoulder",
    )
    colleague_emails(api)
    response = api.get(f"/api/v1/cases/{case['id']}/experts", PHYSIO)
    assert response.status_code == 200, response.text
    experts = response.json()["items"]
    me = api.get("/api/v1/me", PHYSIO).json()["id"]
    assert experts and me not in {e["clinician_id"] for e in experts}
    assert [e["score"] for e in experts] == sorted((e["score"] for e in experts), reverse=True)
    top = api.get(f"/api/v1/clinicians/{experts[0]['clinician_id']}", PHYSIO).json()
    areas = {e["area"] for e in top["expertise"]}
    assert areas & {"shoulder", "frozen_shoulder", "rotator_cuff"}, top
    assert any("shoulder" in reason for reason in experts[0]["reasons"])


def test_the_best_matched_free_colleague_is_invited_to_the_cases_conference(api):
    colleague_emails(api)  # every card is open before the case is matched
    case, _ = scheduled_case_and_its_conference(
        api,
        title="Matching: hypermobile teenager with recurrent patellar subluxation",
        summary="Hypermobile, Beighton 7/9, recurrent kneecap dislocations; "
        "quads weak, fear of movement.",
        question="How hard to push proprioceptive loading?",
        body_region="knee",
    )
    matched = {
        m["clinician_id"]
        for m in api.get(f"/api/v1/cases/{case['id']}/experts", PHYSIO).json()["items"]
    }

    def experts_for_this_case(conference):
        # Other cases on the same meeting may have brought their own experts.
        return [a for a in conference["attendees"] if a["role"] == "expert" and a["id"] in matched]

    conference = eventually(
        lambda: api.get(f"/api/v1/conferences/{case['conference_id']}", PHYSIO).json(),
        experts_for_this_case,
        20,
        "one of the case's matches invited to its conference",
    )
    invited = experts_for_this_case(conference)[0]
    # The invited colleague may now read the case they were asked to help with.
    assert api.get(f"/api/v1/cases/{case['id']}", invited["email"]).status_code == 200
