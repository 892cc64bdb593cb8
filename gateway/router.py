"""One router for the JSON API: every route module adds its routes to `API`.

A route is a plain function `(ports, request, actor, **path)`, declared with
`@API.route(method, path, summary, action=policy.SOMETHING, ...)`: its method,
path, the policy action it performs, its query, body and response schemas, and
links to the routes that use what it answers. The declaration is where access is
enforced, once: before the function runs, the router learns who asks and asks
the policy (contracts/policy.py) whether their roles may ask for that action at
all. Whether they may do it to *this* object (their case, their conference) is
the service's question, asked of the same policy. Path parameters and the query
string are checked next (gateway/parameters.py). The same declarations build the
OpenAPI document (gateway/openapi.py).

nameko finds HTTP entrypoints as methods of a service class, so `API.serve(cls)`
gives the gateway one method per route, named by its operation id.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, fields

from marshmallow import Schema
from nameko.exceptions import RemoteError
from werkzeug.wrappers import Response

from contracts import policy
from contracts.errors import UserError
from gateway import security_log
from gateway.auth import Tokens, require_current
from gateway.limits import Limit, TooManyRequests, client
from gateway.parameters import load_path, path_names
from gateway.sign_ins import SignIns, current_version
from gateway.web import STATUS, UNAVAILABLE, error_response, http, json_response, load

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Ports:
    """What a route may use: the services it calls, the token issuer, the clock, settings."""

    cases: object
    scheduling: object
    staff: object
    notifications: object
    outcomes: object
    referrals: object
    tokens: Tokens
    sign_ins: SignIns
    clock: object
    config: dict

    @classmethod
    def of(cls, service) -> Ports:
        return cls(**{f.name: getattr(service, f.name) for f in fields(cls)})

    def service(self, name: str):
        return getattr(self, name)


@dataclass
class Route:
    method: str
    path: str  # werkzeug syntax
    summary: str
    action: str  # what it does, in the policy's words: who may ask follows from it
    body: type[Schema] | None = None
    query: type[Schema] | None = None
    response: type[Schema] | None = None
    status: int = 200
    tags: list[str] = field(default_factory=list)
    # OpenAPI links from the answer to the routes that use it, by operation id:
    # {"get_case": {"case_id": "$response.body#/id"}}. Fuzzers and clients follow them.
    links: dict = field(default_factory=dict)
    # What a success may be sent as, beside JSON (a CSV, a chart, a page, a calendar).
    media_types: tuple[str, ...] = ("application/json",)
    # A route whose 422 may also be a refusal with its own shape (a self-referral's
    # SEEK_URGENT_CARE or NOT_ELIGIBLE): documented as one of the two.
    refusal: type[Schema] | None = None
    limit: Limit | None = None  # how often one client may call it (gateway/limits.py)
    handler: object = None
    operation_id: str = ""

    @property
    def roles(self) -> tuple[str, ...] | None:
        """The roles that may ask; None: no token needed."""
        return policy.asking_roles(self.action)


class Router:
    def __init__(self):
        self.routes: list[Route] = []

    def route(
        self,
        method,
        path,
        summary,
        action,
        body=None,
        query=None,
        response=None,
        status=200,
        tag="api",
        links=None,
        media_types=("application/json",),
        limit=None,
        refusal=None,
    ):
        """Declare an HTTP route of the gateway; errors never leak internals."""
        policy.RULES[action]  # an action the policy knows, or the gateway does not start
        path_names(path)  # every path parameter is declared, or the gateway does not start
        spec = Route(
            method,
            path,
            summary,
            action,
            body,
            query,
            response,
            status,
            [tag],
            links or {},
            media_types,
            refusal,
            limit,
        )

        def register(handler):
            if any(r.operation_id == handler.__name__ for r in self.routes):
                raise ValueError(f"two routes are named {handler.__name__}")
            spec.handler, spec.operation_id = handler, handler.__name__
            self.routes.append(spec)
            return handler

        return register

    def serve(self, service_cls: type) -> type:
        """Give a nameko service class an HTTP entrypoint method per route."""
        for spec in self.routes:
            if hasattr(service_cls, spec.operation_id):  # a page of the same name would vanish
                raise TypeError(f"{service_cls.__name__}.{spec.operation_id} is already defined")
            setattr(service_cls, spec.operation_id, _entrypoint(spec))
        return service_cls


API = Router()


def _entrypoint(spec: Route):
    def entrypoint(self, request, **path):  # `self`: a path may name a `service`
        return answer(spec, self, request, path)

    entrypoint.__name__ = entrypoint.__qualname__ = spec.operation_id
    return http(spec.method, spec.path)(entrypoint)


def answer(spec: Route, service, request, path: dict) -> Response:
    try:
        if spec.limit is not None:
            service.limits.check(spec.limit, client(request))
        ports = Ports.of(service)
        actor = None
        if spec.roles is not None:  # who asks comes first: a stranger learns nothing more
            actor = identify(ports, request)
            policy.require(actor, spec.action)
        path = load_path(path)
        if spec.query is not None:
            request.query = load(spec.query(), request.args.to_dict())
        result = spec.handler(ports, request, actor, **path)
    except UserError as error:
        security_log.refused(service, error, request, spec.path)
        result = error_response(STATUS[type(error)], error.code, error.message, error.fields)
        if isinstance(error, TooManyRequests):
            result.headers["Retry-After"] = str(error.retry_after)
    except UNAVAILABLE:
        result = error_response(
            503, "SERVICE_UNAVAILABLE", "a part of the system is not answering; try again shortly"
        )
    except RemoteError as error:
        log.error("remote fault on %s %s: %s", spec.method, spec.path, error.exc_type)
        result = error_response(500, "INTERNAL_ERROR", "something went wrong on our side")
    except Exception:
        log.exception("fault on %s %s", spec.method, spec.path)
        result = error_response(500, "INTERNAL_ERROR", "something went wrong on our side")
    if not isinstance(result, Response):
        result = json_response(result, spec.status)
    result.headers["X-Request-ID"] = service.correlation_id
    return result


def identify(ports: Ports, request) -> dict:
    """The person a request's token names, while their sign-in still stands (they have not
    left, nor set a new password since): see gateway/sign_ins.py."""
    actor = getattr(request, "actor", None)
    if actor is None:
        actor = ports.tokens.actor(request.headers.get("Authorization"))
        require_current(actor, current_version(ports.sign_ins, ports.staff, actor["id"]))
        request.actor = actor
    return actor
