"""HTTP plumbing for the gateway: JSON in and out, one error table, nameko's HTTP entrypoint.

The API's routes are declared on one router (gateway/router.py); the web app's
pages with `@page` (gateway/pages/web.py). Both end in `http` below.
"""

from __future__ import annotations

import functools
import json
import time
import uuid

import eventlet
from marshmallow import Schema, ValidationError
from nameko.exceptions import UnknownService
from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import WebServer, WsgiApp
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from contracts.errors import (
    Conflict,
    DatabaseUnavailable,
    Forbidden,
    Invalid,
    NotFound,
    Unauthenticated,
)
from gateway.headers import guarded
from gateway.limits import TooManyRequests
from gateway.request_ids import well_formed, with_request_id
from mskpeer.platform import metrics
from mskpeer.platform.entrypoints import BROKER_GONE

STATUS = {Invalid: 422, NotFound: 404, Conflict: 409, Forbidden: 403, Unauthenticated: 401}
STATUS[TooManyRequests] = 429


class ServiceUnavailable(Exception):
    pass


# What a part of the system not answering looks like to a route: a 503, try again shortly.
UNAVAILABLE = (
    ServiceUnavailable,
    UnknownService,
    eventlet.Timeout,
    DatabaseUnavailable,
    *BROKER_GONE,
)
RETRY_AFTER = "5"  # seconds: a broker or database restart takes a few


def json_response(body, status: int = 200, headers: dict | None = None) -> Response:
    return Response(
        json.dumps(body, default=str),
        status=status,
        mimetype="application/json",
        headers=headers or {},
    )


def error_response(status: int, code: str, message: str, fields: dict | None = None) -> Response:
    body = {"error": code, "message": message}
    if fields:
        body["fields"] = fields
    headers = {401: {"WWW-Authenticate": "Bearer"}, 503: {"Retry-After": RETRY_AFTER}}
    return json_response(body, status, headers.get(status))


def read_json(request) -> dict:
    if not request.get_data():
        return {}
    try:
        body = json.loads(request.get_data(as_text=True))
    except (ValueError, UnicodeDecodeError):
        raise Invalid("INVALID_JSON", "the request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise Invalid("INVALID_JSON", "the request body must be a JSON object")
    return body


def checked_body(request, schema: type[Schema]) -> dict:
    """The request's JSON as sent, once it passes `schema`: a 422 names each wrong field
    before any service is asked. The service loads it again with the same schema."""
    body = read_json(request)
    load(schema(), body)
    return body


def load(schema: Schema, data) -> dict:
    try:
        return schema.load(data)
    except ValidationError as error:
        raise Invalid("INVALID_INPUT", "some fields are missing or wrong", error.messages) from None


UNMATCHED = "unmatched"  # the route label of a request no route took (404, 405)


class JsonWsgiApp(WsgiApp):
    """nameko's app, but a wrong method or path gets our JSON error, not werkzeug's HTML,
    and every response the security headers and body limit of gateway/headers.py."""

    def __call__(self, environ, start_response):
        return guarded(self._dispatch, environ, start_response)

    def _dispatch(self, environ, start_response):
        started = time.perf_counter()
        route, response = self._respond(environ)
        # Counted by the route's template, never the path: bounded labels, no ids in them.
        metrics.http_answered(
            environ["REQUEST_METHOD"], route, response.status_code, time.perf_counter() - started
        )
        return response(environ, start_response)

    def _respond(self, environ) -> tuple[str, Response]:
        request = Request(environ, shallow=True)
        try:
            provider, values = self.url_map.bind_to_environ(environ).match()
        except HTTPException as exc:
            code = exc.name.upper().replace(" ", "_")
            response = error_response(exc.code or 400, code, exc.description or exc.name)
            if exc.code == 405:  # a 405 says which methods the resource has
                response.headers["Allow"] = ", ".join(self._allowed(environ))
            return UNMATCHED, response
        if set(values) == {"path"} and self._allowed(environ):  # the catch-all, on a known path
            response = error_response(405, "METHOD_NOT_ALLOWED", "the path has no such method")
            response.headers["Allow"] = ", ".join(self._allowed(environ))
            return UNMATCHED, response
        request.path_values = values
        return provider.url, provider.handle_request(request)

    @functools.cached_property
    def _declared(self) -> Map:
        """The routes without the catch-all, whose GET would be counted for every path."""
        rules = [r for r in self.url_map.iter_rules() if "<path:" not in r.rule]
        return Map([Rule(r.rule, methods=r.methods, endpoint=r.endpoint) for r in rules])

    def _allowed(self, environ) -> list[str]:
        return sorted(self._declared.bind_to_environ(environ).allowed_methods())


class JsonWebServer(WebServer):
    def get_wsgi_app(self):
        return with_request_id(JsonWsgiApp(self))

    def get_wsgi_server(self, *args, **kwargs):
        server = super().get_wsgi_server(*args, **kwargs)
        server.log_output = False  # gateway/request_ids.py writes the access log
        return server

    def context_data_from_headers(self, request):
        # One id follows a request through every RPC call and every event it
        # causes: the X-Request-ID that gateway/request_ids.py chose (the caller's
        # own, if a UUID). It comes back in the response and is the correlation_id
        # of the events.
        given = request.headers.get("X-Request-ID", "")
        request_id = given if well_formed(given) else str(uuid.uuid4())
        return {"correlation_id": request_id, "request_id": request_id}


class JsonHttpRequestHandler(HttpRequestHandler):
    server = JsonWebServer()


http = JsonHttpRequestHandler.decorator


def idempotency_key(request) -> str | None:
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 200:
        raise Invalid(
            "INVALID_HEADER",
            "Idempotency-Key is too long",
            {"Idempotency-Key": ["at most 200 characters"]},
        )
    return key or None


def window(query: dict) -> tuple[int, int]:
    """`page` and `page_size` as an offset and a limit."""
    return (query["page"] - 1) * query["page_size"], query["page_size"]
