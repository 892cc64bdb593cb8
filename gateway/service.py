"""The gateway: the product's only HTTP listener, JSON under /api/v1 and the web pages."""

from __future__ import annotations

from nameko.dependency_providers import Config
from nameko.extensions import DependencyProvider

from gateway.auth import Tokens, signing_keys
from gateway.limits import RateLimits
from gateway.pages import WebPages
from gateway.routes import API
from gateway.self_help.pages import SelfHelpPages
from mskpeer.platform.clock import Clock
from mskpeer.platform.entrypoints import ResilientRpcProxy as RpcProxy
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
    staff = RpcProxy("staff")
    notifications = RpcProxy("notifications")
    outcomes = RpcProxy("outcomes")
    referrals = RpcProxy("referrals")
    tokens = TokenProvider()
    limits = RateLimits()
    correlation_id = CorrelationId()
    log_context = LogContext()
    clock = Clock()
    config = Config()
