"""Starting the product: every service in one process, or one service per process."""

from __future__ import annotations

import logging

from nameko.runners import ServiceRunner
from sqlalchemy.orm import Session

from mskpeer.platform import errors as _errors  # noqa: F401  (registers our errors with nameko)
from mskpeer.platform.clock import utc_now
from mskpeer.platform.engine import make_engine, serialised
from mskpeer.platform.migrate import reached, upgrade
from mskpeer.platform.settings import PARTS as PARTS  # where callers have always found it
from mskpeer.platform.settings import SERVICES, data_dir, database_url
from mskpeer.platform.topology import declare_topology

log = logging.getLogger("mskpeer")


def service_classes() -> dict[str, type]:
    from gateway.service import GatewayService
    from services.cases.service import CasesService
    from services.notifications.service import NotificationsService
    from services.outcomes.service import OutcomesService
    from services.referrals.service import ReferralsService
    from services.scheduling.service import SchedulingService
    from services.staff.service import StaffService

    return {
        "cases": CasesService,
        "scheduling": SchedulingService,
        "notifications": NotificationsService,
        "outcomes": OutcomesService,
        "staff": StaffService,
        "referrals": ReferralsService,
        "gateway": GatewayService,
    }


def migrate(services=SERVICES, urls: dict | None = None) -> None:
    url = {s: (urls or {}).get(s) or database_url(s) for s in SERVICES}.get
    if {"staff", "scheduling"} <= set(services):
        # People move from scheduling to staff between these two of scheduling's migrations.
        from mskpeer.staff_handover import BEFORE_DROP, hand_over

        upgrade("staff", url("staff"))
        if not reached("scheduling", url("scheduling"), BEFORE_DROP):
            upgrade("scheduling", url("scheduling"), BEFORE_DROP)
        hand_over(url("scheduling"), url("staff"), utc_now())
    for service in services:
        upgrade(service, url(service))
        log.info("migrated %s", service)


def seed_demo(urls: dict | None = None, services=("staff", "scheduling")) -> dict | None:
    """Demo staff and a conference series, each only into an empty database."""
    from services.scheduling import seed as scheduling_seed
    from services.staff import seed as staff_seed

    seeded = {}
    for service, seed in (("staff", staff_seed), ("scheduling", scheduling_seed)):
        if service not in services:
            continue
        engine = make_engine((urls or {}).get(service) or database_url(service), green=False)
        try:
            with Session(engine) as session, session.begin():
                serialised(session.connection(), f"mskpeer.seed.{service}")  # copies start at once
                if seed.is_empty(session):
                    seeded.update(seed.seed(session, utc_now()))
        finally:
            engine.dispose()
    return seeded or None


def create_admin(email: str, name: str, url: str | None = None) -> str:
    """The first admin of a new installation, with no password yet: the token of their link."""
    from mskpeer.platform.database import Transaction
    from services.staff import joining
    from services.staff import models as staff

    engine = make_engine(url or database_url("staff"), green=False)
    try:
        with Session(engine) as session, session.begin():
            # staff.joined goes out through the outbox when the staff service next relays.
            tx = Transaction(session, staff.messaging, utc_now)
            return joining.first_admin(tx, email, name, utc_now())
    finally:
        engine.dispose()


def build_runner(parts, config: dict) -> ServiceRunner:
    classes = service_classes()
    runner = ServiceRunner(config)
    for part in parts:
        runner.add_service(classes[part])
    if "scheduling" in parts:
        # Loaded now, not by the first rota: importing OR-Tools takes half a second of CPU,
        # and in a green process nothing else would run meanwhile.
        from services.scheduling.rota import search  # noqa: F401
    return runner


def prepare(parts, config: dict) -> None:
    """What must exist before any service starts: schema, demo data, broker topology."""
    from mskpeer.embedded import install_memory_transport, is_embedded

    if is_embedded(config["AMQP_URI"]):
        install_memory_transport()
    own = [part for part in parts if part in SERVICES]
    urls = config["DATABASE_URLS"]
    migrate(own, urls)
    if config.get("SEED_DEMO", True):
        seeded = seed_demo(urls, own)
        if seeded:
            log.info("seeded demo data: %s", seeded)
    declared = declare_topology(config["AMQP_URI"], service_classes().values(), config)
    log.info("declared %d event queues", declared)


def start_mail_sink(config: dict):
    """Without SMTP_HOST, mail goes to a local SMTP sink that saves it under DATA_DIR/mail."""
    from mskpeer.mailsink import MailSink

    sink = MailSink(data_dir() / "mail").start()
    config.update(SMTP_HOST=sink.host, SMTP_PORT=sink.port, DEV_MAIL_DIR=str(sink.directory))
    log.info("no SMTP_HOST: mail is saved under %s", sink.directory)
    return sink
