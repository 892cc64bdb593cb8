"""What an exception may say in a log line: where it happened, never the data it failed on.

An exception's message often quotes its input: PostgreSQL's "Key (email)=(...) already
exists", `int()`'s "invalid literal ... 'the text'", an SMTP refusal listing addresses. A
log line is read by people and shippers who may not see a patient's or a referral's words
(Caldicott: the minimum), so an exception is logged by its type and its traceback's frames
(file, line, function and the line of code), and its message only where we know what the
message holds:
- our user errors (contracts.errors.UserError): the code and the message we wrote, which
  never repeat what was typed (see mskpeer/platform/validation.py);
- a connection that failed (broker, database, network): it names a host, not data.
"""

from __future__ import annotations

import re
import socket
import traceback

import eventlet
from amqp.exceptions import ConnectionError as AMQPConnectionError
from kombu.exceptions import OperationalError as KombuOperationalError

from contracts.errors import DatabaseUnavailable, UserError

WITHHELD = "message withheld: it may quote the data"

# The messages of these describe a connection, not what travelled on it.
CONNECTION_FAULTS = (
    ConnectionError,
    TimeoutError,
    socket.gaierror,
    KombuOperationalError,
    AMQPConnectionError,
    eventlet.Timeout,
    DatabaseUnavailable,
)


def describe(error: BaseException) -> str:
    """One line that names an exception without repeating what it failed on."""
    kind = type(error).__name__
    if isinstance(error, UserError):
        return f"{kind} {error.code}: {error.message}"
    if isinstance(error, CONNECTION_FAULTS):
        return f"{kind}: {error}"
    code = getattr(error, "smtp_code", None)  # an SMTP reply's code says enough
    if code is not None:
        return f"{kind} {code}"
    remote = getattr(error, "exc_type", None)  # nameko's RemoteError: the remote type only
    if remote is not None:
        return f"{kind} {remote}"
    return f"{kind} ({WITHHELD})"


def render_traceback(error: BaseException) -> str:
    """A traceback as Python prints it, with each exception of the chain `describe`d."""
    chain, seen = [], set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        chain.append(error)
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    lines = []
    for number, link in enumerate(reversed(chain)):
        if number:
            lines.append("\nDuring the handling of the above, another exception occurred:\n\n")
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.format_list(traceback.extract_tb(link.__traceback__)))
        lines.append(describe(link) + "\n")
    return "".join(lines).rstrip("\n")


# "GET /set-password?token=... HTTP/1.1": the query can carry a token or a search typed in.
_QUERY = re.compile(r"(\s/[^\s?]*)\?\S*")


def without_queries(text: str) -> str:
    return _QUERY.sub(r"\1", text)


PAYLOADS = (dict, list, tuple, set, bytes)


def safe_args(args, payloads: bool = False):
    """A log record's arguments with every exception `describe`d; with `payloads`, every
    container (a message body, a call's arguments) is withheld too."""
    if not isinstance(args, tuple):
        return args
    return tuple(_safe(arg, payloads) for arg in args)


def _safe(arg, payloads: bool):
    if isinstance(arg, BaseException):
        return describe(arg)
    if payloads and isinstance(arg, PAYLOADS):
        return f"<{type(arg).__name__} withheld>"
    return arg
