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


@pytest.fixture
def product_on_rabbitmq(amqp_uri, database_urls, mail_sink):
    """The product on real RabbitMQ, PostgreSQL and SMTP: `with product_on_rabbitmq() as api`."""
    from tests.support.system import product_config, running_product

    def start(**overrides):
        config = product_config(amqp_uri, database_urls, mail_sink.port, **overrides)
        return running_product(config)

    return start
