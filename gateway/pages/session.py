"""The web app's session: a signed cookie saying who is signed in, and the form token.

The cookie is a JWT signed with a key derived from SECRET_KEY for this purpose
only, so a session cookie is never accepted as a bearer token, nor a token as a
session. It expires with the clinic day, like a token. Signing out clears it in
the browser; a copy taken before then stays valid until it expires (nothing is
kept on the server).

Every form carries the session's `csrf` value in a hidden field and every POST
must send it back: another site can make a browser post to us, but it cannot
read the value. A visitor who has not signed in gets a session too, so the
sign-in form is protected the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import jwt

from gateway.auth import TOKEN_LIFETIME

SESSION_LIFETIME = TOKEN_LIFETIME
# `__Host-` makes the browser refuse the cookie unless it is Secure, for this host
# only and for every path: no subdomain or plain-http page can plant one.
SECURE_COOKIE = "__Host-mskpeer-session"
PLAIN_COOKIE = "mskpeer-session"


@dataclass(frozen=True)
class Session:
    csrf: str
    person: dict | None = None  # {"id", "name", "email", "roles"}; None before signing in
    expires_at: int = 0

    def form_token_matches(self, sent: str | None) -> bool:
        return bool(sent) and hmac.compare_digest(sent.encode(), self.csrf.encode())


class Sessions:
    def __init__(self, secret_key: str, lifetime: timedelta = SESSION_LIFETIME):
        self._key = hmac.new(secret_key.encode(), b"web session", hashlib.sha256).hexdigest()
        self.lifetime = lifetime

    def start(self, now: datetime, person: dict | None = None) -> Session:
        """A new session (new form token too: signing in never keeps a token seen before)."""
        expires = int((now + self.lifetime).timestamp())
        return Session(secrets.token_urlsafe(32), person, expires)

    def renewed(self, session: Session, now: datetime) -> Session:
        """The same session (and form token, so open forms still work) for another lifetime."""
        return Session(session.csrf, session.person, int((now + self.lifetime).timestamp()))

    def seal(self, session: Session) -> str:
        claims = {"csrf": session.csrf, "exp": session.expires_at}
        if session.person:
            claims["person"] = {k: session.person[k] for k in ("id", "name", "email", "roles")}
            claims["person"]["session_version"] = session.person.get("session_version", 1)
        return jwt.encode(claims, self._key, algorithm="HS256")

    def open(self, sealed: str | None) -> Session | None:
        """The session a cookie holds; None when it is missing, forged or expired."""
        if not sealed:
            return None
        try:
            claims = jwt.decode(sealed, self._key, algorithms=["HS256"])
        except jwt.InvalidTokenError:
            return None
        if claims["exp"] <= time.time():
            return None
        return Session(claims["csrf"], claims.get("person"), claims["exp"])


def local_path(target: str | None) -> str:
    """Where to go after signing in: a path on this site, never another site ("//evil")."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target
