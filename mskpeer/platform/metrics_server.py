"""GET /metrics on a port of its own, for Prometheus inside the cluster.

Not on the gateway's public port: patients use the public pages, and the figures
(route names, queue backlogs, failure counts) are for the platform team, not for
anyone who can reach the site. A separate port is left out of the gateway's
Service and Ingress, so only what runs inside the cluster can scrape it.

The nameko services have no HTTP server to share (two `@http` services on one
port split the requests between them at random), so each process runs this one.
It is eventlet's own WSGI server on a green thread: a scrape waits on sockets and
database reads like any worker, never holding the hub.
"""

from __future__ import annotations

import contextlib
import logging

import eventlet
import eventlet.wsgi
from prometheus_client import disable_created_metrics, make_wsgi_app

from mskpeer.platform.metrics import REGISTRY
from mskpeer.platform.settings import BadSetting

log = logging.getLogger(__name__)


def address(text: str) -> tuple[str, int]:
    """`host:port` (`0.0.0.0:9464` in a container, `127.0.0.1:9464` on a laptop)."""
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise BadSetting(f"METRICS_ADDRESS: not host:port: {text!r} (e.g. 0.0.0.0:9464)")
    return host, int(port)


class MetricsServer:
    def __init__(self, host: str, port: int):
        disable_created_metrics()  # `_created` series double the output and nobody reads them
        self.socket = eventlet.listen((host, port))
        self.port = self.socket.getsockname()[1]
        self._exposition = make_wsgi_app(REGISTRY)
        self._thread = eventlet.spawn(
            eventlet.wsgi.server, self.socket, self._app, log_output=False, debug=False
        )

    def _app(self, environ, start_response):
        if environ.get("PATH_INFO") == "/metrics" and environ["REQUEST_METHOD"] in ("GET", "HEAD"):
            return self._exposition(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"metrics are at GET /metrics\n"]

    def stop(self) -> None:
        self._thread.kill()
        with contextlib.suppress(OSError):
            self.socket.close()


def serve(setting: str | None) -> MetricsServer | None:
    """Start serving when METRICS_ADDRESS is set; off otherwise."""
    if not setting:
        return None
    host, port = address(setting)
    server = MetricsServer(host, port)
    log.info("metrics at http://%s:%d/metrics", host, server.port)
    return server
