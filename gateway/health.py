"""Health: can we reach the broker, and can each service reach its own database?"""

from __future__ import annotations

import eventlet
from kombu import Connection

from mskpeer.platform.settings import SERVICES

CHECK_TIMEOUT = 3.0


def _broker(amqp_uri: str) -> dict:
    if amqp_uri.startswith("memory"):
        return {"status": "ok", "transport": "embedded (in-process, not durable)"}
    try:
        with Connection(amqp_uri, connect_timeout=CHECK_TIMEOUT) as connection:
            connection.ensure_connection(max_retries=1)
        return {"status": "ok", "transport": "amqp"}
    except Exception as error:
        return {"status": "down", "error": type(error).__name__}


def _service(gateway, service: str) -> dict:
    try:
        with eventlet.Timeout(CHECK_TIMEOUT):
            return getattr(gateway, service).health()
    except (Exception, eventlet.Timeout) as error:
        return {"status": "down", "error": type(error).__name__}


def check(gateway, amqp_uri: str) -> dict:
    parts = {"broker": _broker(amqp_uri)}
    parts.update({service: _service(gateway, service) for service in SERVICES})
    healthy = all(part.get("status") == "ok" for part in parts.values())
    return {"status": "ok" if healthy else "degraded", **parts}
