"""The gateway: the product's only HTTP listener, JSON under /api/v1."""

from __future__ import annotations

import eventlet
from nameko.dependency_providers import Config
from nameko.extensions import DependencyProvider

from contracts import api
from gateway import health, openapi
from gateway.auth import Tokens, require_role, secret_key
from gateway.web import (
    ServiceUnavailable,
    error_response,
    idempotency_key,
    json_response,
    load,
    read_json,
    route,
    window,
)
from mskpeer.mailsink import read_mailbox
from mskpeer.platform.clock import Clock
from mskpeer.platform.entrypoints import ResilientRpcProxy as RpcProxy
from mskpeer.platform.settings import SERVICES

RPC_TIMEOUT = 15.0  # seconds before a silent service becomes a 503
STAFF = ("clinician", "chair", "coordinator", "admin")
LEADS = ("coordinator", "admin")


class CorrelationId(DependencyProvider):
    """This request's id (see JsonWebServer.context_data_from_headers)."""

    def get_dependency(self, worker_ctx):
        return worker_ctx.data.get("correlation_id", "")


class TokenProvider(DependencyProvider):
    def setup(self):
        self.tokens = Tokens(secret_key())

    def get_dependency(self, worker_ctx):
        return self.tokens


def call(proxy, method: str, *args, **kwargs):
    with eventlet.Timeout(RPC_TIMEOUT, ServiceUnavailable()):
        return getattr(proxy, method)(*args, **kwargs)


class GatewayService:
    name = "gateway"

    cases = RpcProxy("cases")
    scheduling = RpcProxy("scheduling")
    notifications = RpcProxy("notifications")
    outcomes = RpcProxy("outcomes")
    tokens = TokenProvider()
    correlation_id = CorrelationId()
    clock = Clock()
    config = Config()

    def _actor(self, request, roles=STAFF) -> dict:
        actor = self.tokens.actor(request.headers.get("Authorization"))
        require_role(actor, roles)
        return actor

    # -- auth --------------------------------------------------------------
    @route(
        "POST",
        "/api/v1/auth/token",
        "Sign in: exchange email and password for a token",
        roles=None,
        body=api.TokenRequest,
        response=api.TokenOut,
        tag="auth",
    )
    def issue_token(self, request):
        credentials = load(api.TokenRequest(), read_json(request))
        person = call(
            self.scheduling, "authenticate", credentials["email"], credentials["password"]
        )
        return self.tokens.issue(person, self.clock())

    @route("GET", "/api/v1/me", "Who I am", tag="auth")
    def me(self, request):
        return call(self.scheduling, "get_clinician", self._actor(request)["id"])

    # -- cases -------------------------------------------------------------
    @route(
        "POST",
        "/api/v1/cases",
        "Submit a case (pseudonymised)",
        body=api.SubmitCase,
        response=api.CaseOut,
        status=201,
        tag="cases",
    )
    def submit_case(self, request):
        actor = self._actor(request)
        details = load(api.SubmitCase(), read_json(request))
        # A client that did not hear the answer (a timeout, a 503) may send the
        # same request with the same Idempotency-Key and gets the same case back.
        key = idempotency_key(request)
        return call(self.cases, "submit_case", details, actor, idempotency_key=key)

    @route(
        "GET",
        "/api/v1/cases",
        "List cases",
        query=api.CaseListQuery,
        response=api.CaseList,
        tag="cases",
    )
    def list_cases(self, request):
        actor = self._actor(request)
        query = load(api.CaseListQuery(), request.args.to_dict())
        offset, limit = window(query)
        return call(
            self.cases,
            "list_cases",
            actor,
            status=query["status"],
            mine=query["mine"],
            body_region=query["body_region"],
            text=query["q"],
            offset=offset,
            limit=limit,
        )

    @route(
        "GET",
        "/api/v1/cases/<string:case_id>",
        "Read a case (audited)",
        response=api.CaseOut,
        tag="cases",
    )
    def get_case(self, request, case_id):
        return call(self.cases, "get_case", case_id, self._actor(request))

    @route(
        "POST",
        "/api/v1/cases/<string:case_id>/withdraw",
        "Withdraw a case before its discussion (presenter, coordinator or admin)",
        response=api.CaseOut,
        tag="cases",
    )
    def withdraw_case(self, request, case_id):
        return call(self.cases, "withdraw_case", case_id, self._actor(request))

    # -- conferences -------------------------------------------------------
    @route(
        "GET",
        "/api/v1/conferences",
        "Upcoming conferences, soonest first",
        query=api.ConferenceQuery,
        response=api.ConferenceList,
        tag="conferences",
    )
    def list_conferences(self, request):
        self._actor(request)
        query = load(api.ConferenceQuery(), request.args.to_dict())
        offset, limit = window(query)
        return call(
            self.scheduling,
            "list_conferences",
            query["from_"],
            query["to"],
            offset,
            limit,
        )

    @route(
        "GET",
        "/api/v1/conferences/<string:conference_id>",
        "A conference: chair, attendees, agenda",
        response=api.ConferenceOut,
        tag="conferences",
    )
    def get_conference(self, request, conference_id):
        self._actor(request)
        return call(self.scheduling, "get_conference", conference_id)

    @route(
        "POST",
        "/api/v1/conferences/<string:conference_id>/minutes",
        "Record a meeting's minutes (its chair, a coordinator or an admin)",
        body=api.RecordMinutes,
        status=201,
        tag="conferences",
    )
    def record_minutes(self, request, conference_id):
        actor = self._actor(request)
        minutes = read_json(request)
        load(api.RecordMinutes(), minutes)  # 422 here, before any service is asked
        return call(self.scheduling, "record_minutes", conference_id, minutes, actor)

    # -- outcomes ----------------------------------------------------------
    @route(
        "POST",
        "/api/v1/cases/<string:case_id>/outcome",
        "Record what happened to the patient (presenter or chair)",
        body=api.RecordOutcome,
        response=api.OutcomeOut,
        status=201,
        tag="outcomes",
    )
    def record_outcome(self, request, case_id):
        actor = self._actor(request)
        outcome = read_json(request)
        load(api.RecordOutcome(), outcome)
        return call(self.outcomes, "record_outcome", case_id, outcome, actor)

    @route(
        "GET",
        "/api/v1/cases/<string:case_id>/outcome",
        "A case's recorded outcome",
        response=api.OutcomeOut,
        tag="outcomes",
    )
    def get_outcome(self, request, case_id):
        self._actor(request)
        return call(self.outcomes, "get_outcome", case_id)

    # -- notifications and operations ----------------------------------------
    @route(
        "GET",
        "/api/v1/notifications",
        "Delivery log: mine, or all for leads",
        query=api.NotificationQuery,
        tag="notifications",
    )
    def list_notifications(self, request):
        actor = self._actor(request)
        query = load(api.NotificationQuery(), request.args.to_dict())
        everyone = bool(set(LEADS) & set(actor["roles"])) and not query["mine"]
        offset, limit = window(query)
        return call(
            self.notifications,
            "list_deliveries",
            query["status"],
            None if everyone else actor["id"],
            offset,
            limit,
        )

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
        query = load(api.DeadLetterQuery(), request.args.to_dict())
        items = []
        for service in SERVICES:
            items += call(
                getattr(self, service), "list_dead_letters", query["status"], 0, api.MAX_PAGE_SIZE
            )["items"]
        offset, limit = window(query)
        return {"items": items[offset : offset + limit], "total": len(items)}

    @route(
        "POST",
        "/api/v1/admin/dead-letters/<string:service>/<int:dead_letter_id>/replay",
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
        "Who read or changed a case, when, in which request (admin)",
        roles=("admin",),
        query=api.AuditQuery,
        tag="admin",
    )
    def audit_trail(self, request):
        self._actor(request, ("admin",))
        query = load(api.AuditQuery(), request.args.to_dict())
        offset, limit = window(query)
        case_id = query["object"].split(":", 1)[1]
        return call(self.cases, "audit_trail", case_id, offset, limit)

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
        return error_response(404, "NOT_FOUND", f"there is nothing at /{path}")
