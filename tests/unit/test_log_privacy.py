"""No log line repeats what a patient or a clinician typed, whatever fails on it."""

from __future__ import annotations

import json
import logging
import smtplib
import uuid

import eventlet.hubs
import pytest
import sqlalchemy as sa
from werkzeug.test import Client
from werkzeug.wrappers import Response

from contracts.errors import Invalid
from gateway.request_ids import with_request_id
from mskpeer.platform.engine import make_engine
from mskpeer.platform.log_privacy import describe, render_traceback
from mskpeer.platform.settings import BadSetting, log_format
from tests.support.logs import json_log

WORDS = "Ottoline Fairweather-Brandt, 12 Orchard Row"


@pytest.fixture
def lines():
    with json_log("DEBUG", service="gateway") as read:
        yield read


def a_duplicate_row(tmp_path):
    """A real database error on a row holding the words, through our engine."""
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}", green=False)
    table = sa.Table("notes", sa.MetaData(), sa.Column("text", sa.String, primary_key=True))
    table.create(engine)
    try:
        with engine.begin() as connection:
            connection.execute(table.insert(), [{"text": WORDS}, {"text": WORDS}])
    except sa.exc.IntegrityError as error:
        return error
    finally:
        engine.dispose()
    raise AssertionError("the duplicate was accepted")


def test_a_database_error_names_the_statement_but_not_the_values(tmp_path):
    error = a_duplicate_row(tmp_path)
    assert "INSERT INTO notes" in str(error) and WORDS not in str(error)


def test_an_exception_in_a_log_line_is_named_by_type_and_frame_never_by_message(tmp_path, lines):
    log = logging.getLogger("services.cases.test")
    try:
        int(WORDS)
    except ValueError as error:
        log.exception("could not read %s", error)
    log.warning("delivery failed: %s", smtplib.SMTPRecipientsRefused({WORDS: (550, b"no")}))
    log.warning("refused: %s", Invalid("INVALID_INPUT", "some fields are missing or wrong"))
    log.warning("away: %s", ConnectionRefusedError(111, "Connection refused"))
    first, smtp, refused, away = lines()
    assert WORDS not in json.dumps([first, smtp, refused, away])
    assert first["message"] == "could not read ValueError (message withheld: it may quote the data)"
    assert 'File "' in first["exception"] and "in test_an_exception" in first["exception"]
    assert smtp["message"] == (
        "delivery failed: SMTPRecipientsRefused (message withheld: it may quote the data)"
    )
    assert refused["message"] == "refused: Invalid INVALID_INPUT: some fields are missing or wrong"
    assert away["message"] == "away: ConnectionRefusedError: [Errno 111] Connection refused"


def test_a_chained_exception_shows_every_link_without_its_message(tmp_path):
    try:
        try:
            raise KeyError(WORDS)
        except KeyError as inner:
            raise RuntimeError(f"while reading {WORDS}") from inner
    except RuntimeError as error:
        text = render_traceback(error)
    assert text.count("Traceback (most recent call last)") == 2 and WORDS not in text
    assert text.index("KeyError") < text.index("RuntimeError")


def test_a_library_never_dumps_a_payload_in_its_debug_lines(lines):
    # nameko: `_log.debug('RPC reply event complete %s %s', self, self.resp_body)`
    logging.getLogger("nameko.rpc").debug("RPC reply %s %s", "r", {"result": {"title": WORDS}})
    logging.getLogger("mskpeer.x").info("seeded %s", {"people": 3})  # our own: as written
    reply, seeded = lines()
    assert reply["message"] == "RPC reply r <dict withheld>"
    assert seeded["message"] == "seeded {'people': 3}"


def test_the_gateway_returns_the_request_id_and_logs_the_path_without_its_query(lines):
    app = with_request_id(lambda environ, start: Response("ok")(environ, start))
    client = Client(app)
    given = str(uuid.uuid4())
    kept = client.get("/set-password?token=SIGNUP-TOKEN", headers={"X-Request-ID": given})
    replaced = client.get("/self-help/search?q=" + WORDS, headers={"X-Request-ID": "x; rm -rf"})
    assert kept.headers["X-Request-ID"] == given
    made = replaced.headers["X-Request-ID"]
    assert made != "x; rm -rf" and str(uuid.UUID(made)) == made
    first, second = lines()
    assert first["http"] == {**first["http"], "method": "GET", "path": "/set-password"}
    assert (first["request_id"], first["correlation_id"]) == (given, given)
    assert second["request_id"] == made and second["message"] == "GET /self-help/search 200"
    assert "SIGNUP-TOKEN" not in json.dumps(first) and "Fairweather" not in json.dumps(second)


def test_log_format_is_json_on_a_broker_and_console_on_the_embedded_defaults(monkeypatch):
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    monkeypatch.delenv("AMQP_URI", raising=False)
    assert log_format() == "console"
    monkeypatch.setenv("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/")
    assert log_format() == "json"
    monkeypatch.setenv("LOG_FORMAT", "Console")
    assert log_format() == "console"
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(BadSetting, match="LOG_FORMAT"):
        log_format()


def test_describe_keeps_what_helps_an_operator():
    assert describe(smtplib.SMTPDataError(554, b"rejected " + WORDS.encode())) == (
        "SMTPDataError 554"
    )


def test_an_exception_escaping_eventlets_hub_is_a_redacted_json_line(lines):
    def timer():
        raise LookupError(WORDS)

    eventlet.hubs.get_hub().schedule_call_global(0, timer)
    eventlet.sleep(0.01)
    (line,) = lines()
    assert (line["logger"], line["level"]) == ("eventlet.hub", "error")
    assert line["exception"].endswith("LookupError (message withheld: it may quote the data)")
    assert "Fairweather" not in json.dumps(line)
