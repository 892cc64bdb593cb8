import pytest


@pytest.fixture
def product_on_rabbitmq(amqp_uri, database_urls, mail_sink):
    """The product on real RabbitMQ, PostgreSQL and SMTP: `with product_on_rabbitmq() as api`."""
    from tests.support.system import product_config, running_product

    def start(**overrides):
        config = product_config(amqp_uri, database_urls, mail_sink.port, **overrides)
        return running_product(config)

    return start
