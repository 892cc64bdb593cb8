"""Starting the product: every service in one process, or one service per process."""

from __future__ import annotations

import logging
import os

from nameko.runners import ServiceRunner
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from mskpeer.platform import errors as _errors  # noqa: F401  (registers our errors with nameko)
from mskpeer.platform.clock import utc_now
from mskpeer.platform.migrate import upgrade
from mskpeer.platform.settings import SERVICES, data_dir, database_url, env
from mskpeer.platform.topology import declare_topology

log = logging.getLogger("mskpeer")
PARTS = (*SERVICES, "gateway")


def service_classes() -> dict[str, type]:
    from gateway.service import GatewayService
    from services.cases.service import CasesService
    from services.notifications.service import NotificationsService
    from services.outcomes.service import OutcomesService
    from services.scheduling.service import SchedulingService

    return {
        "cases": CasesService,
        "scheduling": SchedulingService,
        "notifications": NotificationsService,
        "outcomes": OutcomesService,
        "gateway": GatewayService,
    }


def migrate(services=SERVICES) -> None:
    for service in services:
        upgrade(service)
        log.info("migrated %s", service)


def seed_demo(force: bool = False) -> dict | None:
    """Demo people and a conference series, only into an empty scheduling database."""
    from services.scheduling import seed

    engine = create_engine(database_url("scheduling"))
    try:
        with Session(engine) as session, session.begin():
            if not force and not seed.is_empty(session):
                return None
            return seed.seed(session, utc_now())
    finally:
        engine.dispose()


def build_runner(parts, config: dict) -> ServiceRunner:
    classes = service_classes()
    runner = ServiceRunner(config)
    for part in parts:
        runner.add_service(classes[part])
    return runner


def prepare(parts, config: dict) -> None:
    """What must exist before any service starts: schema, demo data, broker topology."""
    from mskpeer.embedded import install_memory_transport, is_embedded

    if is_embedded(config["AMQP_URI"]):
        install_memory_transport()
    own = [part for part in parts if part in SERVICES]
    migrate(own)
    if "scheduling" in own and env("SEED_DEMO", "1") != "0":
        seeded = seed_demo()
        if seeded:
            log.info("seeded demo data: %s", seeded)
    declared = declare_topology(config["AMQP_URI"], service_classes().values())
    log.info("declared %d event queues", declared)


def start_mail_sink():
    """Without SMTP_HOST, mail goes to a local SMTP sink that saves it under DATA_DIR/mail."""
    from mskpeer.mailsink import MailSink

    sink = MailSink(data_dir() / "mail").start()
    os.environ["SMTP_HOST"], os.environ["SMTP_PORT"] = sink.host, str(sink.port)
    os.environ["DEV_MAIL_DIR"] = str(sink.directory)
    log.info("no SMTP_HOST: mail is saved under %s", sink.directory)
    return sink
