"""The product on embedded defaults in its own process, and Debian's Chromium to use it with.

A module that needs other settings replaces `embedded_product` with
`product_fixture(FOLLOW_UP_AFTER="2s")` (tests/support/product_process.py).
"""

import pytest

from tests.support.browser import Visitor, chromium
from tests.support.product_process import product_fixture

embedded_product = product_fixture()


@pytest.fixture(scope="module")
def api(embedded_product):
    return embedded_product[0]


@pytest.fixture(scope="module")
def mailbox(embedded_product):
    """The directory the product's mail sink saves each message in."""
    return embedded_product[1]


@pytest.fixture(scope="module")
def browser(api):
    # Closed before the product stops: the gateway waits for the browser's open connections.
    with chromium() as launched:
        yield launched


@pytest.fixture
def visit(browser, api, request):
    """`visit("physio")`: a browser session of its own for each person in the test."""
    opened = []

    def open_for(who: str, **context_options) -> Visitor:
        name = f"{request.node.name.removeprefix('test_')}-{who}"
        visitor = Visitor(browser, api.base_url, name, **context_options)
        opened.append(visitor)
        return visitor

    yield open_for
    for visitor in opened:
        visitor.close()
