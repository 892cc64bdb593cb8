"""Signed, expiring bearer tokens: who is asking and with which roles.

A token is a JWT checked against an allow-list of one algorithm (HS256, never
"none"), with its issuer and audience, and a key id (`kid`) naming the key that
signed it. Keys rotate: SECRET_KEY signs new tokens; keys listed in
SECRET_KEY_PREVIOUS (comma separated) still verify the tokens they signed until
those expire, so a rotation signs nobody out.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import time
from datetime import datetime, timedelta

import jwt

from contracts.errors import Forbidden, Unauthenticated
from mskpeer.platform import security_events
from mskpeer.platform.settings import BadSetting, data_dir, env

TOKEN_LIFETIME = timedelta(hours=8)  # a clinic day
ALGORITHMS = ["HS256"]
ISSUER = "mskpeer-gateway"
AUDIENCE = "mskpeer-api"
MIN_SECRET_LENGTH = 32
# Placeholders people leave in a deployment; none of them is a secret.
DEFAULT_SECRETS = {"secret", "changeme", "change-me", "change_me", "dev", "demo", "test"}
DEFAULT_SECRETS |= {"password", "mskpeer", "secret_key", "your-secret-key", "please-change-me"}


def secret_key(config: dict | None = None) -> str:
    """SECRET_KEY; for the embedded demo alone, a random one kept under DATA_DIR.

    Anywhere else (a real broker) a missing, default or short key stops the start:
    anyone who knows it can sign a token as any admin.
    """
    config = config or {}
    configured = config.get("SECRET_KEY") or env("SECRET_KEY")
    if configured and _strong(configured):
        return configured
    if not config.get("AMQP_URI", env("AMQP_URI", "memory://")).startswith("memory"):
        raise BadSetting(
            f"SECRET_KEY is {'weak' if configured else 'not set'}: outside the embedded demo "
            f"set a random one of at least {MIN_SECRET_LENGTH} characters, "
            "e.g. SECRET_KEY=$(openssl rand -hex 32)"
        )
    if configured:
        return configured  # the embedded demo on this machine only
    path = data_dir() / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def signing_keys(config: dict | None = None) -> list[str]:
    """The key that signs, then the previous keys that still verify."""
    previous = (config or {}).get("SECRET_KEY_PREVIOUS") or env("SECRET_KEY_PREVIOUS", "")
    return [secret_key(config), *[key.strip() for key in previous.split(",") if key.strip()]]


def key_id(key: str) -> str:
    """A name for a key that reveals nothing of it."""
    return hashlib.sha256(b"mskpeer token key " + key.encode()).hexdigest()[:16]


def log_key(secret: str) -> bytes:
    """The key by which the security log names an email typed at sign-in, or an address."""
    return hashlib.sha256(b"mskpeer security log " + secret.encode()).digest()


def _strong(key: str) -> bool:
    return len(key) >= MIN_SECRET_LENGTH and key.lower() not in DEFAULT_SECRETS


class Tokens:
    def __init__(self, keys: str | list[str], lifetime: timedelta = TOKEN_LIFETIME):
        keys = [keys] if isinstance(keys, str) else keys
        self._kid = key_id(keys[0])
        self._keys = {key_id(key): key for key in keys}
        self.lifetime = lifetime
        self._pseudonyms = log_key(keys[0])
        # Checking a signature on every request was a twentieth of a read's CPU;
        # a token never changes, so remember good ones (expiry is still checked).
        self._verified = functools.lru_cache(maxsize=4096)(self._verify)

    def issue(self, person: dict, now: datetime) -> dict:
        claims = {
            "sub": person["id"],
            "name": person["name"],
            "email": person["email"],
            "roles": person["roles"],
            "ver": person.get("session_version", 1),
            "iss": ISSUER,
            "aud": AUDIENCE,
            "iat": int(now.timestamp()),
            "exp": int((now + self.lifetime).timestamp()),
        }
        token = jwt.encode(
            claims, self._keys[self._kid], algorithm=ALGORITHMS[0], headers={"kid": self._kid}
        )
        return {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": int(self.lifetime.total_seconds()),
        }

    def pseudonym(self, value: str) -> str:
        return security_events.pseudonym(self._pseudonyms, value)

    def actor(self, authorization: str | None) -> dict:
        """The person a request's `Authorization: Bearer ...` header names."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Unauthenticated("TOKEN_MISSING", "send Authorization: Bearer <access_token>")
        claims = self._verified(token)
        if claims["exp"] <= time.time():
            raise Unauthenticated("TOKEN_EXPIRED", "the token has expired; sign in again")
        return {
            "id": claims["sub"],
            "name": claims["name"],
            "email": claims["email"],
            "roles": claims.get("roles", []),
            "session_version": claims.get("ver", 1),
        }

    def _verify(self, token: str) -> dict:
        try:
            key = self._keys.get(jwt.get_unverified_header(token).get("kid"))
            if key is None:  # no kid, or a key we never had or have retired
                raise jwt.InvalidTokenError("unknown key")
            return jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                audience=AUDIENCE,
                issuer=ISSUER,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("TOKEN_EXPIRED", "the token has expired; sign in again") from None
        except jwt.InvalidTokenError:
            raise Unauthenticated("TOKEN_INVALID", "the token is not valid") from None


def require_current(actor: dict, version: int | None) -> None:
    """A token or web session issued before the person left, or before their password was
    set again, is refused: `version` is the staff service's, None once they have left."""
    if version is None or version != actor.get("session_version", 1):
        why = "deactivated" if version is None else "password set again"
        security_events.record(security_events.SESSION_ENDED_USED, person=actor["id"], why=why)
        raise Unauthenticated(
            "SESSION_ENDED", "this sign-in has ended (account deactivated or password reset)"
        )


# What a role is called where a person reads it: "Only coordinators and admins can do this."
ROLE_NAMES = {
    "clinician": "clinicians",
    "chair": "chairs",
    "coordinator": "coordinators",
    "admin": "admins",
    "triage": "triage physiotherapists",
    "call_handler": "call handlers",
}


def require_role(actor: dict, roles: tuple[str, ...]) -> None:
    if roles and not set(roles) & set(actor["roles"]):
        names = [ROLE_NAMES.get(role, role) for role in roles]
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        raise Forbidden("ROLE_REQUIRED", f"Only {who} can do this.")
