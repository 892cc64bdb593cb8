"""Rate limits: how many requests one client may make to a kind of route in a window.

Declare a route with one (`@route(..., limit=SIGN_IN)`) and the gateway refuses the
request over the limit with 429 `TOO_MANY_REQUESTS` and a Retry-After header, before
the handler runs. A page or anything else calls `self.limits.check(SIGN_IN,
client(request))` itself.

- SIGN_IN: signing in (the API's token and the web app's login form). Per account,
  five wrong passwords in a row already rest the account (the lockout);
  this slows one address trying many accounts. `SIGN_IN_LIMIT` (sign-ins a minute
  per address) raises it where a whole hospital reaches us through one address,
  as NHS networks often do: the default would turn a 09:00 rush away.
- PASSWORD_RESET: asking for a password reset email.
- PUBLIC: routes that need no sign-in (the calendar feed, public pages, feedback).

The windows live in the gateway (the `RateLimits` dependency): each gateway copy
counts its own, which is enough to slow guessing; no shared store is needed for that.
"""

from __future__ import annotations

import functools
import secrets
import time
from collections import OrderedDict, deque
from typing import NamedTuple

from nameko.extensions import DependencyProvider

from contracts.errors import UserError
from gateway.auth import log_key, secret_key
from mskpeer.platform import security_events
from mskpeer.platform.settings import trusted_proxies

MAX_CLIENTS = 10_000  # the least recently seen are forgotten past this


class TooManyRequests(UserError):
    def __init__(self, code: str, message: str, fields=None, retry_after: int = 1):
        super().__init__(code, message, fields)
        self.retry_after = retry_after


class Limit(NamedTuple):
    name: str
    requests: int
    seconds: float


SIGN_IN = Limit("sign_in", 30, 60)
PASSWORD_RESET = Limit("password_reset", 5, 15 * 60)
PUBLIC = Limit("public", 120, 60)


class Windows:
    """The recent requests of each client, per limit (`sizes`: requests, by limit name,
    where configuration changed the declared number)."""

    def __init__(self, clock=time.monotonic, sizes: dict[str, int] | None = None, name=None):
        self._clock = clock
        self._sizes = sizes or {}
        self._seen: OrderedDict[tuple[str, str], deque[float]] = OrderedDict()
        # How the security log names a client: a pseudonym, never the address (by default one
        # keyed for this process alone).
        self._name = name or functools.partial(security_events.pseudonym, secrets.token_bytes(32))
        self._refusing: set[tuple[str, str]] = set()  # logged once per run of refusals

    def check(self, limit: Limit, client: str) -> None:
        """Count one request, or raise TooManyRequests if it is one too many."""
        now = self._clock()
        times = self._seen.pop((limit.name, client), None) or deque()
        while times and times[0] <= now - limit.seconds:
            times.popleft()
        self._seen[limit.name, client] = times
        if len(self._seen) > MAX_CLIENTS:
            self._refusing.discard(self._seen.popitem(last=False)[0])
        if len(times) >= self._sizes.get(limit.name, limit.requests):
            wait = max(1, int(times[0] + limit.seconds - now + 0.999))
            if (limit.name, client) not in self._refusing:  # a flood is one event, not many
                self._refusing.add((limit.name, client))
                security_events.record(
                    security_events.RATE_LIMITED, limit=limit.name, client=self._name(client)
                )
            raise TooManyRequests(
                "TOO_MANY_REQUESTS",
                f"too many requests of this kind from your address; try again in {wait} s",
                retry_after=wait,
            )
        self._refusing.discard((limit.name, client))
        times.append(now)


class RateLimits(DependencyProvider):
    def setup(self):
        config = self.container.config
        sizes = {SIGN_IN.name: int(config.get("SIGN_IN_LIMIT", SIGN_IN.requests))}
        key = log_key(secret_key(config))
        self.windows = Windows(sizes=sizes, name=lambda c: security_events.pseudonym(key, c))

    def get_dependency(self, worker_ctx):
        return self.windows


def client(request) -> str:
    """The caller's address; behind a proxy named in TRUSTED_PROXIES, the one it reports.

    X-Forwarded-For is only believed from a trusted proxy: anyone else could put any
    address there and start a fresh window with every request.
    """
    address = request.remote_addr or ""
    forwarded = request.headers.get("X-Forwarded-For", "")
    if forwarded and address in trusted_proxies():
        return forwarded.split(",")[-1].strip()
    return address
