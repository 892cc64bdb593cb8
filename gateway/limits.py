"""Rate limits: how many requests one client may make to a kind of route in a window.

Declare a route with one (`@route(..., limit=SIGN_IN)`) and the gateway refuses the
request over the limit with 429 `TOO_MANY_REQUESTS` and a Retry-After header, before
the handler runs. A page or anything else calls `self.limits.check(SIGN_IN,
client(request))` itself.

- SIGN_IN: signing in (the API's token and the web app's login form). Per account,
  five wrong passwords in a row already rest the account (scheduling's lockout);
  this slows one address trying many accounts.
- PASSWORD_RESET: asking for a password reset email.
- PUBLIC: routes that need no sign-in (the calendar feed, public pages, feedback).

The windows live in the gateway (the `RateLimits` dependency): each gateway copy
counts its own, which is enough to slow guessing; no shared store is needed for that.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from typing import NamedTuple

from nameko.extensions import DependencyProvider

from contracts.errors import UserError
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
    """The recent requests of each client, per limit."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._seen: OrderedDict[tuple[str, str], deque[float]] = OrderedDict()

    def check(self, limit: Limit, client: str) -> None:
        """Count one request, or raise TooManyRequests if it is one too many."""
        now = self._clock()
        times = self._seen.pop((limit.name, client), None) or deque()
        while times and times[0] <= now - limit.seconds:
            times.popleft()
        self._seen[limit.name, client] = times
        if len(self._seen) > MAX_CLIENTS:
            self._seen.popitem(last=False)
        if len(times) >= limit.requests:
            wait = max(1, int(times[0] + limit.seconds - now + 0.999))
            raise TooManyRequests(
                "TOO_MANY_REQUESTS",
                f"too many requests of this kind from your address; try again in {wait} s",
                retry_after=wait,
            )
        times.append(now)


class RateLimits(DependencyProvider):
    def setup(self):
        self.windows = Windows()

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
