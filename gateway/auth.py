"""Signed, expiring bearer tokens: who is asking and with which roles."""

from __future__ import annotations

import functools
import secrets
import time
from datetime import datetime, timedelta

import jwt

from contracts.errors import Forbidden, Unauthenticated
from mskpeer.platform.settings import data_dir, env

TOKEN_LIFETIME = timedelta(hours=8)  # a clinic day
ROLES = ("clinician", "chair", "coordinator", "admin", "triage", "call_handler")


def secret_key() -> str:
    """SECRET_KEY, or for the embedded demo a random one kept under DATA_DIR."""
    configured = env("SECRET_KEY")
    if configured:
        return configured
    path = data_dir() / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


class Tokens:
    def __init__(self, key: str, lifetime: timedelta = TOKEN_LIFETIME):
        self._key = key
        self.lifetime = lifetime
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
            "iat": int(now.timestamp()),
            "exp": int((now + self.lifetime).timestamp()),
        }
        return {
            "access_token": jwt.encode(claims, self._key, algorithm="HS256"),
            "token_type": "bearer",
            "expires_in": int(self.lifetime.total_seconds()),
        }

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
            return jwt.decode(token, self._key, algorithms=["HS256"])
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("TOKEN_EXPIRED", "the token has expired; sign in again") from None
        except jwt.InvalidTokenError:
            raise Unauthenticated("TOKEN_INVALID", "the token is not valid") from None


def require_current(actor: dict, version: int | None) -> None:
    """A token or web session issued before the person left, or before their password was
    set again, is refused: `version` is the staff service's, None once they have left."""
    if version is None or version != actor.get("session_version", 1):
        raise Unauthenticated(
            "SESSION_ENDED", "this sign-in has ended (account deactivated or password reset)"
        )


def require_role(actor: dict, roles: tuple[str, ...]) -> None:
    if roles and not set(roles) & set(actor["roles"]):
        raise Forbidden("ROLE_REQUIRED", f"this needs one of the roles: {', '.join(roles)}")
