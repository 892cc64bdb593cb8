"""Access tokens: signed, expiring, and refused when forged or stale."""

from datetime import UTC, datetime, timedelta

import pytest

from contracts.errors import Unauthenticated
from gateway.auth import Tokens

PERSON = {"id": "c-1", "name": "Pat Physio", "email": "pat@demo.nhs.uk", "roles": ["clinician"]}


def bearer(tokens: Tokens, now: datetime) -> str:
    return "Bearer " + tokens.issue(PERSON, now)["access_token"]


def test_a_token_names_the_person_and_their_roles():
    tokens = Tokens("k" * 32)
    actor = tokens.actor(bearer(tokens, datetime.now(UTC)))
    # With the staff service's session version it was issued under (1 when not given).
    assert actor == {**PERSON, "session_version": 1}
    later = tokens.issue({**PERSON, "session_version": 4}, datetime.now(UTC))["access_token"]
    assert tokens.actor(f"Bearer {later}")["session_version"] == 4


def test_a_token_signed_with_another_key_is_refused():
    forged = bearer(Tokens("x" * 32), datetime.now(UTC))
    with pytest.raises(Unauthenticated) as refused:
        Tokens("k" * 32).actor(forged)
    assert refused.value.code == "TOKEN_INVALID"


def test_an_expired_token_is_refused_even_after_it_was_accepted_once():
    tokens = Tokens("k" * 32, lifetime=timedelta(seconds=2))
    issued = datetime.now(UTC) - timedelta(seconds=1)
    header = bearer(tokens, issued)
    assert tokens.actor(header)["id"] == "c-1"
    stale = bearer(tokens, issued - timedelta(hours=1))
    with pytest.raises(Unauthenticated) as refused:
        tokens.actor(stale)
    assert refused.value.code == "TOKEN_EXPIRED"


def test_a_remembered_token_still_expires(monkeypatch):
    tokens = Tokens("k" * 32, lifetime=timedelta(minutes=5))
    header = bearer(tokens, datetime.now(UTC))
    tokens.actor(header)
    later = datetime.now(UTC) + timedelta(minutes=6)
    monkeypatch.setattr("gateway.auth.time.time", lambda: later.timestamp())
    with pytest.raises(Unauthenticated) as refused:
        tokens.actor(header)
    assert refused.value.code == "TOKEN_EXPIRED"


def test_a_token_from_before_leaving_or_a_password_reset_is_refused():
    from gateway.auth import require_current

    actor = {**PERSON, "session_version": 2}
    require_current(actor, 2)
    for current in (3, None):  # password set again; left
        with pytest.raises(Unauthenticated) as refused:
            require_current(actor, current)
        assert refused.value.code == "SESSION_ENDED"


def test_the_staff_service_is_asked_once_whether_a_sign_in_stands_not_every_request():
    from types import SimpleNamespace

    from werkzeug.test import EnvironBuilder
    from werkzeug.wrappers import Request

    from contracts import policy
    from contracts.errors import Forbidden
    from gateway.router import identify
    from gateway.sign_ins import SignIns

    asked = []
    staff = SimpleNamespace(
        sign_in_state=lambda person_id: asked.append(person_id) or {"version": 1, "active": True}
    )
    gateway = SimpleNamespace(tokens=Tokens("k" * 32), staff=staff, sign_ins=SignIns())
    header = bearer(gateway.tokens, datetime.now(UTC))
    request = Request(EnvironBuilder(headers={"Authorization": header}).get_environ())
    # The router learns who asks; a route that needs to know again gets the same answer.
    assert identify(gateway, request)["id"] == "c-1"
    assert identify(gateway, request)["id"] == "c-1"
    another = Request(EnvironBuilder(headers={"Authorization": header}).get_environ())
    assert identify(gateway, another)["id"] == "c-1"  # the gateway knows lately: not asked
    assert asked == ["c-1"]
    actor = identify(gateway, request)
    policy.require(actor, policy.READ_CASE)  # a clinician may ask for a case
    with pytest.raises(Forbidden):  # but not to add a site
        policy.require(actor, policy.ADMINISTER_SITES)
