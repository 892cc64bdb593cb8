"""`mskpeer health`, as Kubernetes' exec probes run it, beside a real `mskpeer run --service`.

Ready while the process beats and its database and the broker answer; alive while it
beats. A database that goes away makes it unready but leaves it alive (a restart would
cure nothing); a process that stops beating (here: SIGSTOP, as a wedged hub) is not alive.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys

import psycopg2

from tests.support.api import eventually
from tests.support.infra import PG_ADMIN
from tests.support.product_process import CONFIGURED

COMMAND = [sys.executable, "-m", "mskpeer.cli"]


def test_ready_while_it_beats_and_reaches_its_database_alive_while_it_beats(
    amqp_uri, database_urls, tmp_path
):
    env = {k: v for k, v in os.environ.items() if k not in CONFIGURED and "DATABASE_URL" not in k}
    env.update(
        AMQP_URI=amqp_uri,
        OUTCOMES_DATABASE_URL=database_urls["outcomes"],
        DATA_DIR=str(tmp_path),
        HEALTH_INTERVAL="0.5s",
        SEED_DEMO="0",
        LOG_LEVEL="WARNING",
    )

    def probe(*extra):
        done = subprocess.run(
            [*COMMAND, "health", "--service", "outcomes", *extra],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        return done.returncode, done.stdout.strip()

    assert probe()[0] == 1  # nothing runs yet
    log = (tmp_path / "outcomes.log").open("w")
    process = subprocess.Popen(
        [*COMMAND, "run", "--service", "outcomes"], env=env, stdout=log, stderr=log
    )
    try:
        eventually(probe, lambda r: r[0] == 0, 120, "outcomes ready")
        assert probe("--alive")[0] == 0

        name = database_urls["outcomes"].rsplit("/", 1)[1]
        with contextlib.closing(psycopg2.connect(PG_ADMIN)) as admin:
            admin.autocommit = True
            admin.cursor().execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        code, said = eventually(probe, lambda r: r[0] == 1, 30, "unready without its database")
        assert "database down" in said
        assert probe("--alive")[0] == 0

        process.send_signal(signal.SIGSTOP)
        code, said = eventually(lambda: probe("--alive"), lambda r: r[0] == 1, 30, "not alive")
        assert "stuck or gone" in said
        process.send_signal(signal.SIGCONT)
        eventually(lambda: probe("--alive"), lambda r: r[0] == 0, 30, "alive again")
    finally:
        process.send_signal(signal.SIGCONT)
        process.terminate()
        process.wait(timeout=60)
        log.close()
    assert probe("--alive") == (
        1,
        f"outcomes: not running here (no {tmp_path}/health/outcomes.json), or still starting",
    )
