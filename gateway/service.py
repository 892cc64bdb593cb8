"""The gateway: the product's only HTTP listener, JSON under /api/v1 and the web pages."""

from __future__ import annotations

from nameko.dependency_providers import Config
from nameko.events import BROADCAST
from nameko.extensions import DependencyProvider

from contracts import events
from gateway.auth import Tokens, signing_keys
from gateway.limits import RateLimits
from gateway.pages import WebPages
from gateway.routes import API
from gateway.self_help.pages import SelfHelpPages
from gateway.sign_ins import SignInsProvider, StaffRpc
from mskpeer.platform.clock import Clock
from mskpeer.platform.entrypoints import ResilientRpcProxy as RpcProxy
from mskpeer.platform.entrypoints import event_handler
from mskpeer.platform.log_context import LogContext


class CorrelationId(DependencyProvider):
    """This request's id (see JsonWebServer.context_data_from_headers)."""

    def get_dependency(self, worker_ctx):
        return worker_ctx.data.get("correlation_id", "")


class TokenProvider(DependencyProvider):
    def setup(self):
        self.tokens = Tokens(signing_keys(self.container.config))

    def get_dependency(self, worker_ctx):
        return self.tokens


@API.serve  # a method per API route (gateway/routes/), beside the pages' own
class GatewayService(WebPages, SelfHelpPages):
    name = "gateway"

    cases = RpcProxy("cases")
    scheduling = RpcProxy("scheduling")
    staff = StaffRpc()  # after a leaver's deactivation, forgets their sign-in at once
    notifications = RpcProxy("notifications")
    outcomes = RpcProxy("outcomes")
    referrals = RpcProxy("referrals")
    tokens = TokenProvider()
    sign_ins = SignInsProvider()
    limits = RateLimits()
    correlation_id = CorrelationId()
    log_context = LogContext()
    clock = Clock()
    config = Config()

    # Every copy of the gateway hears these (a queue of its own, gone with it): each keeps
    # its own knowledge of whose sign-in stands. Missing one only means asking again later.
    @event_handler("staff", events.STAFF_CHANGED, handler_type=BROADCAST, reliable_delivery=False)
    def hear_staff_changed(self, payload):
        self.sign_ins.heard_event(payload["data"])

    @event_handler("staff", events.STAFF_LEFT, handler_type=BROADCAST, reliable_delivery=False)
    def hear_staff_left(self, payload):
        self.sign_ins.heard_event(payload["data"])
