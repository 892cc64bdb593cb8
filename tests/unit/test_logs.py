"""A refusal the service meant to give is logged as one line at info, a fault in full."""

import logging
import sys

from mskpeer.platform.logs import ExpectedErrorsAtInfo


def logged(message: str) -> logging.LogRecord:
    try:
        raise LookupError("minutes not published yet")
    except LookupError:
        record = logging.LogRecord(
            "nameko.containers", logging.WARNING, __file__, 1, message, ("w", "e"), sys.exc_info()
        )
    ExpectedErrorsAtInfo().filter(record)
    return record


def test_an_expected_error_is_one_line_at_info_without_its_traceback():
    record = logged("(expected) error handling worker %s: %s")
    assert (record.levelno, record.levelname, record.exc_info) == (logging.INFO, "INFO", None)


def test_an_unexpected_error_keeps_its_level_and_traceback():
    record = logged("error handling worker %s: %s")
    assert record.levelno == logging.WARNING and record.exc_info is not None


def test_no_broker_password_of_a_cluster_reaches_the_log():
    from mskpeer.platform.logs import BrokerPasswordsMasked

    record = logging.LogRecord(
        "nameko.messaging",
        logging.WARNING,
        __file__,
        1,
        "Error connecting to broker at %s (%s).",
        ("amqp://guest:********@h1:5672//;amqp://app:s3cret@h2:5672//;amqp://app:s3cret@h3//", "x"),
        None,
    )
    BrokerPasswordsMasked().filter(record)
    assert "s3cret" not in record.getMessage()
    assert "amqp://app:********@h2:5672//" in record.getMessage()
