"""A person at a real browser: Debian's Chromium driven by Playwright, checked as they go.

Every page they look at is saved as a full-page screenshot under
test-output/screenshots/ and checked with axe-core for serious or critical
accessibility failures. The browser may ask nothing of any other host, and a
page may log no error (a script the Content-Security-Policy blocked shows up here).
"""

from __future__ import annotations

import contextlib
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-output" / "screenshots"
SERIOUS = ("serious", "critical")
PASSWORD = "demo"


@contextlib.contextmanager
def chromium():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-browser (`make test` does)")
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci --prefix web` (`make test` does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Visitor:
    """One person's browser session against the product at `base_url`."""

    def __init__(
        self,
        browser,
        base_url: str,
        name: str,
        also_reaches: tuple[str, ...] = (),
        **context_options,
    ):
        """`also_reaches`: other sites the journey goes through (an NHS sign-in)."""
        self.base_url = base_url
        self.name = name
        self.context = browser.new_context(base_url=base_url, **context_options)
        self.context.set_default_timeout(15_000)
        self.elsewhere: list[str] = []  # requests to any other host
        self.console_errors: list[str] = []
        allowed = "|".join(re.escape(site) for site in (base_url, *also_reaches))
        self.context.route(re.compile(r"^(?!" + allowed + r")"), self._refuse)
        self.page: Page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("response", self._response)
        self.screens = 0

    def _refuse(self, route) -> None:
        if urlsplit(route.request.url).scheme in ("http", "https"):
            self.elsewhere.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def _console(self, message) -> None:
        # A page answered with 403 or 422 on purpose logs "Failed to load resource";
        # a stylesheet, script or image that failed is caught by _response instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.console_errors.append(message.text)

    def _response(self, response) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            self.console_errors.append(f"{response.status} for {response.url}")

    def open(self, path: str, check_as: str | None = None):
        response = self.page.goto(path)
        if check_as:
            self.check(check_as)
        return response

    def log_in(self, email: str, password: str = PASSWORD) -> None:
        self.open("/login")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Log in").click()
        self.page.wait_for_load_state()

    def fill_date(self, name: str, day: date) -> None:
        """Type a day into the NHS three-field date `name` (day, month and year)."""
        for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
            self.page.locator(f"#{name}-{part}").fill(str(value))

    def typed_date(self, name: str) -> date:
        """The day shown in the three-field date `name`."""
        parts = [self.page.locator(f"#{name}-{p}").input_value() for p in ("year", "month", "day")]
        return date(*map(int, parts))

    def check(self, what: str) -> None:
        """Screenshot the page and fail on any serious or critical accessibility problem."""
        self.page.wait_for_load_state()
        self.screens += 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"{self.name}-{self.screens:02d}-{what}.png"
        self.page.screenshot(path=str(shot), full_page=True)
        problems = serious_accessibility_problems(self.page)
        assert not problems, f"{what} ({self.page.url}), see {shot}:\n" + "\n".join(problems)

    def close(self) -> None:
        self.context.close()
        assert not self.elsewhere, f"the browser was sent to other hosts: {self.elsewhere}"
        assert not self.console_errors, f"the pages had errors: {self.console_errors}"


def serious_accessibility_problems(page: Page) -> list[str]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated by the browser's debugger, so the page's own CSP still stands.
        page.evaluate(AXE.read_text() + "\n;undefined")
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['impact']}: {v['id']}: {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]
