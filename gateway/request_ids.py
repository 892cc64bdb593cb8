"""Every HTTP request gets an id, in its log lines and in the response's X-Request-ID header.

A caller (or the proxy in front) may send its own X-Request-ID; a UUID is kept as sent,
anything else is replaced, since the id becomes the correlation_id of every event the
request causes. JsonWebServer.context_data_from_headers hands the same id to the worker,
and nameko carries it on every RPC call the worker makes.

The access log line is ours too (eventlet's own writes the query string, which can hold a
sign-up token or a search typed in, and the client's address, which the security log
only ever writes as a pseudonym): method, path, status and duration, with the id.
"""

from __future__ import annotations

import logging
import time
import uuid

import structlog

log = logging.getLogger("mskpeer.access")
HEADER = "HTTP_X_REQUEST_ID"
# Asked every few seconds by probes and scrapers: their lines only at debug, unless they fail.
ROUTINE = ("/health", "/metrics")


def well_formed(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text.lower()
    except ValueError:
        return False


def with_request_id(app):
    """WSGI middleware: an id for each request, bound to the log lines of its greenthread."""

    def middleware(environ, start_response):
        given = environ.get(HEADER, "")
        request_id = given if well_formed(given) else str(uuid.uuid4())
        environ[HEADER] = request_id  # what context_data_from_headers reads
        # A keep-alive connection serves request after request in one greenthread.
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(
            service="gateway", request_id=request_id, correlation_id=request_id
        )
        started, answered = time.perf_counter(), {}

        def with_id(status, headers, exc_info=None):
            answered["status"] = int(status.split(" ", 1)[0])
            headers = [(k, v) for k, v in headers if k.lower() != "x-request-id"]
            headers.append(("X-Request-ID", request_id))
            return start_response(status, headers, exc_info)

        try:
            return app(environ, with_id)
        finally:
            status, path = answered.get("status", 500), environ.get("PATH_INFO")
            routine = path in ROUTINE and status < 400
            log.log(
                logging.DEBUG if routine else logging.INFO,
                "%s %s %s",
                environ.get("REQUEST_METHOD"),
                path,
                status,
                extra={
                    "http": {
                        "method": environ.get("REQUEST_METHOD"),
                        "path": path,
                        "status": status,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    }
                },
            )
            structlog.contextvars.clear_contextvars()

    return middleware
