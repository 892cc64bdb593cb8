"""Real infrastructure for tests: a PostgreSQL database per service and a RabbitMQ vhost.

Each test gets its own, named with a unique suffix, and they are removed after.
"""

from __future__ import annotations

import contextlib
import os
import socket
import uuid

import psycopg2
import requests

from mskpeer.platform.settings import SERVICES

PG_ADMIN = os.environ.get(
    "TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
RABBIT_API = os.environ.get("TEST_RABBIT_API", "http://guest:guest@127.0.0.1:15672/api")
RABBIT_AMQP = os.environ.get("TEST_RABBIT_AMQP", "amqp://guest:guest@127.0.0.1:5672")


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def _admin():
    connection = psycopg2.connect(PG_ADMIN)
    connection.autocommit = True
    return connection


@contextlib.contextmanager
def postgres_databases(services=SERVICES):
    """`{service: url}`, one fresh database each."""
    stem = unique("mskpeer_t")
    names = {service: f"{stem}_{service}" for service in services}
    with contextlib.closing(_admin()) as admin, admin.cursor() as cursor:
        for name in names.values():
            cursor.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN.rsplit("/", 1)[0]
    try:
        yield {service: f"{base}/{name}" for service, name in names.items()}
    finally:
        with contextlib.closing(_admin()) as admin, admin.cursor() as cursor:
            for name in names.values():
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def rabbit_vhost():
    """An AMQP URI on a virtual host of its own, so tests never see each other's queues."""
    vhost = unique("mskpeer_t")
    response = requests.put(f"{RABBIT_API}/vhosts/{vhost}", timeout=10)
    response.raise_for_status()
    requests.put(
        f"{RABBIT_API}/permissions/{vhost}/guest",
        json={"configure": ".*", "write": ".*", "read": ".*"},
        timeout=10,
    ).raise_for_status()
    try:
        yield f"{RABBIT_AMQP}/{vhost}"
    finally:
        requests.delete(f"{RABBIT_API}/vhosts/{vhost}", timeout=30)


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
