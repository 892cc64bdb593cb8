"""The public self-help site: its pages, rendered once per content version and kept in memory.

Every page is the same for everyone (no sign-in, no cookie), so each is rendered on its first
request, kept with its ETag, and served from memory after that; a CDN may hold it too. The
feedback form on each page carries a token for that page (the same for every reader), so a
feedback POST must come from one of our pages. A page past its review date says so from the day
after, whatever the build checked when it went live: the pages kept are dropped when the day
changes, and the pages overdue are logged for the content's owners.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup
from werkzeug.exceptions import NotFound as NoRoute
from werkzeug.routing import Map, RequestRedirect, Rule

from gateway.pages.rendering import render
from gateway.self_help.content import CARE_LEVELS, CONDITIONS, SECTIONS, Library, review_overdue
from gateway.self_help.search import SearchIndex

log = logging.getLogger(__name__)

ROUTES = Map(
    [
        Rule("/self-help/", endpoint="home"),
        Rule("/self-help/search", endpoint="search"),
        Rule("/self-help/sites", endpoint="sites"),
        Rule("/self-help/sites/<slug>", endpoint="site"),
        Rule("/self-help/services/<code>", endpoint="service"),
        Rule("/self-help/conditions/<slug>/", endpoint="condition", defaults={"part": ""}),
        Rule("/self-help/conditions/<slug>/<part>", endpoint="condition"),
        Rule("/self-help/conditions/<slug>/exercises/print", endpoint="print_sheet"),
        Rule("/self-help/drawings/<name>", endpoint="drawing"),
        Rule("/self-help/<slug>", endpoint="page"),
    ]
)
PATHS = ROUTES.bind("localhost")  # only the path is matched: one adapter serves every request
CARE_CARDS = {
    "emergency": ("Call 999 or go to A&E now if:", "Immediate action required: "),
    "urgent": ("Get an urgent GP appointment or call 111 if:", "Urgent advice: "),
    "non_urgent": (
        "Refer yourself to physiotherapy, or see your GP or practice physiotherapist, if:",
        "Non-urgent advice: ",
    ),
}


@dataclass(frozen=True)
class Rendered:
    status: int
    body: bytes
    content_type: str
    etag: str
    location: str | None = None


class SelfHelpSite:
    def __init__(self, library: Library, secret_key: str, today: Callable[[], date] = date.today):
        self.library = library
        self.today = today
        self._day: date | None = None
        self.index = SearchIndex(library)
        self._key = hmac.new(secret_key.encode(), b"self-help feedback", hashlib.sha256).digest()
        self._kept: dict[str, Rendered] = {}
        # The same query gives the same page until the content changes: keep the recent ones.
        self._search_rendered = functools.lru_cache(maxsize=1024)(
            lambda query: self._rendered(*self.search_page(query))
        )
        self.site_by_slug = {site["slug"]: site for site in library.sites}
        self.service_by_code = {service["code"]: service for service in library.services}

    def form_token(self, page: str) -> str:
        return hmac.new(self._key, page.encode(), hashlib.sha256).hexdigest()[:32]

    def token_matches(self, page: str, sent: str | None) -> bool:
        return bool(sent) and hmac.compare_digest(self.form_token(page), sent)

    def get(self, path: str, query: str = "") -> Rendered:
        """The page at `path` (search reads `query`), rendered on its first request and kept."""
        self._start_the_day()
        if path in self._kept:
            return self._kept[path]
        try:
            endpoint, values = PATHS.match(path)
        except RequestRedirect as moved:
            location = moved.new_url.split("localhost", 1)[-1]
            return Rendered(308, b"", "text/plain", "", location)
        except NoRoute:
            endpoint, values = "not_found", {}
        if endpoint == "search":
            return self._search_rendered(query[:200])
        rendered = self._rendered(*getattr(self, endpoint)(**values))
        if rendered.status == 200:  # only real pages: any path typed must not grow memory
            self._kept[path] = rendered
        return rendered

    def _start_the_day(self) -> None:
        """On a new day, forget the pages kept: one may have passed its review date overnight."""
        today = self.today()
        if today == self._day:
            return
        self._day = today
        self._kept.clear()
        self._search_rendered.cache_clear()
        overdue = [a.url for a in self.library.articles() if review_overdue(a, today)]
        if overdue:
            log.warning("self-help pages past their review date: %s", ", ".join(overdue))

    def _rendered(self, status: int, body: str | bytes, content_type="text/html") -> Rendered:
        data = body.encode() if isinstance(body, str) else body
        etag = hashlib.sha256(data).hexdigest()[:20]
        return Rendered(status, data, content_type, etag)

    def html(self, template: str, here: str, status: int = 200, **context):
        context.update(
            here=here,
            feedback_token=self.form_token(here),
            care_cards=CARE_CARDS,
            care_levels=CARE_LEVELS,
            markup=Markup,
        )
        if "article" in context:
            context["overdue"] = review_overdue(context["article"], self._day or self.today())
        return status, render(f"self_help/{template}", **context)

    # -- the pages -------------------------------------------------------------
    def home(self):
        conditions = sorted(self.library.conditions.values(), key=lambda a: a.title)
        # Back pain first: the order of CONDITIONS is roughly how often people have them.
        rank = {slug: n for n, slug in enumerate(CONDITIONS)}
        common = sorted((a for a in conditions if a.common), key=lambda a: rank.get(a.slug, 99))
        return self.html(
            "home.html",
            "/self-help/",
            common=common,
            others=[a for a in conditions if not a.common],
            pages=self.library.pages,
        )

    def search_page(self, query: str):
        results = self.index.search(query) if query.strip() else None
        return self.html("search.html", "/self-help/search", query=query, results=results)

    def condition(self, slug: str, part: str):
        article = self.library.conditions.get(slug)
        found = article.section(part) if article else None
        if found is None:
            return self.not_found()
        number, section = found
        return self.html(
            "condition.html",
            article.section_url(number),
            article=article,
            number=number,
            section=section,
            part=part,
            sections=SECTIONS,
            drawings=self.library.drawings,
        )

    def print_sheet(self, slug: str):
        article = self.library.conditions.get(slug)
        if article is None:
            return self.not_found()
        return self.html("print_sheet.html", article.url + "exercises/print", article=article)

    def page(self, slug: str):
        article = self.library.pages.get(slug)
        if article is None:
            return self.not_found()
        return self.html("page.html", article.url, article=article)

    def sites(self):
        return self.html("sites.html", "/self-help/sites", sites=self.library.sites)

    def site(self, slug: str):
        site = self.site_by_slug.get(slug)
        if site is None:
            return self.not_found()
        here = f"/self-help/sites/{slug}"
        return self.html("site.html", here, site=site, services=self.service_by_code)

    def service(self, code: str):
        service = self.service_by_code.get(code)
        if service is None:
            return self.not_found()
        offered = [s for s in self.library.sites if code in s["services"]]
        return self.html(
            "service.html", f"/self-help/services/{code}", service=service, sites=offered
        )

    def drawing(self, name: str):
        found = self.library.drawings.get(name)
        if found is None:
            return 404, b"", "image/svg+xml"
        return 200, found, "image/svg+xml"

    def not_found(self):
        return self.html("not_found.html", "/self-help/not-found", 404)
