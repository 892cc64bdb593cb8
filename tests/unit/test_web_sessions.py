"""The web app's session cookie: signed, expiring, never a bearer token, and safe redirects."""

from datetime import UTC, datetime, timedelta

import pytest

from gateway.auth import Tokens
from gateway.pages.session import Sessions, local_path

PERSON = {"id": "c-1", "name": "Pat Physio", "email": "pat@demo.nhs.uk", "roles": ["clinician"]}


def test_a_session_names_the_person_and_carries_its_form_token():
    sessions = Sessions("k" * 32)
    session = sessions.start(datetime.now(UTC), PERSON)
    opened = sessions.open(sessions.seal(session))
    assert opened.person == {**PERSON, "session_version": 1}  # the staff service's version
    assert opened.form_token_matches(session.csrf)
    assert not opened.form_token_matches("guessed")
    assert not opened.form_token_matches(None)


def test_a_session_signed_with_another_key_or_expired_is_not_opened():
    now = datetime.now(UTC)
    forged = Sessions("x" * 32).seal(Sessions("x" * 32).start(now, PERSON))
    assert Sessions("k" * 32).open(forged) is None
    stale = Sessions("k" * 32, lifetime=timedelta(seconds=-1))
    assert stale.open(stale.seal(stale.start(now, PERSON))) is None


def test_a_session_cookie_is_not_a_bearer_token_nor_a_token_a_session():
    key, now = "k" * 32, datetime.now(UTC)
    cookie = Sessions(key).seal(Sessions(key).start(now, PERSON))
    with pytest.raises(Exception, match="not valid"):
        Tokens(key).actor(f"Bearer {cookie}")
    token = Tokens(key).issue(PERSON, now)["access_token"]
    assert Sessions(key).open(token) is None


def test_signing_in_again_gives_a_new_form_token():
    sessions = Sessions("k" * 32)
    now = datetime.now(UTC)
    assert sessions.start(now).csrf != sessions.start(now, PERSON).csrf


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/cases/abc?tab=1", "/cases/abc?tab=1"),
        ("/", "/"),
        (None, "/"),
        ("", "/"),
        ("https://elsewhere.example/", "/"),
        ("//elsewhere.example/", "/"),
        ("/\\elsewhere.example", "/"),
        ("javascript:alert(1)", "/"),
        ("cases/abc", "/"),
    ],
)
def test_after_signing_in_only_a_path_on_this_site_is_followed(target, expected):
    assert local_path(target) == expected
