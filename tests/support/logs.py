"""The product's own log configuration, writing to a buffer a test reads, undone after it."""

from __future__ import annotations

import contextlib
import io
import json
import logging

import structlog

from mskpeer.platform import logs


@contextlib.contextmanager
def json_log(level: str = "INFO", service: str = "mskpeer"):
    """Yields a function returning the lines written so far, parsed."""
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    stream = io.StringIO()
    handler = logs.configure(level, "json", service=service, stream=stream)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        for old in before[0]:
            root.addHandler(old)
        root.setLevel(before[1])
        logging.captureWarnings(False)
        structlog.reset_defaults()
        structlog.contextvars.clear_contextvars()
