"""Every route answers bad input, a missing token and the wrong role with a clear 4xx."""

import re

import pytest

from gateway import service as _gateway  # noqa: F401  (declares the routes)
from gateway.routes import ROUTES
from tests.support.api import case_details

PHYSIO = "physio@demo.nhs.uk"
ADMIN = "admin@demo.nhs.uk"
API_ROUTES = [r for r in ROUTES if r.path.startswith("/api/v1") and r.roles is not None]
# A demo account per role; admin comes first, as it may use most routes.
DEMO_ACCOUNTS = {
    "admin": ADMIN,
    "coordinator": "coordinator@demo.nhs.uk",
    "chair": "chair@demo.nhs.uk",
    "clinician": PHYSIO,
    "triage": "triage@demo.nhs.uk",
    "call_handler": "callhandler@demo.nhs.uk",
}


def allowed(route) -> str | None:
    """Someone whose role the route takes (None for a public route): their bad input is
    what is being checked, not their role."""
    if route.roles is None:
        return None
    return next(email for role, email in DEMO_ACCOUNTS.items() if role in route.roles)


UNKNOWN = "00000000-0000-0000-0000-000000000000"


def concrete(path: str) -> str:
    """A route's path with unknown ids in it (an urgent pathway's id is a code, not a UUID)."""
    path = path.replace("<string:pathway>", "no_such_pathway")
    return re.sub(r"<(?:string|uuid):\w+>", UNKNOWN, re.sub(r"<int:\w+>", "999999", path))


def assert_error(response, status, code=None):
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= {"error", "message"}
    assert "Traceback" not in response.text and 'File "' not in response.text
    if code:
        assert body["error"] == code


@pytest.mark.parametrize("route", API_ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_a_route_without_a_token_answers_401(api, route):
    assert_error(api.request(route.method, concrete(route.path)), 401, "TOKEN_MISSING")
    forged = {"Authorization": "Bearer not.a.token"}
    assert_error(
        api.request(route.method, concrete(route.path), headers=forged), 401, "TOKEN_INVALID"
    )


@pytest.mark.parametrize(
    "route", [r for r in API_ROUTES if r.roles == ("admin",)], ids=lambda r: r.path
)
def test_a_clinician_is_refused_admin_routes_with_403(api, route):
    assert_error(api.request(route.method, concrete(route.path), PHYSIO), 403, "ROLE_REQUIRED")


@pytest.mark.parametrize("route", [r for r in ROUTES if r.body], ids=lambda r: r.path)
def test_a_body_that_is_not_json_answers_422(api, route):
    response = api.request(
        route.method,
        concrete(route.path),
        allowed(route),
        data="{not json",
        headers={"Content-Type": "application/json"},
    )
    assert_error(response, 422, "INVALID_JSON")


@pytest.mark.parametrize("route", [r for r in ROUTES if r.body], ids=lambda r: r.path)
def test_an_empty_body_names_every_missing_field(api, route):
    response = api.request(route.method, concrete(route.path), allowed(route), json={})
    assert_error(response, 422)
    required = {name for name, field in route.body().fields.items() if field.required}
    # An edit requires no field in particular: an empty one is told it changes nothing.
    assert set(response.json()["fields"]) == (required or {"_schema"})


def test_a_case_with_wrong_values_names_each_field_and_what_is_wrong(api):
    response = api.post(
        "/api/v1/cases",
        PHYSIO,
        json=case_details(
            kind="gossip", urgency="yesterday", body_region=None, title="", nhs_number="9434765919"
        ),
    )
    assert_error(response, 422, "INVALID_INPUT")
    fields = response.json()["fields"]
    assert set(fields) == {"kind", "urgency", "title", "nhs_number"}
    assert "Must be one of" in fields["kind"][0]
    assert fields["nhs_number"] == ["Unknown field."]
    nothing_stored = api.get("/api/v1/cases?mine=true", PHYSIO).json()
    assert nothing_stored["total"] == 0


def test_a_patient_case_needs_a_body_region_but_a_topic_does_not(api):
    response = api.post("/api/v1/cases", PHYSIO, json=case_details(body_region=None))
    assert_error(response, 422)
    assert response.json()["fields"] == {"body_region": ["required for a patient_case"]}
    topic = case_details(
        kind="professional_topic", body_region=None, title="Managing expectations in OA"
    )
    # A topic has no patient plan: sent with one, it is refused naming the field.
    refused = api.post("/api/v1/cases", PHYSIO, json=topic)
    assert_error(refused, 422)
    assert refused.json()["fields"] == {"intended_plan": ["not asked for a professional topic"]}
    del topic["intended_plan"]
    created = api.post("/api/v1/cases", PHYSIO, json=topic)
    assert created.status_code == 201, created.text
    assert created.json()["intended_plan"] is None


def test_unknown_ids_answer_404(api):
    for path in (
        f"/api/v1/cases/{UNKNOWN}",
        f"/api/v1/conferences/{UNKNOWN}",
        f"/api/v1/cases/{UNKNOWN}/outcome",
    ):
        assert_error(api.get(path, PHYSIO), 404)
    assert_error(api.get("/api/v1/no-such-thing", PHYSIO), 404, "NOT_FOUND")


def test_paging_outside_its_bounds_answers_422(api):
    for query in ("page=0", "page_size=501", "page_size=abc"):
        assert_error(api.get(f"/api/v1/cases?{query}", PHYSIO), 422, "INVALID_INPUT")


def test_a_wrong_password_answers_401_without_saying_which_part_was_wrong(api):
    response = api.post("/api/v1/auth/token", json={"email": PHYSIO, "password": "nope"})
    assert_error(response, 401, "BAD_CREDENTIALS")
    nobody = api.post("/api/v1/auth/token", json={"email": "x@demo.nhs.uk", "password": "demo"})
    assert nobody.json() == response.json()


def test_five_wrong_passwords_in_a_row_rest_the_account_and_say_for_how_long(api):
    colleagues = api.get("/api/v1/clinicians?page_size=500", ADMIN).json()["items"]
    first, second = [c["email"] for c in colleagues if ".0@" in c["email"] or ".1@" in c["email"]]

    def log_in(email, password):
        return api.post("/api/v1/auth/token", json={"email": email, "password": password})

    # A right password between mistypes starts the count again.
    for _ in range(4):
        assert_error(log_in(second, "nope"), 401, "BAD_CREDENTIALS")
    assert log_in(second, "demo").status_code == 200
    for _ in range(5):
        assert_error(log_in(first, "nope"), 401, "BAD_CREDENTIALS")
    resting = log_in(first, "demo")
    assert_error(resting, 401, "TOO_MANY_WRONG_PASSWORDS")
    assert "try again in 15 minutes" in resting.json()["message"]
    assert log_in(second, "nope").status_code == 401
    assert log_in(second, "demo").status_code == 200, "only that account rests"


def test_only_the_conferences_chair_may_record_its_minutes(api):
    conference = api.get("/api/v1/conferences?page_size=1", PHYSIO).json()["items"][0]
    minutes = {"items": [{"case_id": UNKNOWN, "discussion": "d", "recommendations": "r"}]}
    response = api.post(f"/api/v1/conferences/{conference['id']}/minutes", PHYSIO, json=minutes)
    assert_error(response, 403, "NOT_THE_CHAIR")
    by_chair = api.post(
        f"/api/v1/conferences/{conference['id']}/minutes",
        conference["chair"]["email"],
        json=minutes,
    )
    assert_error(by_chair, 422, "INVALID_MINUTES")
    assert by_chair.json()["fields"] == {
        "items.0.case_id": ["this case is not on this conference's agenda"]
    }


def test_an_outcome_for_a_case_not_yet_discussed_answers_409(api):
    case = api.submit_case(PHYSIO, title="Not yet discussed: wrist pain")
    response = api.post(
        f"/api/v1/cases/{case['id']}/outcome",
        PHYSIO,
        json={"onward_referral": "none", "management_changed": False, "patient_status": "same"},
    )
    assert_error(response, 409, "CASE_NOT_DISCUSSED")


def test_the_openapi_document_lists_every_route(api):
    document = api.get("/openapi.json").json()
    assert document["openapi"].startswith("3.")
    for route in ROUTES:
        if route.path == "/<path:path>":
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.path)
        assert route.method.lower() in document["paths"][path], path
    assert "SubmitCase" in document["components"]["schemas"]


def test_a_wrong_method_answers_405_in_json(api):
    response = api.request("DELETE", "/api/v1/cases", PHYSIO)
    assert_error(response, 405, "METHOD_NOT_ALLOWED")
    assert_error(api.request("PUT", "/api/v1/nothing-here"), 405)


def test_a_submission_retried_with_the_same_idempotency_key_creates_one_case(api):
    details = case_details(title="Retried after a timeout: de Quervain's")
    first = api.post("/api/v1/cases", PHYSIO, json=details, headers={"Idempotency-Key": "k-1"})
    again = api.post("/api/v1/cases", PHYSIO, json=details, headers={"Idempotency-Key": "k-1"})
    other = api.post("/api/v1/cases", PHYSIO, json=details, headers={"Idempotency-Key": "k-2"})
    assert first.status_code == again.status_code == other.status_code == 201
    assert again.json() == first.json()
    assert other.json()["id"] != first.json()["id"]
    # Another person's identical key is theirs alone.
    theirs = api.post(
        "/api/v1/cases", "chair@demo.nhs.uk", json=details, headers={"Idempotency-Key": "k-1"}
    )
    assert theirs.json()["id"] != first.json()["id"]
    long_key = api.post(
        "/api/v1/cases", PHYSIO, json=details, headers={"Idempotency-Key": "k" * 201}
    )
    assert_error(long_key, 422, "INVALID_HEADER")


def test_a_case_with_an_nhs_number_is_refused_and_the_words_are_located(api):
    summary = "Seen in clinic, NHS no 999 000 0018, knee pain for 6 weeks."
    response = api.post(
        "/api/v1/cases", PHYSIO, json=case_details(title="Knee pain in Mrs Patel", summary=summary)
    )
    assert_error(response, 422, "PATIENT_IDENTIFIABLE_DATA")
    fields = response.json()["fields"]
    assert [(h["kind"], summary[h["start"] : h["end"]]) for h in fields["summary"]] == [
        ("nhs_number", "999 000 0018")
    ]
    assert [h["kind"] for h in fields["title"]] == ["name"]
    assert "999 000 0018" not in response.text, "the identifier is not echoed back"
    mine = api.get("/api/v1/cases?mine=true&page_size=500", PHYSIO).json()["items"]
    assert not [c for c in mine if c["title"] == "Knee pain in Mrs Patel"], "nothing is stored"


def test_minutes_and_outcomes_are_guarded_too(api):
    conference = api.get("/api/v1/conferences?page_size=1", PHYSIO).json()["items"][0]
    minutes = {
        "items": [
            {"case_id": UNKNOWN, "discussion": "Call her on 07700 900123", "recommendations": "r"}
        ]
    }
    response = api.post(
        f"/api/v1/conferences/{conference['id']}/minutes",
        conference["chair"]["email"],
        json=minutes,
    )
    assert_error(response, 422, "PATIENT_IDENTIFIABLE_DATA")
    assert [h["kind"] for h in response.json()["fields"]["items.0.discussion"]] == ["phone"]
    outcome = api.post(
        f"/api/v1/cases/{UNKNOWN}/outcome",
        PHYSIO,
        json={
            "onward_referral": "none",
            "management_changed": False,
            "patient_status": "same",
            "reflection": "Mr Jones did well",
        },
    )
    assert_error(outcome, 422, "PATIENT_IDENTIFIABLE_DATA")
