"""Fixtures for real infrastructure: each test gets its own databases, vhost and mail sink."""

import os

import pytest

from mskpeer.mailsink import MailSink
from tests.support.infra import postgres_databases, rabbit_vhost

# The suites run several products, some with two copies of every service, on one
# PostgreSQL of 100 connections: each service keeps fewer (docs/operations.md). Products
# started as processes inherit it.
os.environ.setdefault("DATABASE_POOL", "4")


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
