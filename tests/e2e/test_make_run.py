"""`make run`'s command on the embedded defaults: one process, in-memory bus, SQLite, mail sink."""

import os
import signal
import subprocess
import sys

import pytest
import requests

from mskpeer.mailsink import MailSink
from tests.e2e.test_walking_skeleton import walk_the_skeleton
from tests.support.api import ApiClient, eventually
from tests.support.infra import free_port

CONFIGURED = ("AMQP_URI", "SMTP_HOST", "SMTP_PORT", "SECRET_KEY", "SEED_DEMO", "BASE_URL")


@pytest.fixture
def product_process(tmp_path):
    address = f"127.0.0.1:{free_port()}"
    env = {k: v for k, v in os.environ.items() if k not in CONFIGURED and "DATABASE_URL" not in k}
    env.update(
        DATA_DIR=str(tmp_path / "var"),
        WEB_SERVER_ADDRESS=address,
        FOLLOW_UP_AFTER="1s",
        FOLLOW_UP_REMINDER_AFTER="1h",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "mskpeer.cli", "run"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://{address}"

    def up():
        try:
            return requests.get(f"{base}/health", timeout=2).status_code == 200
        except requests.ConnectionError:
            assert process.poll() is None, process.stdout.read()
            return False

    try:
        eventually(lambda: up(), bool, 60, "the product to start")
        yield process, ApiClient(base), tmp_path / "var"
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


def test_the_run_command_serves_the_whole_chain_on_embedded_defaults(product_process):
    process, api, data_dir = product_process
    health = api.get("/health").json()
    assert health["broker"]["transport"].startswith("embedded")
    assert all(
        data_dir.joinpath(f"{s}.db").exists()
        for s in ("cases", "scheduling", "notifications", "outcomes")
    )

    walk_the_skeleton(api, MailSink(data_dir / "mail"))

    listed = api.get("/dev/mail").json()
    assert listed["total"] >= 4
    assert any(m["subject"].startswith("Case received") for m in listed["items"])

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    assert "MSK Peer Support is running at http://" in process.stdout.read()
