"""Finding cases: mine or everyone's, by state, body region and words, a page at a time."""

from tests.support.api import case_details

PHYSIO = "physio@demo.nhs.uk"
COORDINATOR = "coordinator@demo.nhs.uk"
CHAIR = "chair@demo.nhs.uk"


def titles(api, query, as_user=PHYSIO):
    response = api.get(f"/api/v1/cases?{query}", as_user)
    assert response.status_code == 200, response.text
    return {case["title"] for case in response.json()["items"]}


def test_cases_are_found_by_body_region_and_by_words_in_them(api):
    api.submit_case(
        PHYSIO,
        **case_details(title="Lists: frozen shoulder, stiff for months", body_region="shoulder"),
    )
    api.submit_case(
        PHYSIO,
        **case_details(
            title="Lists: Achilles tendinopathy in a runner",
            body_region="ankle_foot",
            question="Is heavy slow resistance enough?",
        ),
    )
    assert "Lists: frozen shoulder, stiff for months" in titles(api, "body_region=shoulder")
    assert "Lists: Achilles tendinopathy in a runner" not in titles(api, "body_region=shoulder")
    assert titles(api, "q=heavy%20slow") == {"Lists: Achilles tendinopathy in a runner"}
    assert titles(api, "q=FROZEN") == {"Lists: frozen shoulder, stiff for months"}


def seated(api, conference_id) -> set[str]:
    conference = api.get(f"/api/v1/conferences/{conference_id}", COORDINATOR).json()
    chair = [conference["chair"]["email"]] if conference["chair"] else []
    return {a["email"] for a in conference["attendees"]} | set(chair)


def test_a_clinician_sees_their_own_cases_and_a_coordinator_sees_everyones(api):
    made = api.submit_case(CHAIR, title="Lists: the chair's own knee case")
    # Those at its conference may read it too: ask as a clinician who is not.
    case = api.wait_for_case(CHAIR, made["id"], "scheduled")
    staff = api.get("/api/v1/staff?page_size=100", COORDINATOR).json()["items"]
    outsider = next(
        p["email"]
        for p in sorted(staff, key=lambda p: p["email"])
        if p["roles"] == ["clinician"] and p["email"] not in seated(api, case["conference_id"])
    )
    assert "Lists: the chair's own knee case" not in titles(api, "q=Lists", outsider)
    assert "Lists: the chair's own knee case" in titles(api, "q=Lists", CHAIR)
    assert "Lists: the chair's own knee case" in titles(api, "q=Lists", COORDINATOR)
    assert "Lists: the chair's own knee case" not in titles(api, "q=Lists&mine=true", COORDINATOR)


def test_pages_hold_page_size_items_and_the_total_counts_them_all(api):
    for n in range(3):
        api.submit_case(PHYSIO, title=f"Paged {n}: plantar heel pain")
    first = api.get("/api/v1/cases?q=Paged&page_size=2", PHYSIO).json()
    second = api.get("/api/v1/cases?q=Paged&page_size=2&page=2", PHYSIO).json()
    assert first["total"] == second["total"] == 3
    assert len(first["items"]) == 2 and len(second["items"]) == 1
    assert not {c["id"] for c in first["items"]} & {c["id"] for c in second["items"]}


def test_an_unknown_state_or_body_region_is_named_in_a_422(api):
    response = api.get("/api/v1/cases?status=lost&body_region=nose", PHYSIO)
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"status", "body_region"}
