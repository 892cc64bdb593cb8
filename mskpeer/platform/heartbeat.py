"""Each process's own health, for `mskpeer health` (Kubernetes' exec probes).

A nameko service answers only over the broker, where its `health` RPC goes to any
copy, not to the pod being probed. So `mskpeer run` writes, every HEALTH_INTERVAL,
one file per part it runs (`DATA_DIR/health/<part>.json`) with what it found: its
database answering `SELECT 1`, the broker answering on a connection it keeps. The
beat runs on the same eventlet hub as the workers, so a hub wedged by CPU-bound work
or a blocking call stops it: a file older than three intervals means "not alive".

The probe only reads the file: starting a process with eventlet and nameko for it
would cost about two seconds of CPU every probe.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

from mskpeer.platform.settings import SERVICES, data_dir, env, parse_duration

log = logging.getLogger(__name__)
CHECK_TIMEOUT = 3.0


def interval() -> float:
    return parse_duration(env("HEALTH_INTERVAL", "10s")).total_seconds()


def path_of(part: str) -> Path:
    return data_dir() / "health" / f"{part}.json"


def verdict(part: str, alive_only: bool, now: float) -> tuple[bool, str]:
    """Whether `part` in this container is alive (beating), or ready (its checks pass too)."""
    path = path_of(part)
    try:
        beat = json.loads(path.read_text())
    except FileNotFoundError:
        return False, f"{part}: not running here (no {path}), or still starting"
    except ValueError:
        return False, f"{part}: {path} is unreadable"
    age = now - beat["at"]
    if age > 3 * interval():
        return False, f"{part}: last beat {age:.0f}s ago: the process is stuck or gone"
    failing = {name: result for name, result in beat["checks"].items() if result != "ok"}
    if failing and not alive_only:
        return False, f"{part}: " + ", ".join(f"{k} {v}" for k, v in sorted(failing.items()))
    return True, f"{part}: alive" + ("" if failing else ", database and broker answer")


class Heartbeat:
    """Started by `mskpeer run` once its containers run; stopped before they stop."""

    def __init__(self, parts, config: dict):
        self.parts = list(parts)
        self.amqp_uri = config["AMQP_URI"]
        self.urls = {p: config["DATABASE_URLS"][p] for p in self.parts if p in SERVICES}
        self._engines: dict = {}
        self._broker = None
        self._thread = None

    def start(self) -> Heartbeat:
        import eventlet

        path_of("any").parent.mkdir(parents=True, exist_ok=True)
        self._thread = eventlet.spawn(self._beat_forever)
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.kill()
        for part in self.parts:  # a stopping process is not ready, and a restart starts afresh
            path_of(part).unlink(missing_ok=True)
        for engine in self._engines.values():
            engine.dispose()

    def _beat_forever(self) -> None:
        import eventlet

        while True:
            try:
                self.beat()
            except Exception:  # a beat that fails is a missing beat, never a dead process
                log.exception("health beat failed")
            eventlet.sleep(interval())

    def beat(self) -> None:
        broker = self._check(self._broker_answers)
        for part in self.parts:
            checks = {"broker": broker}
            if part in self.urls:
                checks["database"] = self._check(lambda part=part: self._database_answers(part))
            written = path_of(part).with_suffix(".partial")
            beat = {"pid": os.getpid(), "at": time.time(), "checks": checks}
            written.write_text(json.dumps(beat))
            written.replace(path_of(part))  # a probe never reads half a file

    @staticmethod
    def _check(answer) -> str:
        import eventlet

        try:
            with eventlet.Timeout(CHECK_TIMEOUT):
                answer()
            return "ok"
        except (Exception, eventlet.Timeout) as error:
            return f"down ({type(error).__name__})"

    def _database_answers(self, part: str) -> None:
        from sqlalchemy import text

        from mskpeer.platform.engine import make_engine

        if part not in self._engines:
            self._engines[part] = make_engine(self.urls[part], pool_size=1)
        with self._engines[part].connect() as connection:
            connection.execute(text("SELECT 1"))

    def _broker_answers(self) -> None:
        """One connection kept open, and a round trip on it each beat (a passive declare of
        a built-in exchange): no connection churn in the broker's log every ten seconds."""
        if self.amqp_uri.startswith("memory"):
            return  # embedded: the bus is this process
        from kombu import Connection

        try:
            if self._broker is None:
                self._broker = Connection(self.amqp_uri, connect_timeout=CHECK_TIMEOUT)
            channel = self._broker.default_channel
            channel.exchange_declare("amq.topic", "topic", durable=True, passive=True)
        except BaseException:
            if self._broker is not None:
                self._broker.release()
            self._broker = None
            raise
