"""Logging as an operator reads it: a user's mistake is not a fault.

nameko logs every expected exception (a 404 for minutes not published yet, a
422 for a form) as a warning with its traceback, which buries real faults.
Those are refusals the service meant to give: one line at info is enough.
"""

from __future__ import annotations

import logging
import re

EXPECTED = "(expected) error handling worker"


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
