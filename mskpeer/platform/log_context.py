"""The ids every log line of one piece of work carries, so an operator can follow a request.

- `request_id`: the HTTP request's id (its X-Request-ID), in the gateway and in every RPC
  call the request makes (nameko carries the worker's context data in the call's headers).
- `correlation_id`: the whole chain's id. The gateway uses the request id, and every event
  the request causes, and every event those cause, carries it in its envelope.
- `causation_id`: the event this work handles (its `event_id`).
- `call_id`: nameko's id of this worker (`service.method.uuid`), for a timer's lines too.

They are bound with contextvars. eventlet runs each worker in a greenlet of its own, and
greenlet gives each greenlet its own contextvars context (a new one starts empty), so two
workers never see each other's ids (tests/unit/test_log_context.py checks it under
monkey-patching). Binding happens in `worker_setup`, in the worker's greenlet, and lasts
to `worker_teardown`, after nameko's own "error handling worker" line.
"""

from __future__ import annotations

import structlog
from nameko.events import EventHandler
from nameko.extensions import DependencyProvider

IDS = ("request_id", "correlation_id", "causation_id")


def ids_of(worker_ctx) -> dict:
    """The ids a worker inherits: from its caller's context data, or its event's envelope."""
    data = worker_ctx.data
    found = {name: data.get(name) for name in IDS}
    if isinstance(worker_ctx.entrypoint, EventHandler) and worker_ctx.args:
        envelope = worker_ctx.args[0]
        if isinstance(envelope, dict):
            found["correlation_id"] = envelope.get("correlation_id") or found["correlation_id"]
            found["causation_id"] = envelope.get("event_id")
    return {name: value for name, value in found.items() if isinstance(value, str) and value}


class LogContext(DependencyProvider):
    """Declared on every service (ReliableService, GatewayService): binds the worker's ids."""

    def get_dependency(self, worker_ctx):
        return None  # nothing for the service to use: its log lines carry the ids

    def worker_setup(self, worker_ctx):
        ids = ids_of(worker_ctx)
        # An RPC call made while handling an event carries the chain on to the callee.
        for name in ("correlation_id", "causation_id"):
            if name in ids:
                worker_ctx.data.setdefault(name, ids[name])
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(
            service=worker_ctx.service_name, call_id=worker_ctx.call_id, **ids
        )

    def worker_teardown(self, worker_ctx):
        structlog.contextvars.clear_contextvars()
