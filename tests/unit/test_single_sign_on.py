"""Signing in with an NHS account, the parts that need no provider: its settings, and the
answers refused before anything is asked of the provider. The journey through a real
provider is tests/browser/test_single_sign_on.py."""

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from gateway.openid import (
    NhsSignIn,
    ProviderUnavailable,
    SignInRefused,
    openid_settings,
    verified_email,
)
from gateway.pages.rendering import render
from mskpeer.platform.settings import BadSetting
from tests.support.infra import free_port

KEY = "k" * 32
CONFIG = {
    "OIDC_ISSUER": "https://login.microsoftonline.com/tenant/v2.0",
    "OIDC_CLIENT_ID": "mskpeer",
    "OIDC_CLIENT_SECRET": "s" * 32,
    "WEB_SERVER_ADDRESS": "127.0.0.1:8000",
    "BASE_URL": "https://mskpeer.example.nhs.uk",
}


def test_without_oidc_settings_there_is_no_nhs_sign_in_and_no_button():
    assert openid_settings({"WEB_SERVER_ADDRESS": "127.0.0.1:8000"}) is None
    assert "Sign in with your NHS account" not in login_page(nhs_sign_in=False)
    assert 'href="/login/nhs?next=/me/card"' in login_page(nhs_sign_in=True)


def login_page(nhs_sign_in: bool) -> str:
    return render(
        "login.html",
        nhs_sign_in=nhs_sign_in,
        next="/me/card",
        email="",
        person=None,
        csrf_token="t",
        here="/login",
        field_errors={},
        errors=[],
    )


def test_the_provider_sends_people_back_to_the_base_url():
    settings = openid_settings(CONFIG)
    assert settings.redirect_uri == "https://mskpeer.example.nhs.uk/login/nhs/callback"


def test_half_the_oidc_settings_stop_the_start_naming_what_is_missing():
    with pytest.raises(BadSetting, match="OIDC_CLIENT_SECRET not set"):
        openid_settings({**CONFIG, "OIDC_CLIENT_SECRET": None})


@pytest.mark.parametrize(
    "issuer", ["http://login.example.nhs.uk", "ftp://127.0.0.1", "login.example.nhs.uk"]
)
def test_an_issuer_not_on_https_is_refused_except_on_this_machine(issuer):
    with pytest.raises(BadSetting, match="https"):
        openid_settings({**CONFIG, "OIDC_ISSUER": issuer})
    assert openid_settings({**CONFIG, "OIDC_ISSUER": "http://127.0.0.1:9000"}).issuer


def pending(key: str = KEY, state: str = "s-1", minutes: int = 10) -> str:
    expires = datetime.now(UTC) + timedelta(minutes=minutes)
    sealed = {"state": state, "nonce": "n", "verifier": "v", "next": "/", "exp": expires}
    return jwt.encode(sealed, NhsSignIn(openid_settings(CONFIG), key)._key, algorithm="HS256")


@pytest.mark.parametrize(
    ("answer", "cookie", "reason"),
    [
        ({"code": "c", "state": "s-1"}, None, "expired"),  # no pending sign-in in this browser
        ({"code": "c", "state": "s-1"}, pending(key="x" * 32), "expired"),  # not ours
        ({"code": "c", "state": "s-1"}, pending(minutes=-1), "expired"),  # over 10 minutes
        ({"code": "c", "state": "s-2"}, pending(), "expired"),  # another attempt's answer
        ({"error": "access_denied", "state": "s-1"}, pending(), "cancelled"),
        ({"error": "server_error", "state": "s-1"}, pending(), "failed"),
        ({"state": "s-1"}, pending(), "failed"),  # no code
    ],
)
def test_an_answer_is_refused_before_the_provider_is_asked(answer, cookie, reason):
    # The issuer does not exist: asking it anything would fail differently.
    sign_in = NhsSignIn(openid_settings(CONFIG), KEY)
    with pytest.raises(SignInRefused) as refused:
        sign_in.finish(answer, cookie)
    assert refused.value.reason == reason


def test_a_provider_that_does_not_answer_is_said_so_not_a_fault():
    nobody = {**CONFIG, "OIDC_ISSUER": f"http://127.0.0.1:{free_port()}"}
    with pytest.raises(ProviderUnavailable):
        NhsSignIn(openid_settings(nobody), KEY).begin("/", datetime.now(UTC))


EMAIL = "pat.physio@nhs.net"


@pytest.mark.parametrize(
    "claims, vouched",
    [
        ({"email": EMAIL, "email_verified": True}, True),
        # Entra ID (NHSmail): no email_verified, its domain-owner claim instead.
        ({"email": EMAIL, "xms_edov": True}, True),
        # A provider that says "not verified" is believed, whatever else it says.
        ({"email": EMAIL, "email_verified": False, "xms_edov": True}, False),
        ({"email": EMAIL, "xms_edov": False}, False),
        ({"email": EMAIL, "email_verified": "true"}, False),  # a string is not a yes
        ({"email": EMAIL}, False),
        ({"email_verified": True}, False),
    ],
)
def test_only_an_email_the_provider_vouches_for_names_anyone(claims, vouched):
    assert verified_email(claims) == (EMAIL if vouched else None)
