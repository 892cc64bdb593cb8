"""Who may call what: every operation of the API document, as every role and as nobody.

The matrix is generated from `GET /openapi.json`, whose roles (x-roles) come from the
one access policy (contracts/policy.py): an operation answers 401 without a token,
403 to a role the policy refuses, and neither to a role it allows (whatever else it
says of the unknown ids and empty bodies it is sent). Then the objects themselves:
another clinician's case, another chair's minutes, another person's card and
outcome, each checked against the policy's own answer for that person and object.
"""

from __future__ import annotations

import pytest

from contracts import policy
from tests.support.meetings import a_scheduled_case, outsider_of
from tests.support.outcomes import discuss

ACCOUNTS = {
    "clinician": "physio@demo.nhs.uk",
    "chair": "chair@demo.nhs.uk",
    "coordinator": "coordinator@demo.nhs.uk",
    "admin": "admin@demo.nhs.uk",
    "triage": "triage@demo.nhs.uk",
    "call_handler": "callhandler@demo.nhs.uk",
}
PHYSIO, CHAIR, COORDINATOR, ADMIN = (
    ACCOUNTS[r] for r in ("clinician", "chair", "coordinator", "admin")
)
UNKNOWN = "00000000-0000-4000-8000-000000000000"
# A value for each kind of path parameter that names nothing (a day is only a day).
NOTHING = {"uuid": UNKNOWN, "integer": "999999", "date": "2031-01-06"}


@pytest.fixture(scope="module")
def document(api):
    response = api.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture(scope="module")
def people(api) -> dict[str, dict]:
    """Each account as the policy sees it: id and roles (tokens are kept by the client)."""
    return {email: api.get("/api/v1/me", email).json() for email in ACCOUNTS.values()}


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield method.upper(), path, operation


def concrete(path: str, operation: dict, me: dict | None) -> str:
    """The path with ids that name nothing, except a clinician's own id for `clinician_id`
    (whose days away are theirs to manage: the object would refuse anyone else)."""
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "path":
            continue
        schema, name = parameter["schema"], parameter["name"]
        if name == "clinician_id" and me:
            value = me["id"]
        elif "enum" in schema:
            value = schema["enum"][0]
        elif name == "token":
            value = "x" * 32
        else:
            value = NOTHING.get(schema.get("format") or schema.get("type"), "nothing")
        path = path.replace("{" + name + "}", value)
    return path


def ask(api, method, path, operation, email=None, me=None):
    body = {"json": {}} if "requestBody" in operation else {}
    return api.request(method, concrete(path, operation, me), email, **body)


def test_the_document_states_who_may_call_each_operation_from_the_policy(document):
    for method, path, operation in operations(document):
        if "x-roles" in operation:
            assert operation["security"] == [{"bearer": []}], f"{method} {path}"
            assert operation["x-roles"] == list(policy.asking_roles(operation["x-action"]))
            assert operation["description"].startswith("Who may:")
        else:
            assert operation["description"] == "Anyone, without signing in.", f"{method} {path}"


def test_without_a_token_every_signed_in_operation_answers_401_and_no_public_one_does(
    api, document
):
    wrong = []
    for method, path, operation in operations(document):
        status = ask(api, method, path, operation).status_code
        if ("x-roles" in operation) != (status == 401) or status == 403:
            wrong.append(f"{method} {path}: {status}")
    assert wrong == []


@pytest.mark.parametrize("role", ACCOUNTS)
def test_each_role_is_refused_exactly_the_operations_the_policy_refuses_it(
    api, document, people, role
):
    email = ACCOUNTS[role]
    me = people[email]
    wrong = []
    for method, path, operation in operations(document):
        if "x-roles" not in operation:
            continue  # public: asked once, without a token, above
        response = ask(api, method, path, operation, email, me)
        allowed = role in operation["x-roles"]
        assert allowed is policy.may_ask({"roles": [role]}, operation["x-action"])
        refused = response.status_code == 403 and response.json()["error"] == "ROLE_REQUIRED"
        if (allowed and response.status_code in (401, 403)) or (not allowed and not refused):
            wrong.append(f"{method} {path}: {response.status_code} {response.text[:120]}")
    assert wrong == [], f"as {role}:\n" + "\n".join(wrong)


# -- the objects themselves -------------------------------------------------------------
def person(api, email: str) -> dict:
    return api.get("/api/v1/me", email).json()


def seated(conference: dict) -> set[str]:
    return {conference["chair"]["id"]} | {a["id"] for a in conference["attendees"] if a["id"]}


def answered(response, allowed: bool, code: str) -> bool:
    """The policy's verdict as an HTTP answer: not refused, or refused with its reason."""
    if allowed:
        return response.status_code not in (401, 403)
    return response.status_code == 403 and response.json()["error"] == code


@pytest.fixture(scope="module")
def scheduled(api):
    """The demo physio's case on a conference, and a colleague with no part in either."""
    case, conference = a_scheduled_case(api, "Matrix: stiff painful shoulder after a fall")
    return case, conference, outsider_of(api, conference, case)


def test_another_clinicians_case_is_read_and_changed_only_as_the_policy_says(api, scheduled):
    case, conference, outsider = scheduled
    panel_member = next(a["email"] for a in conference["attendees"] if a["email"] != PHYSIO)
    here = seated(conference)
    for email in (PHYSIO, panel_member, outsider, COORDINATOR, ADMIN):
        me = person(api, email)
        attended = [conference["id"]] if me["id"] in here else []
        reads = policy.may_read_case(
            me, case["presenter_id"], conference["id"], lambda a=attended: a
        )
        for path in (f"/api/v1/cases/{case['id']}", f"/api/v1/cases/{case['id']}/experts"):
            response = api.get(path, email)
            assert answered(response, reads, "NOT_YOUR_CONFERENCE"), (email, path, response.text)
        edit = api.patch(f"/api/v1/cases/{case['id']}", email, json={"question": case["question"]})
        changes = policy.may_change_case(me, case["presenter_id"])
        assert answered(edit, changes, "NOT_THE_PRESENTER"), (email, edit.text)
    assert not policy.may_read_case(person(api, outsider), case["presenter_id"], None, list)
    withdraw = api.post(f"/api/v1/cases/{case['id']}/withdraw", outsider)
    assert answered(withdraw, False, "NOT_THE_PRESENTER")


def test_another_chairs_minutes_are_written_only_by_that_chair_and_the_leads(api, scheduled):
    case, conference, _ = scheduled
    here = seated(conference)
    presenters = {
        api.get(f"/api/v1/cases/{item['case_id']}", COORDINATOR).json()["presenter_id"]
        for item in conference["agenda"]
    }
    others = api.get("/api/v1/conferences?page_size=50", COORDINATOR).json()["items"]
    # Another chair who is only a chair: the rota may seat a coordinator as a chair too.
    other_chair = next(
        c["chair"]["email"]
        for c in others
        if c["chair"]
        and c["chair"]["id"] not in here | presenters
        and not policy.has_role_for(person(api, c["chair"]["email"]), policy.RECORD_MINUTES)
    )
    chair = conference["chair"]["email"]
    path = f"/api/v1/conferences/{conference['id']}/minutes"
    for email in (chair, other_chair, COORDINATOR):
        me = person(api, email)
        writes = policy.may_record_minutes(me, conference["chair"]["id"])
        draft = api.put(f"{path}/draft", email, json={"items": []})
        assert answered(draft, writes, "NOT_THE_CHAIR"), (email, draft.text)
        reads = policy.may_read_minutes(me, here, presenters)
        assert answered(api.get(path, email), reads, "NOT_YOUR_CONFERENCE"), email
    assert not policy.may_record_minutes(person(api, other_chair), conference["chair"]["id"])


def test_another_persons_card_is_changed_only_by_them_or_an_admin(api, people):
    owner = people[CHAIR]
    card = api.get(f"/api/v1/clinicians/{owner['id']}", PHYSIO).json()
    changes = {"role": card["role"], "expertise": card["expertise"]}
    for email in (PHYSIO, COORDINATOR, ADMIN, CHAIR):
        response = api.put(f"/api/v1/clinicians/{owner['id']}/card", email, json=changes)
        allowed = policy.may_edit_card(people[email], owner["id"])
        assert answered(response, allowed, "NOT_YOUR_CARD"), (email, response.text)
    assert not policy.may_edit_card(people[COORDINATOR], owner["id"])


def test_another_persons_outcome_is_recorded_read_and_corrected_as_the_policy_says(
    api, scheduled, people
):
    case, _, outsider = scheduled
    met = discuss(api, [case])
    attended = {met["chair"]["id"], met["present"]["id"]}
    path = f"/api/v1/cases/{case['id']}/outcome"
    outcome = {"onward_referral": "none", "management_changed": False, "patient_status": "same"}
    stranger = person(api, outsider)

    refused = api.post(path, outsider, json=outcome)
    assert not policy.may_record_outcome(stranger, case["presenter_id"], met["chair"]["id"])
    assert answered(refused, False, "NOT_THE_PRESENTER"), refused.text
    recorded = api.post(path, PHYSIO, json=outcome)
    assert recorded.status_code == 201, recorded.text

    for email in (outsider, met["present"]["email"], COORDINATOR):
        me = person(api, email)
        reads = policy.may_read_outcome(me, case["presenter_id"], met["chair"]["id"], attended)
        assert answered(api.get(path, email), reads, "NOT_ALLOWED"), email
    for email in (COORDINATOR, PHYSIO):
        revised = api.patch(path, email, json={"patient_status": "improved"})
        corrects = policy.may_revise_outcome(people[email], recorded.json()["recorded_by"])
        assert answered(revised, corrects, "NOT_THE_AUTHOR"), (email, revised.text)
