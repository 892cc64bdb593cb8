"""The OpenAPI 3 document, built from the route declarations and their marshmallow schemas."""

from __future__ import annotations

import functools

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from contracts import policy
from contracts.api import ErrorOut
from gateway.parameters import PATH, openapi_path, path_names
from gateway.router import API

_ERRORS = {
    "400": "Bad request",
    "401": "No valid token",
    "403": "Not allowed for your role",
    "404": "Not found, or a path parameter that cannot name anything (named in fields)",
    "409": "Not possible in the current state",
    "413": "The request body is too large",
    "422": "Invalid input: a message per field. Besides the schema, a rule across fields "
    "(e.g. from before to) or about the content (patient-identifiable data, red flags)",
    "429": "Too many requests: wait for Retry-After seconds",
    "503": "A part of the system is not answering; try again shortly",
}


def _path_parameters(plugin: MarshmallowPlugin, werkzeug_path: str) -> list[dict]:
    return [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": plugin.converter.field2property(PATH[name]),
        }
        for name in path_names(werkzeug_path)
    ]


def _links(route) -> dict:
    return {
        operation: {"operationId": operation, "parameters": parameters}
        for operation, parameters in route.links.items()
    }


def who_may(route) -> str:
    """The policy's rule for the route, as a sentence for the reader of the document."""
    rule = policy.RULES[route.action]
    if rule.public:
        return "Anyone, without signing in."
    roles = [role.replace("_", " ") for role in policy.roles_for(route.action)]
    anyone = " or ".join(filter(None, [", ".join(roles[:-1]), roles[-1]])) if roles else ""
    who = [f"any {anyone}"] if anyone else []
    who += [rule.relation] if rule.relation else []
    why = f" ({rule.why})" if rule.why else ""
    return f"Who may: {'; and '.join(who)}{why}."


def _access(route) -> dict:
    """Who may call it, from the policy: the roles (x-roles) and its action (x-action)."""
    if route.roles is None:
        return {"security": [], "description": who_may(route)}
    return {
        "security": [{"bearer": []}],
        "description": who_may(route),
        "x-action": route.action,
        "x-roles": list(route.roles),
    }


@functools.cache
def document() -> dict:
    plugin = MarshmallowPlugin()
    spec = APISpec(
        title="MSK Peer Support API",
        version="1.0.0",
        openapi_version="3.0.3",
        plugins=[plugin],
        info={"description": "Peer case conferences for NHS MSK physiotherapists."},
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", schema=ErrorOut)
    for route in API.routes:
        if route.path == "/<path:path>":
            continue
        params = _path_parameters(plugin, route.path)
        operation: dict = {
            "operationId": route.operation_id,
            "summary": route.summary,
            "tags": route.tags,
            "parameters": params,
            "responses": {
                str(route.status): {
                    "description": "OK",
                    "content": {
                        media_type: {"schema": route.response or {}}
                        if media_type == "application/json"
                        else {"schema": {"type": "string", "format": "binary"}}
                        for media_type in route.media_types
                    },
                    **({"links": _links(route)} if route.links else {}),
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
        if route.refusal is not None:
            either = {"oneOf": ["Error", route.refusal]}
            operation["responses"]["422"]["content"]["application/json"]["schema"] = either
        operation.update(_access(route))
        if route.query is not None:
            operation["parameters"] = params + [{"in": "query", "schema": route.query}]
        if route.body is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": route.body}},
            }
        spec.path(path=openapi_path(route.path), operations={route.method.lower(): operation})
    return spec.to_dict()
