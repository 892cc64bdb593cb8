"""A real OpenID Connect provider for the single sign-on tests, in a process of its own.

npm's `oidc-provider` (tests/support/oidc/provider.mjs, installed by `make browser` with
`npm ci`), with the product registered as its client and the test accounts given. Its
sign-in page asks which account signs in; `signed_in_through` drives it over HTTP.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from requests.cookies import RequestsCookieJar, extract_cookies_to_jar, get_cookie_header

from tests.support.api import eventually
from tests.support.infra import free_port

HERE = Path(__file__).resolve().parent / "oidc"
CALLBACK = "/login/nhs/callback"
SIGN_IN_FORM = re.compile(r'action="(/interaction/[\w-]+)/login"')


@dataclass(frozen=True)
class OpenIdProvider:
    issuer: str
    client_id: str
    client_secret: str

    def product_settings(self) -> dict[str, str]:
        return {
            "OIDC_ISSUER": self.issuer,
            "OIDC_CLIENT_ID": self.client_id,
            "OIDC_CLIENT_SECRET": self.client_secret,
        }


@contextlib.contextmanager
def openid_provider(product_address: str, accounts: dict[str, dict], log: Path):
    """The provider on a free port, with the product at `product_address` as its client."""
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        pytest.fail(f"oidc-provider is missing: run `npm ci --prefix {HERE}` (`make test` does)")
    port = free_port()
    provider = OpenIdProvider(f"http://127.0.0.1:{port}", "mskpeer", secrets.token_urlsafe(32))
    env = {
        **os.environ,
        "PORT": str(port),
        "CLIENT_ID": provider.client_id,
        "CLIENT_SECRET": provider.client_secret,
        "REDIRECT_URI": f"http://{product_address}{CALLBACK}",
        "ACCOUNTS": json.dumps(accounts),
    }
    with log.open("w") as output:
        process = subprocess.Popen(
            ["node", str(HERE / "provider.mjs")], env=env, stdout=output, stderr=subprocess.STDOUT
        )

        def up():
            try:
                url = f"{provider.issuer}/.well-known/openid-configuration"
                return requests.get(url, timeout=2).status_code == 200
            except requests.ConnectionError:
                assert process.poll() is None, f"the provider stopped:\n{log.read_text()}"
                return False

        try:
            eventually(up, bool, 30, "the OpenID provider to start")
            yield provider
        finally:
            process.terminate()
            process.wait(timeout=10)


class LoopbackIsSecure(http.cookiejar.DefaultCookiePolicy):
    """Browsers treat http://127.0.0.1 as secure and send it the product's Secure cookies."""

    def return_ok_secure(self, cookie, request):
        loopback = urlsplit(request.get_full_url()).hostname == "127.0.0.1"
        return loopback or super().return_ok_secure(cookie, request)


class BrowserLike:
    """An HTTP client that follows redirects and keeps cookies for the product and the
    provider as a browser does. (requests.Session cannot: it builds each request's cookies
    in a jar of its own, which never sends a Secure cookie over http.)"""

    def __init__(self):
        self.cookies = RequestsCookieJar()
        self.cookies.set_policy(LoopbackIsSecure())
        self._http = requests.Session()

    def get(self, url: str, follow: bool = True) -> requests.Response:
        return self.request("GET", url, follow)

    def post(self, url: str, follow: bool = True, **kwargs) -> requests.Response:
        return self.request("POST", url, follow, **kwargs)

    def request(self, method: str, url: str, follow: bool, **kwargs) -> requests.Response:
        while True:
            sent = requests.Request(method, url, **kwargs).prepare()
            cookies = get_cookie_header(self.cookies, sent)
            if cookies:
                sent.headers["Cookie"] = cookies
            answer = self._http.send(sent, allow_redirects=False, timeout=30)
            extract_cookies_to_jar(self.cookies, sent, answer.raw)
            if not (follow and answer.is_redirect):
                return answer
            url = urljoin(url, answer.headers["Location"])
            if answer.status_code == 303:
                method, kwargs = "GET", {}


def provider_sign_in_page(browser: BrowserLike, product: str) -> tuple[str, str]:
    """From the product's NHS sign-in to the provider's page asking which account: the
    provider's address and the page's form's."""
    page = browser.get(product + "/login/nhs")
    form = SIGN_IN_FORM.search(page.text)
    assert page.status_code == 200 and form, page.text
    return "{0.scheme}://{0.netloc}".format(urlsplit(page.url)), form.group(1)


def signed_in_through(browser: BrowserLike, product: str, account: str, follow: bool = True):
    """Sign in as `account` at the provider and follow every redirect back: the product's
    last answer (`follow=False`: the provider's first)."""
    origin, form = provider_sign_in_page(browser, product)
    return browser.post(f"{origin}{form}/login", follow, data={"account": account})


def cancelled_at_provider(browser: BrowserLike, product: str):
    origin, form = provider_sign_in_page(browser, product)
    return browser.post(f"{origin}{form}/cancel")
