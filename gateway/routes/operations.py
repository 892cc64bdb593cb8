"""Routes for running the service: dead letters, audit, documents, health."""

from __future__ import annotations

from pathlib import Path

from contracts import api, policy
from gateway import health, openapi
from gateway.calls import call
from gateway.pages.web import not_found_page
from gateway.router import API
from gateway.web import error_response, json_response, window
from mskpeer.mailsink import read_mailbox
from mskpeer.platform.settings import SERVICES


@API.route(
    "GET",
    "/api/v1/admin/dead-letters",
    "Events a handler could not apply",
    action=policy.OPERATE,
    query=api.DeadLetterQuery,
    tag="admin",
)
def list_dead_letters(ports, request, actor):
    query = request.query
    items = []
    for service in SERVICES:
        items += call(
            ports.service(service), "list_dead_letters", query["status"], 0, api.MAX_PAGE_SIZE
        )["items"]
    offset, limit = window(query)
    return {"items": items[offset : offset + limit], "total": len(items)}


@API.route(
    "POST",
    "/api/v1/admin/dead-letters/<string:service>/<dead_letter_id>/replay",
    "Run a parked event through its handler again",
    action=policy.OPERATE,
    tag="admin",
)
def replay_dead_letter(ports, request, actor, service, dead_letter_id):
    if service not in SERVICES:
        return error_response(404, "SERVICE_NOT_FOUND", f"there is no service {service}")
    return call(ports.service(service), "replay_dead_letter", dead_letter_id)


@API.route(
    "GET",
    "/api/v1/audit",
    "Who read or changed a case, card or minutes, when, in which request",
    action=policy.READ_AUDIT,
    query=api.AuditQuery,
    tag="admin",
)
def audit_trail(ports, request, actor):
    query = request.query
    offset, limit = window(query)
    return call(ports.cases, "audit_trail", query["object"], offset, limit)


# -- documents ---------------------------------------------------------------
@API.route("GET", "/openapi.json", "This API as OpenAPI 3", action=policy.READ_ABOUT, tag="meta")
def openapi_document(ports, request, actor):
    return openapi.document()


@API.route(
    "GET",
    "/health",
    "The broker and every service's database",
    action=policy.READ_ABOUT,
    tag="meta",
)
def health_check(ports, request, actor):
    report = health.check(ports, ports.config["AMQP_URI"])
    return json_response(report, 200 if report["status"] == "ok" else 503)


@API.route(
    "GET",
    "/dev/mail",
    "Development only: mail saved by the local SMTP sink",
    action=policy.READ_ABOUT,
    tag="meta",
)
def dev_mail(ports, request, actor):
    directory = ports.config.get("DEV_MAIL_DIR")
    if not directory:  # only the embedded demo has a sink; never in production
        return error_response(404, "NOT_FOUND", "there is nothing at /dev/mail")
    # Parse only the newest: the demo's seed alone leaves hundreds, and reading them all
    # on every call took the fuzzer's request past ten seconds on a busy machine.
    newest = read_mailbox(directory, last=200)
    return {
        "items": [
            {
                "to": list(m.rcpt_to),
                "subject": m.subject,
                "text": m.text,
                "received_at": m.received_at,
            }
            for m in reversed(newest)
        ],
        "total": len(list(Path(directory).glob("*.eml"))),
    }


@API.route("GET", "/<path:path>", "Anything else", action=policy.READ_ABOUT, tag="meta")
def not_found(ports, request, actor, path):
    if request.accept_mimetypes.best_match(("application/json", "text/html")) == "text/html":
        return not_found_page(request)  # a person following a broken link, not a program
    return error_response(404, "NOT_FOUND", f"there is nothing at /{path}")
