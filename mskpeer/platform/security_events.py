"""Security events: who was let in, who was refused, whose account rested, whose sign-in ended.

A trust's security team reads these to spot password guessing, a stolen token or a leaver's
account still in use (OWASP ASVS level 2, security logging). One logger, `mskpeer.security`,
one line per event: `security <event> <fields as JSON>`; the record carries the same fields as
`record.security` for a log shipper that reads attributes.

No password, token, email address or client address is ever written: a person is their staff
id; an email typed at sign-in and a client address are keyed pseudonyms (the same input gives
the same pseudonym, so many tries on one account or from one address show up together, but the
log does not say whose). Nothing from a patient is ever in a security event.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import datetime

LOG = logging.getLogger("mskpeer.security")

SIGNED_IN = "sign_in.succeeded"
SIGN_IN_FAILED = "sign_in.failed"  # wrong email or password (an unknown email looks the same)
SIGN_IN_WHILE_RESTING = "sign_in.refused_account_resting"
ACCOUNT_RESTED = "account.rested"  # too many wrong passwords in a row: the lockout began
LEAVER_SIGN_IN = "sign_in.deactivated_account"  # the right email of someone who has left
SESSION_ENDED_USED = "session.ended_used"  # a token or session from before leaving or a reset
TOKEN_REJECTED = "token.rejected"  # missing, malformed, forged, expired or of an unknown key
ACCESS_REFUSED = "access.refused"  # signed in, but not allowed (a 403)
RATE_LIMITED = "rate_limited"

# What an operator should look at, and what is routine.
LEVELS = {SIGNED_IN: logging.INFO, TOKEN_REJECTED: logging.INFO}


def record(event: str, **fields) -> None:
    """Log one security event; fields left None are left out, times are ISO 8601."""
    fields = {
        name: value.isoformat() if isinstance(value, datetime) else value
        for name, value in fields.items()
        if value is not None
    }
    LOG.log(
        LEVELS.get(event, logging.WARNING),
        "security %s %s",
        event,
        json.dumps(fields, sort_keys=True),
        extra={"security": {"event": event, **fields}},
    )


def pseudonym(key: bytes, value: str) -> str:
    """A name for an email address or client address that does not reveal it."""
    return hmac.new(key, value.strip().lower().encode(), hashlib.sha256).hexdigest()[:16]
