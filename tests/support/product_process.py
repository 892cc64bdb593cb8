"""The product as `make run` starts it (`mskpeer run`, embedded defaults), in its own process."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import eventlet.patcher
import pytest
import requests

from mskpeer.mailsink import MailSink
from tests.support.api import ApiClient, eventually
from tests.support.infra import free_port
from tests.support.system import staff_reached_scheduling

# Settings of the machine running the tests that would point the product elsewhere.
CONFIGURED = (
    *("AMQP_URI", "SMTP_HOST", "SMTP_PORT", "SECRET_KEY", "SEED_DEMO", "BASE_URL"),
    "REFERRALS_DATA_KEYS",
    *("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"),
)


@contextlib.contextmanager
def running_process(data_dir: Path, log: Path, start_within: float = 60, **settings: str):
    """Yields the process and an ApiClient for it. Its output goes to the file `log`:
    a pipe nobody reads would fill up and stall a long-running product. A WEB_SERVER_ADDRESS
    among `settings` is where it listens (one a test needed to know before the start)."""
    address = settings.pop("WEB_SERVER_ADDRESS", None) or f"127.0.0.1:{free_port()}"
    env = {k: v for k, v in os.environ.items() if k not in CONFIGURED and "DATABASE_URL" not in k}
    env.update(DATA_DIR=str(data_dir), WEB_SERVER_ADDRESS=address, **settings)
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mskpeer.cli", "run"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )
        base = f"http://{address}"

        def up():
            try:
                return requests.get(f"{base}/health", timeout=2).status_code == 200
            except (requests.ConnectionError, requests.Timeout):
                # Still starting: on a busy machine the first health checks can take over 2 s.
                assert process.poll() is None, f"the product stopped:\n{log.read_text()}"
                return False

        try:
            eventually(up, bool, start_within, "the product to start")
            if settings.get("SEED_DEMO", "1") != "0":
                staff_reached_scheduling(
                    {s: f"sqlite:///{data_dir / (s + '.db')}" for s in ("staff", "scheduling")}
                )
            yield process, ApiClient(base)
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()  # never left running into the next module's tests
                    process.wait()
                    raise


def product_fixture(**settings: str):
    """A module-scoped `embedded_product` fixture for the browser tests: the product on
    embedded defaults in its own process, with these settings, and its mail sink's mailbox.

    Playwright hangs beside eventlet's monkey-patching (see the root conftest.py), so
    the browser tests cannot run the product in their own process as tests/e2e do.
    """

    @pytest.fixture(scope="module")
    def embedded_product(tmp_path_factory):
        if eventlet.patcher.is_monkey_patched("thread"):
            pytest.fail("run the browser tests on their own (pytest tests/browser): conftest.py")
        directory = tmp_path_factory.mktemp("product")
        log = directory / "product.log"
        with running_process(directory / "var", log=log, **settings) as (_, client):
            yield client, MailSink(directory / "var" / "mail")

    return embedded_product
