"""Routes for running the service: dead letters, audit, documents, health."""

from __future__ import annotations

from contracts import api
from gateway import health, openapi
from gateway.calls import call
from gateway.pages.web import not_found_page
from gateway.web import error_response, json_response, route, window
from mskpeer.mailsink import read_mailbox
from mskpeer.platform.settings import SERVICES


class OperationRoutes:
    # -- operations ----------------------------------------------------------
    @route(
        "GET",
        "/api/v1/admin/dead-letters",
        "Events a handler could not apply",
        roles=("admin",),
        query=api.DeadLetterQuery,
        tag="admin",
    )
    def list_dead_letters(self, request):
        self._actor(request, ("admin",))
        query = request.query
        items = []
        for service in SERVICES:
            items += call(
                getattr(self, service), "list_dead_letters", query["status"], 0, api.MAX_PAGE_SIZE
            )["items"]
        offset, limit = window(query)
        return {"items": items[offset : offset + limit], "total": len(items)}

    @route(
        "POST",
        "/api/v1/admin/dead-letters/<string:service>/<dead_letter_id>/replay",
        "Run a parked event through its handler again",
        roles=("admin",),
        tag="admin",
    )
    def replay_dead_letter(self, request, service, dead_letter_id):
        self._actor(request, ("admin",))
        if service not in SERVICES:
            return error_response(404, "SERVICE_NOT_FOUND", f"there is no service {service}")
        return call(getattr(self, service), "replay_dead_letter", dead_letter_id)

    @route(
        "GET",
        "/api/v1/audit",
        "Who read or changed a case, card or minutes, when, in which request (admin)",
        roles=("admin",),
        query=api.AuditQuery,
        tag="admin",
    )
    def audit_trail(self, request):
        self._actor(request, ("admin",))
        query = request.query
        offset, limit = window(query)
        return call(self.cases, "audit_trail", query["object"], offset, limit)

    # -- documents -----------------------------------------------------------
    @route("GET", "/openapi.json", "This API as OpenAPI 3", roles=None, tag="meta")
    def openapi_document(self, request):
        return openapi.document()

    @route("GET", "/health", "The broker and every service's database", roles=None, tag="meta")
    def health(self, request):
        report = health.check(self, self.config["AMQP_URI"])
        return json_response(report, 200 if report["status"] == "ok" else 503)

    @route(
        "GET",
        "/dev/mail",
        "Development only: mail saved by the local SMTP sink",
        roles=None,
        tag="meta",
    )
    def dev_mail(self, request):
        directory = self.config.get("DEV_MAIL_DIR")
        if not directory:  # only the embedded demo has a sink; never in production
            return error_response(404, "NOT_FOUND", "there is nothing at /dev/mail")
        messages = read_mailbox(directory)
        return {
            "items": [
                {
                    "to": list(m.rcpt_to),
                    "subject": m.subject,
                    "text": m.text,
                    "received_at": m.received_at,
                }
                for m in reversed(messages[-200:])
            ],
            "total": len(messages),
        }

    @route("GET", "/<path:path>", "Anything else", roles=None, tag="meta")
    def not_found(self, request, path):
        if request.accept_mimetypes.best_match(("application/json", "text/html")) == "text/html":
            return not_found_page(request)  # a person following a broken link, not a program
        return error_response(404, "NOT_FOUND", f"there is nothing at /{path}")
