"""Security headers and the request size limit, for every response the gateway sends.

One place (gateway/web.py's WSGI app calls `guarded`), so a route or page added later
has them without doing anything:

- Content-Security-Policy: our own scripts, styles and images only; no inline script
  or style ('unsafe-inline' is never allowed), no plugins, no <base>, no framing
  (frame-ancestors 'none'), forms post only to us. A response that carries its own
  policy keeps it (the printable CPD record allows its one <style> by hash:
  `policy_with_styles`).
- X-Content-Type-Options: nosniff; Referrer-Policy: same-origin, so a case's URL
  never leaves in a Referer; X-Frame-Options for old browsers.
- Strict-Transport-Security when the request came over https (directly, or through
  the TLS proxy in front, which says so in X-Forwarded-Proto).
- A body larger than MAX_BODY_BYTES is refused with 413 before anything reads it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re

MAX_BODY_BYTES = 1_000_000  # the longest case or minutes is ~30 kB; a megabyte is generous
POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
ALWAYS = {
    "Content-Security-Policy": POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"  # a year, subdomains too (ASVS 3.4.1)
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def guarded(app, environ, start_response):
    """Run the WSGI `app` for one request with the limits and headers above."""
    too_large = _refusal(environ)
    if too_large:
        return too_large(start_response)
    https = environ.get("wsgi.url_scheme") == "https" or (
        environ.get("HTTP_X_FORWARDED_PROTO", "").lower() == "https"
    )

    def with_headers(status, headers, exc_info=None):
        present = {name.lower() for name, _ in headers}
        headers = list(headers) + [(k, v) for k, v in ALWAYS.items() if k.lower() not in present]
        if https:
            headers.append(("Strict-Transport-Security", HSTS))
        return start_response(status, headers, exc_info)

    return app(environ, with_headers)


def policy_with_styles(html: str) -> str:
    """The policy, allowing exactly the <style> blocks of this document by their hash."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"
        for css in _STYLE.findall(html)
    )
    return f"{POLICY}; style-src 'self' {hashes}".rstrip()


def _refusal(environ):
    length = environ.get("CONTENT_LENGTH") or ""
    chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
    if chunked:  # a body of unknown length could be any size: ask for its length
        return _error(411, "LENGTH_REQUIRED", "send the body with a Content-Length")
    if length.isdigit() and int(length) > MAX_BODY_BYTES:
        return _error(
            413,
            "PAYLOAD_TOO_LARGE",
            f"the request body is {int(length)} bytes; at most {MAX_BODY_BYTES} are accepted",
        )
    return None


def _error(status: int, code: str, message: str):
    body = json.dumps({"error": code, "message": message}).encode()
    reason = {411: "Length Required", 413: "Content Too Large"}[status]
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    headers += list(ALWAYS.items())

    def respond(start_response):
        start_response(f"{status} {reason}", headers)
        return [body]

    return respond
