"""Contact cards: finding the right colleague between meetings, and keeping one's own card."""

from tests.support.api import eventually

PHYSIO = "physio@demo.nhs.uk"
CHAIR = "chair@demo.nhs.uk"
ADMIN = "admin@demo.nhs.uk"


def cards(api, query="", as_user=PHYSIO) -> list[dict]:
    response = api.get(f"/api/v1/clinicians?{query}", as_user)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def my_id(api, email) -> str:
    return api.get("/api/v1/me", email).json()["id"]


def every_colleague_has_a_card(api) -> list[dict]:
    # Cards are opened from clinician.registered events as the product starts.
    return eventually(
        lambda: cards(api, "page_size=500"), lambda found: len(found) == 60, 30, "60 cards"
    )


def test_every_colleague_has_a_card_and_can_be_found_by_expertise(api):
    everyone = every_colleague_has_a_card(api)
    assert {"name", "band", "service", "site", "role", "expertise"} <= set(everyone[0])
    names = [c["name"] for c in everyone]
    assert len(set(names)) == len(names), "two colleagues of one name on a panel confuse it"
    found = cards(api, "tag=frozen_shoulder")
    # Exact expertise first, the expert before the experienced before the
    # interested; then colleagues whose expertise is near (e.g. shoulders).
    has_tag = [any(e["area"] == "frozen_shoulder" for e in c["expertise"]) for c in found]
    assert has_tag[0] and has_tag == sorted(has_tag, reverse=True)
    levels = [
        next(e["level"] for e in c["expertise"] if e["area"] == "frozen_shoulder")
        for c, tagged in zip(found, has_tag, strict=True)
        if tagged
    ]
    order = {"expert": 0, "experienced": 1, "interest": 2}
    assert [order[level] for level in levels] == sorted(order[level] for level in levels)
    at_poole = cards(api, "site=Poole%20Hospital&band=7")
    assert all(c["site"] == "Poole Hospital" and c["band"] == 7 for c in at_poole)


def test_a_clinician_keeps_their_own_card_and_nobody_elses(api):
    every_colleague_has_a_card(api)
    me = my_id(api, PHYSIO)
    card = {
        "role": "core_physio",
        "expertise": [
            {"area": "hypermobility", "level": "expert"},
            {"area": "pelvic_girdle_pain", "level": "experienced"},
        ],
        "happy_to_help_with": "Hypermobile teenagers and return to dance",
        "availability": "Tuesday lunchtimes",
        "preferred_contact": "Teams chat",
    }
    saved = api.put(f"/api/v1/clinicians/{me}/card", PHYSIO, json=card)
    assert saved.status_code == 200, saved.text
    assert saved.json()["happy_to_help_with"] == card["happy_to_help_with"]
    found = cards(api, "q=return%20to%20dance")
    assert found[0]["clinician_id"] == me

    chair = my_id(api, CHAIR)
    refused = api.put(f"/api/v1/clinicians/{chair}/card", PHYSIO, json=card)
    assert refused.status_code == 403 and refused.json()["error"] == "NOT_YOUR_CARD"
    assert api.put(f"/api/v1/clinicians/{chair}/card", ADMIN, json=card).status_code == 200

    wrong = api.put(
        f"/api/v1/clinicians/{me}/card",
        PHYSIO,
        json={**card, "expertise": [{"area": "shoulder", "level": "guru"}]},
    )
    assert wrong.status_code == 422
    assert "expertise" in wrong.json()["fields"]
    assert (
        api.get(f"/api/v1/clinicians/{me}", PHYSIO).json()["availability"] == "Tuesday lunchtimes"
    )


def test_reads_and_changes_of_a_card_are_audited(api):
    every_colleague_has_a_card(api)
    chair = my_id(api, CHAIR)
    assert api.get(f"/api/v1/clinicians/{chair}", PHYSIO).status_code == 200
    trail = api.get(f"/api/v1/audit?object=card:{chair}", ADMIN)
    assert trail.status_code == 200, trail.text
    assert ("read", my_id(api, PHYSIO)) in [
        (e["action"], e["actor_id"]) for e in trail.json()["items"]
    ]


def test_sites_are_data_an_admin_adds_to(api):
    sites = api.get("/api/v1/sites", PHYSIO).json()["items"]
    assert len(sites) >= 11 and "Poole Hospital" in {s["name"] for s in sites}
    assert api.post("/api/v1/sites", PHYSIO, json={"name": "Lyme Regis Clinic"}).status_code == 403
    added = api.post("/api/v1/sites", ADMIN, json={"name": "Lyme Regis Clinic"})
    assert added.status_code == 201, added.text
    assert "Lyme Regis Clinic" in {
        s["name"] for s in api.get("/api/v1/sites", PHYSIO).json()["items"]
    }
    again = api.post("/api/v1/sites", ADMIN, json={"name": "lyme regis  clinic"})
    assert again.status_code == 409 and again.json()["error"] == "SITE_EXISTS"
    assert api.post("/api/v1/sites", ADMIN, json={"name": ""}).json()["fields"]["name"]


def test_services_are_data_an_admin_adds_to(api):
    codes = {s["code"] for s in api.get("/api/v1/services", PHYSIO).json()["items"]}
    assert {"core_physio", "msk_esp", "orthopaedics"} <= codes
    service = {"code": "pain_management", "name": "Persistent pain service"}
    assert api.post("/api/v1/services", PHYSIO, json=service).status_code == 403
    assert api.post("/api/v1/services", ADMIN, json=service).status_code == 201
    listed = api.get("/api/v1/services", PHYSIO).json()["items"]
    assert service in listed
    assert api.post("/api/v1/services", ADMIN, json=service).json()["error"] == "SERVICE_EXISTS"
    wrong = api.post("/api/v1/services", ADMIN, json={"code": "Pain Mgmt", "name": "x"})
    assert wrong.status_code == 422 and "code" in wrong.json()["fields"]
