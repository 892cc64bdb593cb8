"""Signing staff in with their organisation's account through OpenID Connect.

NHSmail is Microsoft Entra ID; a trust's own identity provider works the same way. The
authorization code flow with PKCE (S256), by Authlib: the provider's discovery document,
the token request and the ID token's checks are the library's, not ours. What is checked
before anyone is signed in:

- the discovery document (`OIDC_ISSUER` + /.well-known/openid-configuration) names the
  configured issuer, so a look-alike document cannot swap the keys or endpoints;
- the ID token's signature against the provider's published keys (JWKS), its `iss`, its
  `aud` (our client id), `exp` and `iat`, and the `nonce` this browser was given;
- `state` against this browser's pending sign-in, which lives for 10 minutes in a signed,
  HttpOnly cookie together with the nonce and the PKCE verifier, and is used once;
- the provider vouches for the email (`verified_email`): one it has not verified names
  nobody.

Who the verified email belongs to, and whether they may come in, is the staff service's.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import jwt
import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import BaseApp, FrameworkIntegration, OAuth2Mixin, OpenIDMixin
from authlib.integrations.requests_client import OAuth2Session
from joserfc.errors import JoseError
from nameko.extensions import DependencyProvider

from gateway.auth import secret_key
from mskpeer.platform.settings import BadSetting, base_url

CALLBACK = "/login/nhs/callback"
SCOPE = "openid email profile"
PENDING_LIFETIME = timedelta(minutes=10)  # long enough to type a password and a code
PROVIDER_TIMEOUT = 10  # seconds; the page says the provider is not answering after that
SETTINGS = ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}

log = logging.getLogger(__name__)


class SignInRefused(Exception):
    """Why this attempt signs nobody in: `cancelled`, `expired`, `failed` or `unverified`."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class ProviderUnavailable(Exception):
    """The identity provider did not answer, or answered with something unusable."""


@dataclass(frozen=True)
class OpenIdSettings:
    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str


def openid_settings(config: dict) -> OpenIdSettings | None:
    """The OIDC_* settings, or None when single sign-on is not set up; half a set stops
    the start rather than showing a button that cannot work."""
    given = {name: config.get(name) for name in SETTINGS}
    if not any(given.values()):
        return None
    missing = [name for name, value in given.items() if not value]
    if missing:
        raise BadSetting(f"{', '.join(missing)} not set: {', '.join(SETTINGS)} go together")
    issuer = given["OIDC_ISSUER"]
    parts = urlsplit(issuer)
    # The discovery document names the keys that sign ID tokens: fetched over plain http,
    # anyone on the way could name theirs. Plain http only for a provider on this machine.
    if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in LOOPBACK):
        raise BadSetting(f"OIDC_ISSUER must be an https address, not {issuer!r}")
    return OpenIdSettings(
        issuer, given["OIDC_CLIENT_ID"], given["OIDC_CLIENT_SECRET"], base_url(config) + CALLBACK
    )


class _Client(OAuth2Mixin, OpenIDMixin, BaseApp):
    """Authlib's OpenID Connect client on `requests` (green under eventlet)."""

    client_cls = OAuth2Session


class NhsSignIn:
    def __init__(self, settings: OpenIdSettings, key: str):
        self.settings = settings
        self._key = hmac.new(key.encode(), b"nhs sign-in", hashlib.sha256).hexdigest()
        self._client = _Client(
            FrameworkIntegration("nhs"),
            name="nhs",
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            server_metadata_url=settings.issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={
                "scope": SCOPE,
                "code_challenge_method": "S256",
                "default_timeout": PROVIDER_TIMEOUT,
            },
        )

    def begin(self, wanted: str, now: datetime) -> tuple[str, str]:
        """The provider's sign-in address to send the browser to, and the sealed pending
        sign-in (state, nonce, PKCE verifier, where to go after) for this browser's cookie."""
        with _provider_answers():
            self._metadata()
            started = self._client.create_authorization_url(self.settings.redirect_uri)
        pending = {
            "state": started["state"],
            "nonce": started["nonce"],
            "verifier": started["code_verifier"],
            "next": wanted,
            "exp": int((now + PENDING_LIFETIME).timestamp()),
        }
        return started["url"], jwt.encode(pending, self._key, algorithm="HS256")

    def finish(self, answer: dict, sealed: str | None) -> dict:
        """The provider's answer at the callback, checked: {"email", "subject", "issuer",
        "next"}. Raises SignInRefused or ProviderUnavailable."""
        pending = self._pending(sealed)
        if answer.get("error"):
            raise SignInRefused("cancelled" if answer["error"] == "access_denied" else "failed")
        if not hmac.compare_digest(str(answer.get("state", "")), pending["state"]):
            raise SignInRefused("expired")  # another attempt's answer, or a forged one
        if not answer.get("code"):
            raise SignInRefused("failed")
        with _provider_answers():
            metadata = self._metadata()
            if answer.get("iss", metadata["issuer"]) != metadata["issuer"]:
                raise SignInRefused("failed")  # an answer from another provider (RFC 9207)
            try:
                token = self._client.fetch_access_token(
                    self.settings.redirect_uri,
                    code=answer["code"],
                    code_verifier=pending["verifier"],
                )
                claims = self._client.parse_id_token(
                    token,
                    nonce=pending["nonce"],
                    claims_options={
                        "iss": {"essential": True, "value": metadata["issuer"]},
                        "aud": {"essential": True, "value": self.settings.client_id},
                    },
                )
            except (AuthlibBaseError, JoseError):
                # A code used before (a replay), one for another client, a token that fails
                # a check: nobody is signed in, and the person can simply start again.
                raise SignInRefused("failed") from None
        if claims is None:  # no ID token at all: an OAuth answer, not an OpenID one
            raise SignInRefused("failed")
        email = verified_email(claims)
        if email is None:
            raise SignInRefused("unverified")
        return {
            "email": email,
            "subject": claims["sub"],
            "issuer": claims["iss"],
            "next": pending["next"],
        }

    def _metadata(self) -> dict:
        metadata = self._client.load_server_metadata()
        if str(metadata.get("issuer", "")).rstrip("/") != self.settings.issuer.rstrip("/"):
            raise ValueError(
                f"its discovery document names another issuer: {metadata.get('issuer')}"
            )
        return metadata

    def _pending(self, sealed: str | None) -> dict:
        try:
            return jwt.decode(
                sealed or "", self._key, algorithms=["HS256"], options={"require": ["exp"]}
            )
        except jwt.InvalidTokenError:
            raise SignInRefused("expired") from None


def verified_email(claims: dict) -> str | None:
    """The email the provider vouches for, or None.

    `email_verified` true is the standard's word for it. Microsoft Entra ID (NHSmail)
    does not send that claim for organisation accounts; its optional claim `xms_edov`,
    true when the email's domain is one the tenant has proved it owns, stands in, but
    only when `email_verified` is absent: a provider that says false means false. The
    tenant is the one named by OIDC_ISSUER, the organisation that manages these accounts.
    """
    email = claims.get("email")
    if not email:
        return None
    vouched = claims["email_verified"] if "email_verified" in claims else claims.get("xms_edov")
    return email if vouched is True else None


@contextlib.contextmanager
def _provider_answers():
    """The provider not answering, or answering in a way no check can use, as one error."""
    try:
        yield
    except (requests.RequestException, ValueError) as error:
        log.warning("the identity provider (OIDC_ISSUER) did not answer as expected: %s", error)
        raise ProviderUnavailable(str(error)) from error


class SingleSignOnProvider(DependencyProvider):
    """The NHS sign-in of this gateway, or None when OIDC_* is not set."""

    def setup(self):
        config = self.container.config
        settings = openid_settings(config)
        self.sign_in = settings and NhsSignIn(settings, secret_key(config))

    def get_dependency(self, worker_ctx):
        return self.sign_in
