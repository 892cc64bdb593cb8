"""The public self-help site's routes: no sign-in, no cookie, pages from memory with ETags."""

from __future__ import annotations

import logging
from pathlib import Path

from nameko.extensions import DependencyProvider
from werkzeug.wrappers import Response

from contracts.errors import Invalid
from gateway.auth import secret_key
from gateway.pages.rendering import render
from gateway.pages.web import HEADERS
from gateway.self_help import content, feedback
from gateway.self_help.site import Rendered, SelfHelpSite
from gateway.web import UNAVAILABLE, http
from mskpeer.platform.content import CONTENT

log = logging.getLogger(__name__)

# Public, the same for everyone: a browser or CDN may keep a page for 5 minutes, then asks
# again with If-None-Match and gets a 304 while the content is unchanged.
CACHE_CONTROL = "public, max-age=300"


class SelfHelpContent(DependencyProvider):
    """The site built from content/ once, when the gateway starts."""

    def setup(self):
        directory = Path(self.container.config.get("SELF_HELP_CONTENT", CONTENT))
        self.site = SelfHelpSite(content.load(directory), secret_key())
        self.limit = feedback.RateLimit()

    def get_dependency(self, worker_ctx):
        return self


class SelfHelpPages:
    """Mixed into GatewayService: needs `outcomes`, `clock` and `correlation_id`."""

    self_help = SelfHelpContent()

    @http("GET", "/self-help")
    def self_help_root(self, request):
        return Response("", 308, headers={"Location": "/self-help/"})

    @http("GET", "/self-help/")
    def self_help_home(self, request):
        return self._self_help_page(request)

    @http("GET", "/self-help/<path:rest>")
    def self_help_page(self, request, rest):
        return self._self_help_page(request)

    def _self_help_page(self, request) -> Response:
        found = self.self_help.site.get(request.path, request.args.get("q", ""))
        return _answer(found, request)

    @http("POST", "/self-help/feedback")
    def self_help_feedback(self, request):
        site, page = self.self_help.site, request.form.get("page", "")
        back = page if site.token_matches(page, request.form.get("form_token")) else "/self-help/"
        if feedback.from_another_site(request.headers, request.host):
            return _done(403, "Feedback can only be sent from our own pages.", back)
        if not self.self_help.limit.allow(request.remote_addr or "", self.clock()):
            return _done(429, "You have sent a lot of feedback. Try again in a few minutes.", back)
        try:
            sent = feedback.read_form(request.form, site)
            self.outcomes.record_page_feedback(sent)
        except Invalid as error:
            return _done(400, _in_public_words(error), back)
        except UNAVAILABLE:
            return _done(503, "Sorry, we could not save your feedback. Try again later.", back)
        except Exception:
            log.exception("fault saving self-help feedback")
            return _done(500, "Sorry, we could not save your feedback. Try again later.", back)
        return _done(200, None, back)


def _in_public_words(error: Invalid) -> str:
    if error.code == "PATIENT_IDENTIFIABLE_DATA":
        return (
            "Your comment seems to include something that could identify you, such as a name, "
            "phone number, email address, date of birth or postcode. Remove it and send your "
            "feedback again. We have not saved anything."
        )
    return error.message


def _answer(found: Rendered, request) -> Response:
    if found.location:
        return Response("", found.status, headers={"Location": found.location})
    headers = {**HEADERS, "Cache-Control": CACHE_CONTROL}
    if found.status == 200:
        headers["ETag"] = f'"{found.etag}"'
        if request.if_none_match.contains(found.etag):
            return Response(status=304, headers=headers)
    return Response(found.body, found.status, headers=headers, content_type=found.content_type)


def _done(status: int, problem: str | None, back: str) -> Response:
    html = render(
        "self_help/feedback_done.html", problem=problem, back=back, here="/self-help/feedback"
    )
    headers = {**HEADERS}  # an answer to one person's POST: never cached
    return Response(html, status, headers=headers, mimetype="text/html")
