"""The design system's CSS, JavaScript and images, built by `make` into web/static/."""

from __future__ import annotations

from pathlib import Path

from werkzeug.exceptions import NotFound
from werkzeug.utils import send_from_directory
from werkzeug.wrappers import Response

from gateway.web import http

STATIC = Path(__file__).resolve().parents[2] / "web" / "static"
MAX_AGE = 3600  # an hour: a rebuilt stylesheet reaches people the same day


class StaticFiles:
    @http("GET", "/static/<path:path>")
    def static_file(self, request, path):
        try:
            response = send_from_directory(STATIC, path, request.environ, max_age=MAX_AGE)
        except NotFound:
            # Absent after a clone until `make run` builds it: say so rather than serve nothing.
            return Response(f"no static file {path}; `make run` builds them", 404)
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
