"""Each service's migrations build exactly the schema its models describe."""

import importlib
import os
import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from mskpeer.platform.engine import make_engine
from mskpeer.platform.migrate import alembic_config, upgrade
from mskpeer.platform.settings import SERVICES


def differences(service: str, url: str) -> list:
    upgrade(service, url)
    upgrade(service, url)  # running them again changes nothing
    metadata = importlib.import_module(f"services.{service}.models").metadata
    engine = make_engine(url, green=False)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        found = compare_metadata(context, metadata)
    engine.dispose()
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_the_migrations_match_the_models_on_postgresql(database_urls, service):
    assert differences(service, database_urls[service]) == []


@pytest.mark.parametrize("service", SERVICES)
def test_the_migrations_match_the_models_on_sqlite(tmp_path, service):
    assert differences(service, f"sqlite:///{tmp_path / service}.db") == []


def test_two_copies_migrating_a_new_database_at_once_both_succeed_and_leave_it_at_head(
    database_urls,
):
    """As two replicas starting together do: each runs every service's migrations."""
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}
    env.update({f"{s.upper()}_DATABASE_URL": url for s, url in database_urls.items()})
    env["LOG_LEVEL"] = "INFO"
    command = [sys.executable, "-m", "mskpeer.cli", "migrate"]
    copies = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for _ in range(2)
    ]
    outputs = [copy.communicate(timeout=300)[0].decode() for copy in copies]
    for copy, output in zip(copies, outputs, strict=True):
        assert copy.returncode == 0, output
    assert any("waiting for another copy" in output for output in outputs), outputs
    for service in SERVICES:
        head = ScriptDirectory.from_config(alembic_config(service)).get_current_head()
        engine = make_engine(database_urls[service], green=False)
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_heads() == (head,)
        engine.dispose()
        assert differences(service, database_urls[service]) == []
