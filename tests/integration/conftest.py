import pytest


@pytest.fixture
def product_on_rabbitmq(amqp_uri, database_urls, mail_sink):
    """The product on real RabbitMQ, PostgreSQL and SMTP: `with product_on_rabbitmq() as api`."""
    from tests.support.system import product_config, running_product

    def start(**overrides):
        config = product_config(amqp_uri, database_urls, mail_sink.port, **overrides)
        return running_product(config)

    return start


@pytest.fixture(params=["postgresql", "sqlite"])
def scheduling_db(request, tmp_path):
    """The scheduling database as its migrations build it, on PostgreSQL and on SQLite."""
    from mskpeer.platform.engine import make_engine
    from mskpeer.platform.migrate import upgrade

    if request.param == "postgresql":
        url = request.getfixturevalue("database_urls")["scheduling"]
    else:
        url = f"sqlite:///{tmp_path / 'scheduling.db'}"
    upgrade("scheduling", url)
    engine = make_engine(url, green=False)
    yield engine
    engine.dispose()
