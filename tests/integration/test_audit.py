"""The audit log over RabbitMQ and PostgreSQL: reads, refusals, card changes and minutes."""

from tests.support.api import eventually

PHYSIO = "physio@demo.nhs.uk"
ADMIN = "admin@demo.nhs.uk"


def trail(api, obj) -> list[tuple[str, str]]:
    response = api.get(f"/api/v1/audit?object={obj}&page_size=500", ADMIN)
    assert response.status_code == 200, response.text
    return [(e["action"], e["actor_id"]) for e in response.json()["items"]]


def test_who_read_was_refused_or_changed_what_is_in_the_audit_log(product_on_rabbitmq):
    with product_on_rabbitmq() as api:
        me = api.get("/api/v1/me", PHYSIO).json()["id"]
        case = api.submit_case(PHYSIO, title="Audit on PostgreSQL: ankle instability")
        case = api.wait_for_case(PHYSIO, case["id"], "scheduled")
        conference = api.get(f"/api/v1/conferences/{case['conference_id']}", PHYSIO).json()
        panel = {conference["chair"]["id"]} | {a["id"] for a in conference["attendees"]}
        # Anyone matched to the case may yet be invited to its conference as its expert.
        matched = api.get(f"/api/v1/cases/{case['id']}/experts", PHYSIO).json()["items"]
        insiders = panel | {m["clinician_id"] for m in matched} | {me}
        everyone = eventually(
            lambda: api.get("/api/v1/clinicians?page_size=500", ADMIN).json()["items"],
            lambda cards: len(cards) == 60,
            30,
            "every colleague's card",
        )
        outsider = next(
            c
            for c in everyone
            if c["clinician_id"] not in insiders and not c["email"].startswith(("admin", "coord"))
        )
        assert api.get(f"/api/v1/cases/{case['id']}", outsider["email"]).status_code == 403

        card = {"role": "core_physio", "expertise": [{"area": "ankle_foot", "level": "expert"}]}
        assert api.put(f"/api/v1/clinicians/{me}/card", PHYSIO, json=card).status_code == 200

        assert ("read_refused", outsider["clinician_id"]) in trail(api, f"case:{case['id']}")
        assert trail(api, f"card:{me}")[-1] == ("edit", me)
