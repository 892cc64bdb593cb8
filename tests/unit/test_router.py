"""The API's router: a route names its policy action, and the router asks the policy once."""

import json
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from contracts import policy
from gateway.auth import Tokens
from gateway.router import Router, answer
from gateway.sign_ins import SignIns

CLINICIAN = {"id": "c-1", "name": "Pat", "email": "pat@demo.nhs.uk", "roles": ["clinician"]}


def gateway():
    """A worker's dependencies, faked: tokens, a staff service that knows the sign-in stands."""
    staff = SimpleNamespace(sign_in_state=lambda person_id: {"version": 1, "active": True})
    ports = dict.fromkeys(("cases", "scheduling", "notifications", "outcomes", "referrals"))
    return SimpleNamespace(
        **ports,
        staff=staff,
        tokens=Tokens("k" * 32),
        sign_ins=SignIns(),
        clock=lambda: datetime.now(UTC),
        config={},
        limits=None,
        correlation_id="r-1",
    )


def request_from(service, person=None):
    headers = {}
    if person:
        token = service.tokens.issue(person, datetime.now(UTC))["access_token"]
        headers["Authorization"] = f"Bearer {token}"
    return Request(EnvironBuilder(headers=headers).get_environ())


def test_the_handler_gets_the_actor_the_router_checked_and_a_refused_role_never_reaches_it():
    router, seen = Router(), []

    @router.route("GET", "/api/v1/cases/<string:case_id>", "Read", action=policy.READ_CASE)
    def read(ports, request, actor, case_id):
        seen.append((actor["id"], case_id))
        return {"ok": True}

    @router.route("POST", "/api/v1/sites", "Add a site", action=policy.ADMINISTER_SITES)
    def add_site(ports, request, actor):
        seen.append("added")

    service = gateway()
    case_id = "00000000-0000-4000-8000-000000000001"
    read_case, adding = router.routes
    assert answer(read_case, service, request_from(service, CLINICIAN), {"case_id": case_id})
    assert seen == [("c-1", case_id)]

    refused = answer(adding, service, request_from(service, CLINICIAN), {})
    assert refused.status_code == 403 and json.loads(refused.data)["error"] == "ROLE_REQUIRED"
    stranger = answer(read_case, service, request_from(service), {"case_id": case_id})
    assert stranger.status_code == 401
    assert seen == [("c-1", case_id)]


def test_a_route_names_an_action_the_policy_knows_and_a_name_no_other_route_or_page_has():
    router = Router()
    with pytest.raises(KeyError):
        router.route("GET", "/api/v1/x", "X", action="case.gossip")

    @router.route("GET", "/api/v1/a", "A", action=policy.READ_ABOUT)
    def same(ports, request, actor):
        return {}

    with pytest.raises(ValueError):
        router.route("GET", "/api/v1/b", "B", action=policy.READ_ABOUT)(same)

    class Pages:
        def same(self, visit):  # a page of the route's name would silently replace it
            return None

    with pytest.raises(TypeError):
        router.serve(Pages)
