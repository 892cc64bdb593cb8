"""Security events: sign-ins, lockouts, rejected tokens, refusals and leavers' accounts are logged
as structured events an operator can search, with no password, token, email or address in them.
"""

from __future__ import annotations

import contextlib
import json
import logging
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session
from werkzeug.test import EnvironBuilder

from contracts.errors import Forbidden, Unauthenticated
from gateway import security_log
from gateway.auth import Tokens, require_current
from gateway.limits import Limit, TooManyRequests, Windows
from mskpeer.platform import security_events as events
from services.staff import accounts, models

KEY = "k" * 40
EMAIL = "Ada.Clinician@Example.NHS.uk"
ADDRESS = "203.0.113.9"
PASSWORD = "Correct-Horse-Battery-Staple-17"
NOW = datetime(2027, 1, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
def security(caplog):
    """The security events logged, as (event, fields), in order."""
    caplog.set_level(logging.INFO, logger="mskpeer.security")

    def logged() -> list[tuple[str, dict]]:
        found = [r.security for r in caplog.records if r.name == "mskpeer.security"]
        return [(f["event"], {k: v for k, v in f.items() if k != "event"}) for f in found]

    return logged


def test_an_event_is_one_line_of_json_fields_with_a_level_by_how_much_it_matters(caplog):
    caplog.set_level(logging.INFO, logger="mskpeer.security")
    events.record(events.SIGNED_IN, person="p-1", via="api", client=None)
    events.record(events.ACCESS_REFUSED, person="p-1", reason="ROLE_REQUIRED")
    signed_in, refused = caplog.records
    name, fields = signed_in.getMessage().split(" ", 2)[1:]
    assert (name, json.loads(fields)) == ("sign_in.succeeded", {"person": "p-1", "via": "api"})
    assert (signed_in.levelno, refused.levelno) == (logging.INFO, logging.WARNING)
    assert refused.security == {
        "event": "access.refused",
        "person": "p-1",
        "reason": "ROLE_REQUIRED",
    }


def test_a_pseudonym_names_an_email_or_address_the_same_each_time_without_revealing_it():
    tokens, other = Tokens(KEY), Tokens("o" * 40)
    assert tokens.pseudonym(EMAIL) == tokens.pseudonym(" ada.clinician@example.nhs.uk ")
    assert tokens.pseudonym(EMAIL) != tokens.pseudonym("someone.else@example.nhs.uk")
    assert tokens.pseudonym(EMAIL) != other.pseudonym(EMAIL)  # keyed: no lookup table works
    assert "ada" not in tokens.pseudonym(EMAIL).lower()


# The gateway's central places, with a fake staff service.


class Staff:
    def __init__(self, answer):
        self.answer = answer

    def authenticate(self, email, password):
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def gateway(staff_answer=None):
    return SimpleNamespace(tokens=Tokens(KEY), staff=Staff(staff_answer), correlation_id="r-1")


def request(method="POST", path="/api/v1/auth/token", **headers):
    builder = EnvironBuilder(
        method=method, path=path, headers=headers, environ_base={"REMOTE_ADDR": ADDRESS}
    )
    return builder.get_request()


def test_a_rejected_token_and_a_refusal_are_logged_with_their_reason_and_route(security):
    forged = request("GET", "/api/v1/cases", Authorization="Bearer forged.token.value")
    for reason in ("TOKEN_INVALID", "TOKEN_EXPIRED"):
        error = Unauthenticated(reason, "the token is not valid")
        security_log.refused(gateway(), error, forged, "/api/v1/cases")
    forbidden = request("GET", "/api/v1/reports/referrals")
    forbidden.actor = {"id": "p-2", "roles": ["clinician"]}
    error = Forbidden("ROLE_REQUIRED", "this needs one of the roles: coordinator, admin")
    security_log.refused(gateway(), error, forbidden, "/api/v1/reports/referrals")
    # Wrong passwords and ended sessions are logged where they are decided, once.
    security_log.refused(gateway(), Unauthenticated("BAD_CREDENTIALS", "wrong"), forged, "/x")
    where = {"method": "GET", "route": "/api/v1/cases", "request_id": "r-1"}
    client = Tokens(KEY).pseudonym(ADDRESS)
    assert security() == [
        ("token.rejected", {"reason": "TOKEN_INVALID", "client": client, **where}),
        ("token.rejected", {"reason": "TOKEN_EXPIRED", "client": client, **where}),
        (
            "access.refused",
            {
                **where,
                "route": "/api/v1/reports/referrals",
                "reason": "ROLE_REQUIRED",
                "person": "p-2",
            },
        ),
    ]
    assert_no_secret_in(security())


def test_a_token_of_someone_who_left_or_set_a_new_password_is_logged_as_an_ended_session(security):
    actor = {"id": "p-3", "session_version": 2}
    require_current(actor, 2)
    for version in (None, 3):
        with pytest.raises(Unauthenticated):
            require_current(actor, version)
    assert security() == [
        ("session.ended_used", {"person": "p-3", "why": "deactivated"}),
        ("session.ended_used", {"person": "p-3", "why": "password set again"}),
    ]


def test_a_flood_of_refused_requests_is_one_rate_limit_event_naming_no_address(security):
    now = [0.0]
    windows = Windows(clock=lambda: now[0], name=lambda c: f"client-{len(c)}")
    limit = Limit("sign_in", 2, 60)
    for _ in range(2):
        windows.check(limit, ADDRESS)
    for _ in range(5):
        with pytest.raises(TooManyRequests):
            windows.check(limit, ADDRESS)
    now[0] = 61.0  # the window has passed: a new run of refusals is a new event
    for _ in range(3):
        with contextlib.suppress(TooManyRequests):
            windows.check(limit, ADDRESS)
    assert security() == [("rate_limited", {"limit": "sign_in", "client": "client-11"})] * 2


# The staff service: where the lockout and a leaver's account are decided.


@pytest.fixture
def staff_db(monkeypatch):
    # argon2 is slow on purpose; these tests are about what is logged, not about hashing.
    monkeypatch.setattr(accounts, "_verify", lambda stored, given: given == PASSWORD)
    engine = sa.create_engine("sqlite://")
    models.metadata.create_all(engine)
    person = {
        "id": "p-4",
        "name": "Ada Clinician",
        "email": EMAIL.lower(),
        "roles": ["clinician"],
        "active": True,
        "joined_at": NOW,
        "password_hash": "a stored hash",
    }
    with engine.begin() as connection:
        connection.execute(models.people.insert().values(**person))
    with Session(engine) as session:
        yield session


def test_the_wrong_password_that_rests_an_account_is_a_lockout_event(staff_db, security):
    for _ in range(5):
        assert isinstance(accounts.authenticate(staff_db, EMAIL, "nope", NOW), Unauthenticated)
    failed = ("sign_in.failed", {"how": "password", "person": "p-4", "reason": "BAD_CREDENTIALS"})
    rested = ("account.rested", {"person": "p-4", "until": "2027-01-06T09:15:00+00:00"})
    assert security() == [failed] * 4 + [rested, failed]
    assert isinstance(accounts.authenticate(staff_db, EMAIL, PASSWORD, NOW), Unauthenticated)
    resting = {"how": "password", "person": "p-4", "reason": "TOO_MANY_WRONG_PASSWORDS"}
    assert security()[-1] == ("sign_in.refused_account_resting", resting)


def test_a_sign_in_with_a_leavers_email_is_an_event(staff_db, security):
    staff_db.execute(sa.update(models.people).values(active=False))
    refused = accounts.authenticate(staff_db, EMAIL, PASSWORD, NOW)
    assert isinstance(refused, Unauthenticated) and refused.code == "BAD_CREDENTIALS"
    left = {"how": "password", "person": "p-4", "reason": "BAD_CREDENTIALS"}
    assert security() == [("sign_in.deactivated_account", left)]


def test_a_sign_in_is_an_event_naming_the_person_and_how_never_the_email(staff_db, security):
    person = accounts.authenticate(staff_db, EMAIL, PASSWORD, NOW)
    assert person["id"] == "p-4"
    nobody = accounts.authenticate(staff_db, "nobody@example.nhs.uk", PASSWORD, NOW)
    assert nobody.code == "BAD_CREDENTIALS"
    assert security() == [
        ("sign_in.succeeded", {"how": "password", "person": "p-4"}),
        ("sign_in.failed", {"how": "password", "reason": "BAD_CREDENTIALS"}),
    ]
    assert_no_secret_in(security())


def assert_no_secret_in(logged) -> None:
    text = json.dumps(logged).lower()
    for secret in (EMAIL.lower(), ADDRESS, PASSWORD.lower(), "forged.token.value"):
        assert secret not in text
