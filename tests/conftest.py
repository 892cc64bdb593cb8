"""Fixtures for real infrastructure: each test gets its own databases, vhost and mail sink."""

import pytest

from mskpeer.mailsink import MailSink
from tests.support.infra import postgres_databases, rabbit_vhost


@pytest.fixture
def mail_sink(tmp_path):
    with MailSink(tmp_path / "mail") as sink:
        yield sink


@pytest.fixture
def amqp_uri():
    with rabbit_vhost() as uri:
        yield uri


@pytest.fixture
def database_urls():
    with postgres_databases() as urls:
        yield urls
