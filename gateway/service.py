"""The gateway: the product's only HTTP listener, JSON under /api/v1."""

from __future__ import annotations

from nameko.dependency_providers import Config
from nameko.extensions import DependencyProvider

from contracts import api
from gateway import security_log
from gateway.auth import ROLES, Tokens, require_current, require_role, signing_keys
from gateway.calls import STAFF, call
from gateway.limits import SIGN_IN, RateLimits
from gateway.pages import WebPages
from gateway.routes.cases import CaseRoutes
from gateway.routes.conferences import ConferenceRoutes
from gateway.routes.directory import DirectoryRoutes
from gateway.routes.minutes import MinutesRoutes
from gateway.routes.notifications import NotificationRoutes
from gateway.routes.operations import OperationRoutes
from gateway.routes.outcomes import OutcomeRoutes
from gateway.routes.referrals import ReferralRoutes
from gateway.routes.reports import ReportRoutes
from gateway.routes.rota import RotaRoutes
from gateway.routes.series import SeriesRoutes
from gateway.routes.staff import StaffRoutes
from gateway.self_help.pages import SelfHelpPages
from gateway.web import load, read_json, route
from mskpeer.platform.clock import Clock
from mskpeer.platform.entrypoints import ResilientRpcProxy as RpcProxy

# What a signed-in person reaches from their own id (OpenAPI links from GET /api/v1/me).
ME_LINKS = ("get_clinician_card", "update_card", "clinician_rota", "list_unavailability")


class CorrelationId(DependencyProvider):
    """This request's id (see JsonWebServer.context_data_from_headers)."""

    def get_dependency(self, worker_ctx):
        return worker_ctx.data.get("correlation_id", "")


class TokenProvider(DependencyProvider):
    def setup(self):
        self.tokens = Tokens(signing_keys(self.container.config))

    def get_dependency(self, worker_ctx):
        return self.tokens


class GatewayService(
    CaseRoutes,
    DirectoryRoutes,
    ConferenceRoutes,
    SeriesRoutes,
    RotaRoutes,
    MinutesRoutes,
    OutcomeRoutes,
    ReportRoutes,
    ReferralRoutes,
    NotificationRoutes,
    OperationRoutes,
    StaffRoutes,
    WebPages,
    SelfHelpPages,
):
    name = "gateway"

    cases = RpcProxy("cases")
    scheduling = RpcProxy("scheduling")
    staff = RpcProxy("staff")
    notifications = RpcProxy("notifications")
    outcomes = RpcProxy("outcomes")
    referrals = RpcProxy("referrals")
    tokens = TokenProvider()
    limits = RateLimits()
    correlation_id = CorrelationId()
    clock = Clock()
    config = Config()

    def _actor(self, request, roles=STAFF) -> dict:
        # `@route` checks who asks before the handler, which asks again to learn who it
        # is: the staff service is asked whether the sign-in still stands once a request.
        actor = getattr(request, "actor", None)
        if actor is None:
            actor = self.tokens.actor(request.headers.get("Authorization"))
            require_current(actor, call(self.staff, "session_version", actor["id"]))
            request.actor = actor
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
        limit=SIGN_IN,
    )
    def issue_token(self, request):
        credentials = load(api.TokenRequest(), read_json(request))
        email, password = credentials["email"], credentials["password"]
        person = security_log.sign_in(self, email, password, request, via="api")
        return self.tokens.issue(person, self.clock())

    @route(
        "GET",
        "/api/v1/me",
        "Who I am",
        roles=ROLES,
        tag="auth",
        links={op: {"clinician_id": "$response.body#/id"} for op in ME_LINKS},
    )
    def me(self, request):
        return call(self.staff, "get_person", self._actor(request, ROLES)["id"])
