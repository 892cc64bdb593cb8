"""The product on embedded defaults (in-memory bus, SQLite), shared by a test module."""

import pytest

from mskpeer.embedded import install_memory_transport, reset_memory_broker
from mskpeer.mailsink import MailSink
from mskpeer.platform.settings import SERVICES
from tests.support.system import product_config, running_product


@pytest.fixture(scope="module")
def embedded_product(tmp_path_factory):
    directory = tmp_path_factory.mktemp("embedded")
    install_memory_transport()
    urls = {s: f"sqlite:///{directory / (s + '.db')}" for s in SERVICES}
    with MailSink(directory / "mail") as sink:
        config = product_config("memory://", urls, sink.port)
        try:
            with running_product(config) as client:
                yield client, sink, directory  # the directory holds each service's .db
        finally:
            reset_memory_broker()


@pytest.fixture(scope="module")
def api(embedded_product):
    return embedded_product[0]


@pytest.fixture(scope="module")
def mailbox(embedded_product):
    """The SMTP server the embedded product sends its mail to."""
    return embedded_product[1]
