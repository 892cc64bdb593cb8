"""'Was this page helpful?': taking the public form, without a session, and passing it on.

The public pages set no cookie, so the staff form token cannot protect this POST. Instead:
the form carries a token for its page (so only our pages can post, and only for a real
page), a browser's Origin or Fetch-Metadata must not name another site, and each client may
send only a few in a while (the gateway's rate limits, gateway/limits.py). The outcomes
service checks the comment for anything that could identify someone and stores nothing if
it finds it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from contracts.errors import Invalid
from gateway.limits import Limit

PER_CLIENT = 10
# Feedback forms one client may send in 10 minutes: a person gives a few; more is a script.
FEEDBACK = Limit("self_help_feedback", PER_CLIENT, 10 * 60)
MAX_COMMENT = 1000


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
