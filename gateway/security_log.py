"""The gateway's security events (mskpeer/platform/security_events.py), from its central places:
signing in (the API's token and the web app's form) and the refusals of `@route`.
"""

from __future__ import annotations

from contracts.errors import Forbidden, Unauthenticated, UserError
from gateway.limits import client
from mskpeer.platform import security_events as events

SIGN_IN_REFUSED = {"TOO_MANY_WRONG_PASSWORDS": events.SIGN_IN_WHILE_RESTING}


def sign_in(service, email: str, password: str, request, via: str) -> dict:
    """The person behind an email and password (the staff service decides), and the event."""
    # Imported here, not at the top: gateway.calls imports gateway.web, which imports this.
    from gateway.calls import call

    where = {"via": via, "client": service.tokens.pseudonym(client(request))}
    try:
        person = call(service.staff, "authenticate", email, password)
    except Unauthenticated as refusal:
        event = SIGN_IN_REFUSED.get(refusal.code, events.SIGN_IN_FAILED)
        events.record(event, account=service.tokens.pseudonym(email), **where)
        raise
    events.record(events.SIGNED_IN, person=person["id"], **where)
    return person


def refused(service, error: UserError, request, path: str, person: dict | None = None) -> None:
    """The event of a 401 or 403 that `@route` answers (sign-in, ended sessions and rate
    limits are recorded where they are decided)."""
    where = {"method": request.method, "route": path, "request_id": service.correlation_id}
    if isinstance(error, Unauthenticated) and error.code.startswith("TOKEN_"):
        address = service.tokens.pseudonym(client(request))
        events.record(events.TOKEN_REJECTED, reason=error.code, client=address, **where)
    elif isinstance(error, Forbidden):
        who = (person or getattr(request, "actor", None) or {}).get("id")
        events.record(events.ACCESS_REFUSED, reason=error.code, person=who, **where)
