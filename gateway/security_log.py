"""The gateway's security events (mskpeer/platform/security_events.py) for the refusals it
answers itself: a rejected token (401) and a refusal of access (403), from the API's router and
the web pages. Sign-ins are recorded by the staff service, which decides them; ended sessions in
gateway/auth.py; rate limits in gateway/limits.py.
"""

from __future__ import annotations

from contracts.errors import Forbidden, Unauthenticated, UserError
from gateway.limits import client
from mskpeer.platform import security_events as events


def refused(service, error: UserError, request, path: str, person: dict | None = None) -> None:
    where = {"method": request.method, "route": path, "request_id": service.correlation_id}
    if isinstance(error, Unauthenticated) and error.code.startswith("TOKEN_"):
        address = service.tokens.pseudonym(client(request))
        events.record(events.TOKEN_REJECTED, reason=error.code, client=address, **where)
    elif isinstance(error, Forbidden):
        who = (person or getattr(request, "actor", None) or {}).get("id")
        events.record(events.ACCESS_REFUSED, reason=error.code, person=who, **where)
