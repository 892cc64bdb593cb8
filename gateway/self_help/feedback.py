"""'Was this page helpful?': taking the public form, without a session, and passing it on.

The public pages set no cookie, so the staff form token cannot protect this POST. Instead:
the form carries a token for its page (so only our pages can post, and only for a real
page), a browser's Origin or Fetch-Metadata must not name another site, and each client may
send only a few in a while. The outcomes service checks the comment for anything that could
identify someone and stores nothing if it finds it.
"""

from __future__ import annotations

from collections import defaultdict, deque
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from contracts.errors import Invalid

PER_CLIENT = 10  # feedback forms a client may send...
WINDOW = timedelta(minutes=10)  # ...in this long
MAX_COMMENT = 1000


class RateLimit:
    """At most `limit` events per client in a sliding `window` (kept in memory, per process)."""

    def __init__(self, limit: int = PER_CLIENT, window: timedelta = WINDOW):
        self.limit, self.window = limit, window
        self._seen: dict[str, deque] = defaultdict(deque)

    def allow(self, client: str, now: datetime) -> bool:
        seen = self._seen[client]
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        if len(seen) >= self.limit:
            return False
        seen.append(now)
        if len(self._seen) > 10_000:  # forget the quiet clients rather than grow forever
            for quiet in [c for c, times in self._seen.items() if times[-1] <= now - self.window]:
                del self._seen[quiet]
        return True


def from_another_site(headers, host: str) -> bool:
    if headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = headers.get("Origin")
    return bool(origin) and origin != "null" and urlsplit(origin).netloc != host


def read_form(form, site) -> dict:
    """The feedback as the outcomes service takes it; Invalid names what is wrong."""
    page = form.get("page", "")
    if not site.token_matches(page, form.get("form_token")):
        raise Invalid("FORM_EXPIRED", "This form is not one of our pages. Go back and try again.")
    helpful = form.get("helpful")
    if helpful not in ("yes", "no"):
        raise Invalid("HELPFUL_MISSING", "Select yes or no: was this page helpful?")
    comment = (form.get("comment") or "").strip()
    if len(comment) > MAX_COMMENT:
        raise Invalid("COMMENT_TOO_LONG", f"Your comment must be {MAX_COMMENT} characters or less.")
    return {"page": page, "helpful": helpful == "yes", "comment": comment or None}
