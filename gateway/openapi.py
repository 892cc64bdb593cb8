"""The OpenAPI 3 document, built from the route declarations and their marshmallow schemas."""

from __future__ import annotations

import functools
import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from contracts.api import ErrorOut
from gateway.web import ROUTES

_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
_ERRORS = {
    "400": "Bad request",
    "401": "No valid token",
    "403": "Not allowed for your role",
    "404": "Not found",
    "409": "Not possible in the current state",
    "422": "Invalid input: a message per field",
}


def _path(werkzeug_path: str) -> tuple[str, list[dict]]:
    params = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "integer" if kind == "int" else "string"},
        }
        for kind, name in _PARAM.findall(werkzeug_path)
    ]
    return _PARAM.sub(r"{\2}", werkzeug_path), params


@functools.cache
def document() -> dict:
    spec = APISpec(
        title="MSK Peer Support API",
        version="1.0.0",
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={"description": "Peer case conferences for NHS MSK physiotherapists."},
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", schema=ErrorOut)
    for route in ROUTES:
        if route.path == "/<path:path>":
            continue
        path, params = _path(route.path)
        operation: dict = {
            "summary": route.summary,
            "tags": route.tags,
            "parameters": params,
            "responses": {
                str(route.status): {
                    "description": "OK",
                    "content": {"application/json": {"schema": route.response or {}}},
                },
                **{
                    code: {
                        "description": text,
                        "content": {"application/json": {"schema": "Error"}},
                    }
                    for code, text in _ERRORS.items()
                },
            },
        }
        if route.roles is not None:
            operation["security"] = [{"bearer": []}]
        if route.query is not None:
            operation["parameters"] = params + [{"in": "query", "schema": route.query}]
        if route.body is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": route.body}},
            }
        spec.path(path=path, operations={route.method.lower(): operation})
    return spec.to_dict()
