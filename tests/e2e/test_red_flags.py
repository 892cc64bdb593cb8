"""A case with red flags is escalated now, not held for a conference weeks away."""

from tests.support.api import case_details

PHYSIO = "physio@demo.nhs.uk"
SUMMARY = (
    "Fifties, acute low back pain after lifting, new saddle numbness since yesterday "
    "and difficulty passing urine."
)


def test_a_case_with_cauda_equina_signs_is_refused_until_it_has_been_escalated(api, mailbox):
    details = case_details(
        title="Acute back pain after lifting", summary=SUMMARY, body_region="lumbar_spine"
    )
    refused = api.post("/api/v1/cases", PHYSIO, json=details)
    assert refused.status_code == 422, refused.text
    body = refused.json()
    assert body["error"] == "RED_FLAGS"
    assert "escalate now" in body["message"]
    hits = body["fields"]["summary"]
    assert {hit["flag"] for hit in hits} == {"cauda_equina"}
    assert "saddle numbness" in [SUMMARY[h["start"] : h["end"]] for h in hits]
    mine = api.get("/api/v1/cases?mine=true&q=lifting", PHYSIO).json()
    assert mine["total"] == 0, "nothing is stored until it has been escalated"

    ticked = {**details, "red_flags_escalated": True}
    bare_tick = api.post("/api/v1/cases", PHYSIO, json=ticked)
    assert bare_tick.status_code == 422 and bare_tick.json()["error"] == "ESCALATION_NOT_RECORDED"
    assert list(bare_tick.json()["fields"]) == ["escalation_pathway"]
    pathways = api.get("/api/v1/urgent-pathways", PHYSIO).json()["items"]
    assert "same_day_spinal" in [p["code"] for p in pathways] and all(
        p["contact"] for p in pathways
    )

    record = {"escalation_pathway": "same_day_spinal", "escalated_to": "on-call spinal registrar"}
    accepted = api.post("/api/v1/cases", PHYSIO, json={**ticked, **record})
    assert accepted.status_code == 201, accepted.text
    me = api.get("/api/v1/me", PHYSIO).json()
    assert accepted.json()["red_flags_escalated_by"] == me["id"]
    assert accepted.json()["red_flags_escalated_at"] == accepted.json()["submitted_at"]
    # Shown to the chair of the conference that discusses it, on the agenda and by email.
    case = api.wait_for_case(PHYSIO, accepted.json()["id"], "scheduled")
    conference = api.get(f"/api/v1/conferences/{case['conference_id']}", PHYSIO).json()
    chair = conference["chair"]["email"]
    seen_by_chair = api.get(f"/api/v1/cases/{case['id']}", chair).json()
    assert seen_by_chair["red_flags"] == ["cauda_equina"]
    assert seen_by_chair["red_flags_escalated"] is True
    assert seen_by_chair["escalation_pathway"] == "same_day_spinal"
    (item,) = [i for i in conference["agenda"] if i["case_id"] == case["id"]]
    assert item["red_flags"] == ["cauda_equina"]
    assert item["escalation_pathway"] == "same_day_spinal"
    told = mailbox.wait_for(
        lambda mail: any(chair in m.rcpt_to and case["title"] in m.subject for m in mail), 20
    )
    email = next(m for m in told if chair in m.rcpt_to and case["title"] in m.subject)
    assert "Red flags: cauda equina" in email.text


def test_red_flags_screened_and_negative_do_not_stop_a_case(api):
    details = case_details(
        summary="Mechanical low back pain, 8 weeks. No saddle anaesthesia, "
        "bladder and bowel normal, no night pain, no fever.",
        body_region="lumbar_spine",
        title="Screened back pain",
    )
    response = api.post("/api/v1/cases", PHYSIO, json=details)
    assert response.status_code == 201, response.text
    assert response.json()["red_flags"] == []


def test_a_lead_keeps_the_urgent_pathway_contacts_and_each_change_is_audited(api):
    coordinator, admin = "coordinator@demo.nhs.uk", "admin@demo.nhs.uk"
    path = "/api/v1/urgent-pathways/same_day_spinal"
    change = {"name": "Same-day spinal on-call", "contact": "Spinal registrar, bleep 4417"}

    assert api.put(path, PHYSIO, json=change).status_code == 403
    blank = api.put(path, coordinator, json={**change, "contact": "   "})
    assert blank.status_code == 422 and list(blank.json()["fields"]) == ["contact"], blank.text
    unknown = api.put("/api/v1/urgent-pathways/no_such_pathway", coordinator, json=change)
    assert unknown.status_code == 404 and unknown.json()["error"] == "PATHWAY_NOT_FOUND"

    saved = api.put(path, coordinator, json=change)
    assert saved.status_code == 200, saved.text
    assert saved.json() == {"code": "same_day_spinal", **change}
    # What a presenter escalating a red flag now reads.
    shown = api.get("/api/v1/urgent-pathways", PHYSIO).json()["items"]
    assert {"code": "same_day_spinal", **change} in shown
    trail = api.get("/api/v1/audit?object=urgent_pathway:same_day_spinal", admin).json()
    me = api.get("/api/v1/me", coordinator).json()
    assert [(e["actor_id"], e["action"]) for e in trail["items"]] == [(me["id"], "edit")]
