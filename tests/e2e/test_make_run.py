"""`make run`'s command on the embedded defaults: one process, in-memory bus, SQLite, mail sink."""

import signal

import pytest

from mskpeer.mailsink import MailSink
from tests.e2e.test_walking_skeleton import walk_the_skeleton
from tests.support.product_process import running_process


@pytest.fixture
def product_process(tmp_path):
    settings = {"FOLLOW_UP_AFTER": "1s", "FOLLOW_UP_REMINDER_AFTER": "1h"}
    log = tmp_path / "product.log"
    with running_process(tmp_path / "var", log, **settings) as (process, api):
        yield process, api, tmp_path / "var", log


def test_the_run_command_serves_the_whole_chain_on_embedded_defaults(product_process):
    process, api, data_dir, log = product_process
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
    assert "MSK Peer Support is running at http://" in log.read_text()
