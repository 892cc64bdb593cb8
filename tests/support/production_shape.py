"""The product in its production shape: each service in OS processes of its own.

`mskpeer run --service <name>`, as each container runs it, on the test's own
RabbitMQ vhost, PostgreSQL databases and SMTP sink. One or more copies of each
service; a copy can be killed (SIGKILL, as the kernel's OOM killer would) and
started again.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

from mskpeer.platform.settings import SERVICES
from tests.support.api import ApiClient, eventually
from tests.support.infra import RABBIT_API, free_port
from tests.support.product_process import CONFIGURED
from tests.support.system import TEST_DATA_KEYS, staff_reached_scheduling

COMMAND = [sys.executable, "-m", "mskpeer.cli"]


@dataclass
class Shape:
    env: dict
    directory: Path
    copies: int
    processes: dict[tuple[str, int], subprocess.Popen] = field(default_factory=dict)
    gateways: list[str] = field(default_factory=list)
    # Queue name -> consumers on it; by default asked of the machine's broker's management API.
    consumers: Callable[[], dict[str, int]] | None = None

    def start(self, part: str, copy: int = 0) -> subprocess.Popen:
        env = dict(self.env)
        if part == "gateway":
            env["WEB_SERVER_ADDRESS"] = self.gateways[copy]
        log = self.directory / f"{part}-{copy}.log"
        with log.open("a") as output:
            process = subprocess.Popen(
                [*COMMAND, "run", "--service", part],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        self.processes[(part, copy)] = process
        return process

    def kill(self, part: str, copy: int = 0) -> None:
        """SIGKILL: no clean shutdown, no last ack, no last record."""
        process = self.processes[(part, copy)]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    def clients(self) -> list[ApiClient]:
        return [ApiClient(f"http://{address}") for address in self.gateways]

    def healthy(self, timeout: float = 120) -> None:
        """Every gateway answers, and every copy of every service listens on the broker."""
        for address in self.gateways:
            eventually(
                lambda address=address: self._health(address), bool, timeout, f"{address} healthy"
            )

        def listening():
            consumers = (self.consumers or self._consumers_on_the_machines_broker)()
            return {s: consumers.get(f"rpc-{s}", 0) for s in SERVICES}

        eventually(
            listening,
            lambda counts: all(n >= self.copies for n in counts.values()),
            timeout,
            f"{self.copies} copies of each service on the broker",
        )

    def _consumers_on_the_machines_broker(self) -> dict[str, int]:
        vhost = urllib.parse.quote(self.env["AMQP_URI"].rsplit("/", 1)[1], safe="")
        queues = requests.get(f"{RABBIT_API}/queues/{vhost}", timeout=10).json()
        return {queue["name"]: queue.get("consumers", 0) for queue in queues}

    def _health(self, address: str) -> bool:
        for (part, copy), process in self.processes.items():
            if process.poll() is not None and process.returncode != -signal.SIGKILL:
                log = (self.directory / f"{part}-{copy}.log").read_text()[-3000:]
                raise AssertionError(f"{part} #{copy} stopped:\n{log}")
        try:
            return requests.get(f"http://{address}/health", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@contextlib.contextmanager
def production_shape(
    directory: Path,
    amqp_uri: str,
    database_urls: dict,
    smtp_port: int,
    copies=1,
    consumers: Callable[[], dict[str, int]] | None = None,
    start_within: float = 120,
    **settings,
):
    """Yields a running Shape: `copies` processes of each service and of the gateway,
    given `start_within` seconds to come up (fourteen processes on a busy machine).
    `consumers` counts consumers per queue on a broker other than the machine's."""
    env = {k: v for k, v in os.environ.items() if k not in CONFIGURED and "DATABASE_URL" not in k}
    env.update(
        AMQP_URI=amqp_uri,
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(smtp_port),
        SECRET_KEY="production-shape-test-secret-not-for-use",  # every gateway signs alike
        DATA_DIR=str(directory / "var"),
        SEED_DEMO="1",
        LOG_LEVEL="WARNING",
        SIGN_IN_LIMIT="1000",  # ten clinics' clients, all from this one address
        REFERRALS_DATA_KEYS=TEST_DATA_KEYS,  # on a broker, referrals will not start without
        **{f"{service.upper()}_DATABASE_URL": url for service, url in database_urls.items()},
        **settings,
    )
    # Schema and demo data once, before any copy starts: two copies migrating
    # one empty database at the same moment would race.
    for command in (["migrate"], ["seed-demo"]):
        subprocess.run([*COMMAND, *command], env=env, check=True, capture_output=True)
    shape = Shape(env, directory, copies, consumers=consumers)
    shape.gateways = [f"127.0.0.1:{free_port()}" for _ in range(copies)]
    try:
        for copy in range(copies):
            for part in (*SERVICES, "gateway"):
                shape.start(part, copy)
        shape.healthy(start_within)
        staff_reached_scheduling(database_urls, timeout=start_within)
        yield shape
    finally:
        shape.stop()
