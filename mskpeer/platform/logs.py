"""Logging as an operator reads it: one JSON object a line, with the ids to follow a request.

Every line, ours through the standard library's `logging` or structlog, and nameko's,
kombu's and eventlet's own, goes through one structlog formatter (docs/operations.md, Logs):
`timestamp`, `level`, `logger`, `service`, `message`, and, inside a piece of work, the ids
of mskpeer/platform/log_context.py. LOG_FORMAT=console gives the same fields for a person
at a terminal (the default of `make run`'s embedded mode).

No line carries a case's or a referral's words: exceptions are named by type and frame,
never by message (mskpeer/platform/log_privacy.py), and SQL parameters are hidden.

A user's mistake is not a fault: nameko logs every expected exception (a 404 for minutes
not published yet, a 422 for a form) as a warning with its traceback, which buries real
faults. Those are refusals the service meant to give: one line at info is enough.
"""

from __future__ import annotations

import logging
import re
import sys

import structlog

from mskpeer.platform.log_privacy import render_traceback, safe_args, without_queries

EXPECTED = "(expected) error handling worker"
OURS = ("mskpeer", "gateway", "services", "contracts")  # our loggers, by module name
# Libraries whose debug lines are noise, not help: a line per Markdown rule tried.
QUIET = ("markdown_it",)


class ExpectedErrorsAtInfo(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith(EXPECTED):
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.exc_info = record.exc_text = None
        return True


# `scheme://user:password@`: the password part.
_PASSWORD_IN_URL = re.compile(r"(\w+://[^:/@;\s]+:)[^@;\s]+@")


class BrokerPasswordsMasked(logging.Filter):
    """nameko logs the broker's address on every failed connection, hiding the password
    of only the first of a cluster's failover addresses (`amqp://a;amqp://b`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _PASSWORD_IN_URL.sub(r"\1********@", message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


def quiet_expected_errors() -> None:
    """Once at start-up, before the services run."""
    logging.getLogger("nameko.containers").addFilter(ExpectedErrorsAtInfo())
    logging.getLogger("nameko.messaging").addFilter(BrokerPasswordsMasked())


class NoDataInArguments(logging.Filter):
    """Exceptions passed as `%s` arguments are named, not quoted (log_privacy.describe), and
    a library's line never dumps a payload (nameko logs every RPC reply's body at debug)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.args = safe_args(record.args, payloads=not record.name.startswith(OURS))
        if record.name.startswith("nameko.web") and isinstance(record.msg, str):
            record.msg = without_queries(record.msg)  # eventlet's "GET /path?query HTTP/1.1"
        return True


class ProcessDefaults:
    """`service` for lines outside any worker: the parts this process runs."""

    def __init__(self, service: str):
        self.service = service

    def __call__(self, logger, method_name, event_dict):
        event_dict.setdefault("service", self.service)
        return event_dict


# Structured fields a record may carry as `extra`: the security log's and the access log's.
EXTRAS = ("security", "http")


def _stdlib_extras(logger, method_name, event_dict):
    record = event_dict.get("_record")
    for name in EXTRAS:
        value = getattr(record, name, None)
        if value is not None:
            event_dict[name] = value
    return event_dict


def _exception(logger, method_name, event_dict):
    exc_info = event_dict.pop("exc_info", None)
    if exc_info is True:
        exc_info = sys.exc_info()
    if isinstance(exc_info, BaseException):
        exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
    if isinstance(exc_info, tuple) and exc_info[1] is not None:
        event_dict["exception"] = render_traceback(exc_info[1])
    return event_dict


LEADING = ("timestamp", "level", "logger", "service", "message")


def _leading(logger, method_name, event_dict):
    # The fields every line has come first, so a person reading the raw lines can scan them.
    first = {name: event_dict.pop(name) for name in LEADING if name in event_dict}
    return {**first, **event_dict}


def configure(
    level: str = "INFO", log_format: str = "json", service: str = "mskpeer", stream=None
) -> logging.Handler:
    """Route every logger of this process through structlog's formatter to stderr."""
    shared = [
        structlog.contextvars.merge_contextvars,
        ProcessDefaults(service),
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="timestamp"),
        _stdlib_extras,
        _exception,
    ]
    if log_format == "console":
        render = [structlog.dev.ConsoleRenderer(colors=False)]
    else:
        render = [
            structlog.processors.EventRenamer("message"),
            _leading,
            structlog.processors.JSONRenderer(default=str),
        ]
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *render],
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter)
    handler.addFilter(NoDataInArguments())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in QUIET:
        logging.getLogger(name).setLevel(max(root.level, logging.INFO))
    logging.captureWarnings(True)
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            structlog.stdlib.PositionalArgumentsFormatter(),
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    quiet_expected_errors()
    _hub_exceptions_logged()
    return handler


def _hub_exceptions_logged() -> None:
    # eventlet's hub prints an exception escaping a timer or a socket listener straight to
    # stderr, message and all: a line of neither JSON nor redaction. Log it instead.
    from eventlet import hubs

    hub, log = hubs.get_hub(), logging.getLogger("eventlet.hub")

    def squelch(*args):
        log.error("an exception escaped eventlet's hub", exc_info=args[-1])

    hub.squelch_exception = hub.squelch_timer_exception = hub.squelch_generic_exception = squelch
