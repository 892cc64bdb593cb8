"""The whole product in the test process: every service and the gateway on one runner."""

from __future__ import annotations

import base64
import contextlib
import secrets

from sqlalchemy import func, select

from mskpeer import runtime
from mskpeer.platform.engine import make_engine
from mskpeer.platform.settings import nameko_config
from services.scheduling import models as scheduling
from services.staff import models as staff
from tests.support.api import ApiClient, eventually
from tests.support.infra import free_port

TEST_DATA_KEYS = (
    "t2:" + base64.b64encode(b"t" * 32).decode() + ",t1:" + base64.b64encode(b"o" * 32).decode()
)


def product_config(amqp_uri: str, database_urls: dict, smtp_port: int, **overrides) -> dict:
    config = nameko_config()
    config.update(
        AMQP_URI=amqp_uri,
        WEB_SERVER_ADDRESS=f"127.0.0.1:{free_port()}",
        DATABASE_URLS=database_urls,
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=smtp_port,
        SEED_DEMO=True,
        HANDLER_BACKOFF=0.01,
        RELAY_GRACE=0.5,
        DEV_MAIL_DIR=None,
        # Invented test keys; on a real broker the referrals service refuses to start without.
        REFERRALS_DATA_KEYS=TEST_DATA_KEYS,
        SECRET_KEY=secrets.token_urlsafe(32),  # a broker other than memory:// needs a real one
    )
    config.update(overrides)
    return config


@contextlib.contextmanager
def running_product(config: dict, parts=runtime.PARTS):
    runtime.prepare(parts, config)
    runner = runtime.build_runner(parts, config)
    runner.start()
    client = ApiClient(f"http://{config['WEB_SERVER_ADDRESS']}")
    try:
        if config.get("SEED_DEMO") and {"staff", "scheduling"} <= set(parts):
            staff_reached_scheduling(config["DATABASE_URLS"])
        yield client
    finally:
        runner.stop()


def staff_reached_scheduling(urls: dict, timeout: float = 30) -> None:
    """Scheduling learns the demo staff from staff.joined, a moment after the start:
    a test that plans a rota at once must find everyone there."""

    def count(service, table):
        engine = make_engine(urls[service], green=False)
        try:
            with engine.connect() as connection:
                return connection.execute(select(func.count()).select_from(table)).scalar_one()
        finally:
            engine.dispose()

    people = count("staff", staff.people)
    eventually(
        lambda: count("scheduling", scheduling.clinicians),
        lambda n: n >= people,
        timeout,
        f"scheduling to hear of the {people} demo staff",
    )
