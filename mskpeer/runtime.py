"""Starting the product: every service in one process, or one service per process."""

from __future__ import annotations

import logging

from nameko.runners import ServiceRunner
from sqlalchemy.orm import Session

from mskpeer.platform import errors as _errors  # noqa: F401  (registers our errors with nameko)
from mskpeer.platform.clock import utc_now
from mskpeer.platform.engine import make_engine
from mskpeer.platform.migrate import upgrade
from mskpeer.platform.settings import SERVICES, data_dir, database_url
from mskpeer.platform.topology import declare_topology

log = logging.getLogger("mskpeer")
PARTS = (*SERVICES, "gateway")


def service_classes() -> dict[str, type]:
    from gateway.service import GatewayService
    from services.cases.service import CasesService
    from services.notifications.service import NotificationsService
    from services.outcomes.service import OutcomesService
    from services.referrals.service import ReferralsService
    from services.scheduling.service import SchedulingService

    return {
        "cases": CasesService,
        "scheduling": SchedulingService,
        "notifications": NotificationsService,
        "outcomes": OutcomesService,
        "referrals": ReferralsService,
        "gateway": GatewayService,
    }


def migrate(services=SERVICES, urls: dict | None = None) -> None:
    for service in services:
        upgrade(service, (urls or {}).get(service) or database_url(service))
        log.info("migrated %s", service)


def seed_demo(url: str | None = None) -> dict | None:
    """Demo people and a conference series, only into an empty scheduling database."""
    from services.scheduling import seed

    engine = make_engine(url or database_url("scheduling"), green=False)
    try:
        with Session(engine) as session, session.begin():
            if not seed.is_empty(session):
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
    urls = config["DATABASE_URLS"]
    migrate(own, urls)
    if "scheduling" in own and config.get("SEED_DEMO", True):
        seeded = seed_demo(urls["scheduling"])
        if seeded:
            log.info("seeded demo data: %s", seeded)
    declared = declare_topology(config["AMQP_URI"], service_classes().values())
    log.info("declared %d event queues", declared)


def start_mail_sink(config: dict):
    """Without SMTP_HOST, mail goes to a local SMTP sink that saves it under DATA_DIR/mail."""
    from mskpeer.mailsink import MailSink

    sink = MailSink(data_dir() / "mail").start()
    config.update(SMTP_HOST=sink.host, SMTP_PORT=sink.port, DEV_MAIL_DIR=str(sink.directory))
    log.info("no SMTP_HOST: mail is saved under %s", sink.directory)
    return sink
