"""Logging as an operator reads it: a user's mistake is not a fault.

nameko logs every expected exception (a 404 for minutes not published yet, a
422 for a form) as a warning with its traceback, which buries real faults.
Those are refusals the service meant to give: one line at info is enough.
"""

from __future__ import annotations

import logging

EXPECTED = "(expected) error handling worker"


class ExpectedErrorsAtInfo(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith(EXPECTED):
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.exc_info = record.exc_text = None
        return True


def quiet_expected_errors() -> None:
    """Once at start-up, before the services run."""
    logging.getLogger("nameko.containers").addFilter(ExpectedErrorsAtInfo())
