"""HTTP plumbing for the web app's pages: sessions, form tokens, HTML errors, safe headers.

Pages are declared with `@page(...)`, not `@API.route(...)`: they are for people, not
programs, so they stay out of the OpenAPI document and the README's API
examples. A page calls the same RPCs with the same person as the JSON API,
so roles, access checks and audit are the services' own.
"""

from __future__ import annotations

import functools
import logging
import math
from urllib.parse import urlencode

from nameko.exceptions import RemoteError
from nameko.extensions import DependencyProvider
from werkzeug.wrappers import Response

from contracts import policy
from contracts.errors import Conflict, Forbidden, Invalid, NotFound, Unauthenticated
from gateway import security_log
from gateway.auth import require_current, require_role, secret_key
from gateway.limits import TooManyRequests, client
from gateway.pages.rendering import render
from gateway.pages.session import PLAIN_COOKIE, SECURE_COOKIE, Session, Sessions
from gateway.parameters import load_path
from gateway.sign_ins import current_version
from gateway.web import RETRY_AFTER, UNAVAILABLE, http

log = logging.getLogger(__name__)

HEADERS = {
    # The security headers every response gets are added in one place (gateway/headers.py).
    # Clinical content on a shared clinic PC: the back button after signing out
    # must not show a case from the browser's cache.
    "Cache-Control": "no-store",
}

# A failure a person can do something about, as the page that explains it.
ERROR_PAGES = {
    Forbidden: (403, "You cannot see this page"),
    NotFound: (404, "Page not found"),
    Conflict: (409, "This cannot be done now"),
    Invalid: (400, "Some of what was sent is not right"),
}


class SessionKeeper(DependencyProvider):
    def setup(self):
        self.sessions = Sessions(secret_key(self.container.config))

    def get_dependency(self, worker_ctx):
        return self.sessions


class Visit:
    """One request to a page: who is signed in, their form token, and the answer to send."""

    def __init__(self, request, session: Session | None, secure: bool):
        self.request = request
        self.session = session
        self.secure = secure
        self.new_session: Session | None = None  # set when the cookie must change
        self.ended = False

    @property
    def person(self) -> dict | None:
        return self.session.person if self.session else None

    @property
    def form(self):
        return self.request.form

    def begin(self, session: Session) -> None:
        self.session = self.new_session = session

    def end(self) -> None:
        self.session, self.ended = None, True

    def page(self, template: str, status: int = 200, **context) -> Response:
        context.update(person=self.person, csrf_token=self.session and self.session.csrf)
        context.setdefault("here", self.request.path)
        return Response(render(template, **context), status, mimetype="text/html")

    def form_page(self, template: str, field_errors=None, status: int = 200, **context):
        """A form again, each wrong field said beside it and in the summary above."""
        field_errors = field_errors or {}
        errors = [{"field": name, "message": text} for name, text in field_errors.items()]
        return self.page(template, status, field_errors=field_errors, errors=errors, **context)

    def over_limit(self, limits, limit) -> str:
        """'' or, when this address has asked too often (gateway/limits.py), why not, as a
        sentence for the form."""
        try:
            limits.check(limit, client(self.request))
        except TooManyRequests as refusal:
            return sentence(refusal.message)
        return ""

    def error(self, status: int, title: str, message: str) -> Response:
        return self.page("error.html", status, title=title, message=message)

    def cookie_name(self) -> str:
        return SECURE_COOKIE if self.secure else PLAIN_COOKIE


def messages_of(fields) -> dict:
    """A service's refused fields ({"site": ["..."]}) as one message per field, for a form."""
    return {k: (v[0] if isinstance(v, list) else str(v)) for k, v in (fields or {}).items()}


def sentence(message: str) -> str:
    """A service's message ("too many ...") as a form shows it ("Too many ...")."""
    return message[:1].upper() + message[1:]


def not_found_page(request) -> Response:
    """The page for a path nobody serves, signed in or not."""
    visit = Visit(request, None, secure=True)
    response = visit.error(404, "Page not found", "Check the address, or start again from home.")
    response.headers.update(HEADERS)
    return response


def pages_of(path: str, given: dict, total: int, page_size: int) -> dict:
    """Links to the pages before and after this one, keeping what was asked
    (for the `pagination` macro)."""
    number = int(given.get("page") or 1)
    last = max(1, math.ceil(total / page_size))

    def link(to: int) -> str:
        return f"{path}?" + urlencode({**given, "page": to})

    return {
        "number": number,
        "last": last,
        "previous": link(number - 1) if number > 1 else None,
        "next": link(number + 1) if number < last else None,
    }


def redirect(location: str) -> Response:
    # 303: after a form, the browser fetches the next page with GET.
    return Response("", 303, headers={"Location": location})


def sign_in_first(request) -> Response:
    wanted = request.full_path.rstrip("?") if request.method == "GET" else "/"
    return redirect("/login?" + urlencode({"next": wanted}))


def page(method: str, path: str, action: str):
    """Declare a page of the web app and the policy action it performs (contracts/policy.py):
    a public action needs nobody signed in; any other asks the policy who may. The handler
    gets a `Visit` instead of the request."""
    rule = policy.RULES[action]  # an action the policy knows, or the gateway does not start
    signed_in, roles = not rule.public, policy.asking_roles(action)

    def decorate(handler):
        @functools.wraps(handler)
        def handle(self, request, **kwargs):
            secure = self.config.get("SESSION_COOKIE_SECURE", True)
            cookie = request.cookies.get(SECURE_COOKIE if secure else PLAIN_COOKIE)
            visit = Visit(request, self.sessions.open(cookie), secure)
            response = _answer(handler, self, visit, signed_in, roles, kwargs)
            _keep_session(self.sessions, visit, response)
            response.headers.update(HEADERS)
            response.headers["X-Request-ID"] = self.correlation_id
            return response

        return http(method, path)(handle)

    return decorate


def _answer(handler, service, visit: Visit, signed_in: bool, roles, kwargs) -> Response:
    request = visit.request
    if request.method == "POST" and not (
        visit.session and visit.session.form_token_matches(request.form.get("csrf_token"))
    ):
        # No token, a wrong one, or a session that expired while the form was open.
        return visit.error(
            403,
            "This form has expired",
            "For your security, forms only work for a while after they are opened. "
            "Go back, reload the page and try again.",
        )
    if signed_in and visit.person is None:
        return sign_in_first(request)
    try:
        if visit.person:
            current = current_version(service.sign_ins, service.staff, visit.person["id"])
            try:
                require_current(visit.person, current)
            except Unauthenticated:
                visit.end()  # they left, or set a new password elsewhere
                if signed_in:
                    raise
        if signed_in:
            require_role(visit.person, roles)
        # The same check of path values as the API's (gateway/parameters.py): a 404 or 400 page.
        return handler(service, visit, **load_path(kwargs))
    except Unauthenticated:
        return sign_in_first(request)
    except tuple(ERROR_PAGES) as error:
        security_log.refused(service, error, request, request.path, visit.person)
        status, title = next(v for k, v in ERROR_PAGES.items() if isinstance(error, k))
        return visit.error(status, title, error.message)
    except UNAVAILABLE:
        response = visit.error(
            503,
            "Sorry, there is a problem with the service",
            "A part of the system is not answering. Try again in a few minutes.",
        )
        response.headers["Retry-After"] = RETRY_AFTER
        return response
    except RemoteError as error:
        log.error("remote fault on page %s: %s", request.path, error.exc_type)
    except Exception:
        log.exception("fault on page %s", request.path)
    return visit.error(
        500, "Sorry, there is a problem with the service", "Try again in a few minutes."
    )


def _keep_session(sessions: Sessions, visit: Visit, response: Response) -> None:
    name = visit.cookie_name()
    if visit.ended:
        response.delete_cookie(name, path="/", secure=visit.secure, httponly=True, samesite="Lax")
    elif visit.new_session:
        response.set_cookie(
            name,
            sessions.seal(visit.new_session),
            max_age=int(sessions.lifetime.total_seconds()),
            path="/",
            secure=visit.secure,
            httponly=True,
            samesite="Lax",
        )
