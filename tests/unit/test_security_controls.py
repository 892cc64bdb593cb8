"""The gateway's security controls that need no running product: tokens, keys, limits, pages.

Each is named in docs/security.md against the OWASP ASVS 5.0 requirement it meets.
"""

import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import jwt
import pytest

from contracts.errors import Unauthenticated
from gateway.auth import AUDIENCE, ISSUER, Tokens, key_id, secret_key, signing_keys
from gateway.limits import Limit, TooManyRequests, Windows, client
from mskpeer.platform.settings import BadSetting

PERSON = {"id": "c-1", "name": "Pat Physio", "email": "pat@demo.nhs.uk", "roles": ["admin"]}
KEY = "k" * 40
TEMPLATES = Path(__file__).resolve().parents[2] / "gateway" / "templates"
BROKER = "amqp://guest:guest@rabbitmq:5672/"


def refused(tokens: Tokens, token: str) -> str:
    with pytest.raises(Unauthenticated) as refusal:
        tokens.actor(f"Bearer {token}")
    return refusal.value.code


def claims(**changes) -> dict:
    now = int(datetime.now(UTC).timestamp())
    base = {"sub": "c-1", "name": "x", "email": "x@y.nhs.uk", "roles": ["admin"]}
    return base | {"iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 600} | changes


def test_a_token_with_the_none_algorithm_or_another_algorithm_is_refused():
    tokens = Tokens(KEY)
    unsigned = jwt.encode(claims(), None, algorithm="none", headers={"kid": key_id(KEY)})
    assert refused(tokens, unsigned) == "TOKEN_INVALID"
    other = jwt.encode(claims(), KEY * 2, algorithm="HS512", headers={"kid": key_id(KEY)})
    assert refused(tokens, other) == "TOKEN_INVALID"


def test_a_token_for_another_audience_or_from_another_issuer_is_refused():
    tokens = Tokens(KEY)
    for changed in ({"aud": "another-service"}, {"iss": "someone-else"}):
        token = jwt.encode(claims(**changed), KEY, algorithm="HS256", headers={"kid": key_id(KEY)})
        assert refused(tokens, token) == "TOKEN_INVALID"
    without_audience = claims()
    del without_audience["aud"]
    token = jwt.encode(without_audience, KEY, algorithm="HS256", headers={"kid": key_id(KEY)})
    assert refused(tokens, token) == "TOKEN_INVALID"


def test_after_a_key_rotation_tokens_of_the_previous_key_work_and_a_retired_key_does_not():
    old, new = "o" * 40, "n" * 40
    issued_before = Tokens(old).issue(PERSON, datetime.now(UTC))["access_token"]
    rotated = Tokens([new, old])
    assert rotated.actor(f"Bearer {issued_before}")["id"] == "c-1"
    issued_after = rotated.issue(PERSON, datetime.now(UTC))["access_token"]
    assert jwt.get_unverified_header(issued_after)["kid"] == key_id(new)
    assert refused(Tokens(new), issued_before) == "TOKEN_INVALID"  # the old key retired


def test_a_key_id_names_a_key_without_revealing_it():
    assert KEY not in key_id(KEY) and len(key_id(KEY)) == 16
    assert key_id(KEY) != key_id("j" * 40)


@pytest.mark.parametrize("key", [None, "changeme", "secret", "short-but-random-1"])
def test_outside_the_embedded_demo_a_missing_default_or_short_secret_key_stops_the_start(
    key, monkeypatch
):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(BadSetting, match="SECRET_KEY"):
        secret_key({"AMQP_URI": BROKER, "SECRET_KEY": key})


def test_a_strong_secret_key_and_its_previous_keys_are_used_in_that_order(monkeypatch):
    monkeypatch.delenv("SECRET_KEY_PREVIOUS", raising=False)
    config = {"AMQP_URI": BROKER, "SECRET_KEY": KEY, "SECRET_KEY_PREVIOUS": "p" * 40 + ",q"}
    assert signing_keys(config) == [KEY, "p" * 40, "q"]


def test_the_run_command_will_not_start_the_gateway_on_a_broker_without_a_secret_key(tmp_path):
    environment = {"AMQP_URI": BROKER, "DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-m", "mskpeer.cli", "run", "--service", "gateway"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "SECRET_KEY is not set" in run.stderr


def test_a_limit_refuses_the_request_over_it_and_says_when_to_try_again():
    now = [100.0]
    windows, limit = Windows(clock=lambda: now[0]), Limit("sign_in", 3, 60)
    for _ in range(3):
        windows.check(limit, "10.0.0.1")
    with pytest.raises(TooManyRequests) as refusal:
        windows.check(limit, "10.0.0.1")
    assert refusal.value.retry_after == 60
    windows.check(limit, "10.0.0.2")  # another address has its own window
    windows.check(Limit("public", 3, 60), "10.0.0.1")  # and another kind of route its own
    now[0] += 60.5
    windows.check(limit, "10.0.0.1")  # the window has moved on


class FakeRequest:
    def __init__(self, address: str, forwarded: str = ""):
        self.remote_addr = address
        self.headers = {"X-Forwarded-For": forwarded} if forwarded else {}


def test_a_forwarded_address_is_believed_only_from_a_trusted_proxy(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.9")
    assert client(FakeRequest("10.0.0.9", "1.2.3.4, 5.6.7.8")) == "5.6.7.8"
    assert client(FakeRequest("6.6.6.6", "1.2.3.4")) == "6.6.6.6"


def test_no_page_template_has_an_inline_script_style_or_event_handler():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:")
    offending = {
        template.name: inline.findall(template.read_text())
        for template in TEMPLATES.glob("*.html")
        if inline.search(template.read_text())
    }
    assert offending == {}
