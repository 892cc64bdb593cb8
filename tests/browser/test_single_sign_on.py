"""Signing in with an NHS account, through a real OpenID provider (npm's oidc-provider).

The provider starts first, with the product registered as its client; the product starts
with OIDC_* pointing at it. The journey in is driven in Chromium; the refusals, which are
about what the product answers, with an HTTP client that keeps cookies as a browser does.
"""

import re
import uuid

import pytest
import requests

from mskpeer.mailsink import MailSink
from tests.support.infra import free_port
from tests.support.openid_provider import (
    CALLBACK,
    BrowserLike,
    cancelled_at_provider,
    openid_provider,
    signed_in_through,
)
from tests.support.product_process import running_process
from tests.support.staff import newcomer

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@demo.nhs.uk"
LEAVER = f"sso.leaver.{uuid.uuid4().hex[:6]}@demo.nhs.uk"
ACCOUNTS = {
    "pat": {"email": "physio@demo.nhs.uk", "email_verified": True, "name": "Pat Physio"},
    "stranger": {"email": "not.invited@elsewhere.nhs.net", "email_verified": True},
    "unverified": {"email": "chair@demo.nhs.uk", "email_verified": False},
    "leaver": {"email": LEAVER, "email_verified": True},
    # As Microsoft Entra ID (NHSmail) sends it: no email_verified, its domain-owner claim.
    "entra": {"email": COORDINATOR, "xms_edov": True, "name": "Cora Coordinator"},
}


@pytest.fixture(scope="module")
def embedded_product(tmp_path_factory):
    """The product configured with the provider, which knows the product's address first."""
    directory = tmp_path_factory.mktemp("product")
    address = f"127.0.0.1:{free_port()}"
    with openid_provider(address, ACCOUNTS, directory / "provider.log") as provider:
        settings = {"WEB_SERVER_ADDRESS": address, **provider.product_settings()}
        log = directory / "product.log"
        with running_process(directory / "var", log=log, **settings) as (_, client):
            yield client, MailSink(directory / "var" / "mail"), provider, log


@pytest.fixture(scope="module")
def provider(embedded_product):
    return embedded_product[2]


def test_a_physiotherapist_signs_in_with_their_nhs_account_and_lands_where_they_were_going(
    visit, provider
):
    pat = visit("pat", also_reaches=(provider.issuer,))
    pat.open("/me/card")
    assert "/login?next=" in pat.page.url
    pat.check("sign-in-page")
    pat.page.get_by_role("button", name="Sign in with your NHS account").click()

    pat.page.wait_for_url(provider.issuer + "/**")  # the organisation's sign-in
    pat.page.get_by_label("Account").fill("pat")
    pat.page.get_by_role("button", name="Sign in").click()

    pat.page.wait_for_url(pat.base_url + "/me/card")
    assert pat.page.get_by_role("navigation", name="Account").inner_text().startswith("Pat Physio")
    pat.check("signed-in-with-nhs-account")
    pat.page.get_by_role("button", name="Log out").click()
    pat.page.wait_for_url("**/login")


def test_someone_not_invited_is_told_to_ask_their_coordinator_and_is_not_signed_in(visit, provider):
    stranger = visit("stranger", also_reaches=(provider.issuer,))
    stranger.open("/login")
    stranger.page.get_by_role("button", name="Sign in with your NHS account").click()
    stranger.page.get_by_label("Account").fill("stranger")
    with stranger.page.expect_response(re.compile(re.escape(CALLBACK))) as answer:
        stranger.page.get_by_role("button", name="Sign in").click()
    assert answer.value.status == 403
    heading = stranger.page.get_by_role("heading", level=1)
    assert heading.inner_text() == "You have not been invited to MSK Peer Support"
    assert "Ask your service's coordinator to invite you" in stranger.page.content()
    assert "not.invited@elsewhere.nhs.net" in stranger.page.content()
    stranger.check("not-invited")

    stranger.open("/")
    assert "/login" in stranger.page.url  # no account, no session


def test_an_nhs_account_whose_email_is_not_verified_signs_nobody_in(api):
    http = BrowserLike()
    refused = signed_in_through(http, api.base_url, "unverified")
    assert refused.status_code == 403, refused.text
    assert "did not confirm your email address" in refused.text
    assert http.get(api.base_url + "/").url.startswith(api.base_url + "/login")


def test_an_nhsmail_account_vouched_for_by_its_tenant_signs_in(api):
    http = BrowserLike()
    home = signed_in_through(http, api.base_url, "entra")
    assert home.status_code == 200, home.text
    assert home.url == api.base_url + "/"
    assert http.get(api.base_url + "/staff").status_code == 200  # as the coordinator


def test_cancelling_at_the_nhs_sign_in_says_so_and_signs_nobody_in(api):
    http = BrowserLike()
    cancelled = cancelled_at_provider(http, api.base_url)
    assert cancelled.status_code == 400
    assert "You did not finish signing in" in cancelled.text
    assert http.get(api.base_url + "/").url.startswith(api.base_url + "/login")


def test_an_answer_replayed_forged_or_in_another_browser_signs_nobody_in(api):
    http = BrowserLike()
    back = signed_in_through(http, api.base_url, "pat", follow=False)
    # Follow the provider's redirects by hand, up to the answer it sends the product.
    while not back.headers["Location"].startswith(api.base_url + CALLBACK):
        back = http.get(back.headers["Location"], follow=False)
    answer = back.headers["Location"]
    pending = "; ".join(f"{c.name}={c.value}" for c in http.cookies if "nhs-sign-in" in c.name)

    def answered(cookie: str, url: str = answer):
        return requests.get(url, headers={"Cookie": cookie}, allow_redirects=False, timeout=30)

    assert answered("").status_code == 400  # another browser: no pending sign-in
    assert answered(pending, re.sub(r"state=[^&]+", "state=forged", answer)).status_code == 400
    signed_in = answered(pending)
    assert signed_in.status_code == 303 and "mskpeer-session" in signed_in.headers["Set-Cookie"]
    replayed = answered(pending)  # the same answer and cookie again, copied by someone else
    assert replayed.status_code == 400
    assert "could not be checked" in replayed.text
    assert "mskpeer-session" not in replayed.headers.get("Set-Cookie", "")


def test_a_leaver_is_signed_out_at_once_and_cannot_sign_in_with_their_nhs_account_again(
    api, provider, embedded_product
):
    invited = api.post(
        "/api/v1/staff/invitations",
        COORDINATOR,
        json=newcomer(email=LEAVER, name="Lee Leaver"),
    )
    assert invited.status_code == 201, invited.text
    http = BrowserLike()
    # Invited and not yet set a password: the NHS account is enough.
    home = signed_in_through(http, api.base_url, "leaver")
    assert home.status_code == 200 and home.url == api.base_url + "/"
    assert "Lee Leaver" in home.text

    person = invited.json()["id"]
    left = api.post(f"/api/v1/staff/{person}/deactivate", COORDINATOR)
    assert left.status_code == 200, left.text
    assert http.get(api.base_url + "/").url.startswith(api.base_url + "/login")

    # Still signed in at their organisation: the provider sends them straight back.
    refused = http.get(api.base_url + "/login/nhs")
    assert refused.status_code == 403
    assert "account has been deactivated" in refused.text
    assert "reactivate" in refused.text

    logged = embedded_product[3].read_text()
    how = f'"how": "NHS account ({provider.issuer})"'
    assert f'sign_in.succeeded {{{how}, "person": "{person}"}}' in logged
    left = f'"person": "{person}", "reason": "ACCOUNT_DEACTIVATED"'
    assert f"sign_in.deactivated_account {{{how}, {left}}}" in logged
    assert LEAVER not in logged  # the security log names people by id only
