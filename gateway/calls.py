"""Calling a service from a route: a silent service becomes a 503, never a hung request."""

from __future__ import annotations

import eventlet

from gateway.web import ServiceUnavailable

RPC_TIMEOUT = 15.0  # seconds before a silent service becomes a 503


def call(proxy, method: str, *args, **kwargs):
    with eventlet.Timeout(RPC_TIMEOUT, ServiceUnavailable()):
        return getattr(proxy, method)(*args, **kwargs)
