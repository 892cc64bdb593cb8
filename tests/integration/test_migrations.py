"""Each service's migrations build exactly the schema its models describe."""

import importlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from mskpeer.platform.engine import make_engine
from mskpeer.platform.migrate import upgrade
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
