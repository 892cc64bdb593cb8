"""Private RabbitMQ nodes for tests: one alone, or three joined in a cluster.

They run from the installed rabbitmq-server beside the machine's own broker
(`rabbit@localhost`), which is never joined, stopped or reconfigured: each node
has a unique name, its own config file (the machine's pins 127.0.0.1:5672), its
own AMQP and distribution ports, and directories owned by the `rabbitmq` user.
No plugins: queue leaders and counts come from `rabbitmqctl` and
`rabbitmq-queues`, so the nodes start quickly.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.support.infra import free_port

SHARED_NODE = "rabbit@localhost"
START_TIMEOUT = 180  # seconds; a node starts in ~5 s, much slower on a busy shared machine


class NodeFailed(AssertionError):
    pass


@dataclass
class Node:
    name: str  # e.g. mskt-1a2b3c-1@localhost
    port: int
    dist_port: int
    directory: Path

    def __post_init__(self):
        assert self.name != SHARED_NODE, "never touch the machine's own broker"

    @property
    def uri(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}//"

    def ctl(self, *args: str, timeout: float = 120) -> str:
        return _run(["rabbitmqctl", "-q", "-n", self.name, *args], timeout)

    def prepare(self) -> None:
        for sub in ("mnesia", "log"):
            (self.directory / sub).mkdir(parents=True, exist_ok=True)
        (self.directory / "plugins").write_text("[].\n")
        (self.directory / "rabbitmq.conf").write_text(
            f"listeners.tcp.local = 127.0.0.1:{self.port}\nloopback_users = none\n"
        )
        shutil.chown(self.directory, "rabbitmq", "rabbitmq")
        for path in self.directory.rglob("*"):
            shutil.chown(path, "rabbitmq", "rabbitmq")

    def start(self) -> None:
        """Start (or start again) the node's VM and broker; returns once it serves AMQP."""
        self.launch()
        self.await_listening()

    def launch(self) -> None:
        env = {
            **os.environ,
            "RABBITMQ_NODENAME": self.name,
            "RABBITMQ_CONFIG_FILE": str(self.directory / "rabbitmq.conf"),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(self.directory / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.directory / "log"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.directory / "plugins"),
        }
        # The node also logs to its stdout: a pipe closed after the start would kill it.
        subprocess.run(
            ["rabbitmq-server", "-detached"],
            env=env,
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )

    def await_listening(self) -> None:
        """The AMQP listener opens as the last step of the broker's boot. Polled with a
        socket: each rabbitmqctl call starts an Erlang VM, seconds of CPU on a busy machine."""
        deadline = time.monotonic() + START_TIMEOUT
        while not self.listening():
            if time.monotonic() > deadline:
                raise NodeFailed(f"{self.name} never listened on {self.port}\n{self.log_tail()}")
            time.sleep(0.25)

    def listening(self) -> bool:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 1):
            return True
        return False

    def stop(self) -> None:
        """Stop the whole node (its Erlang VM too), as a crashed or drained server would."""
        self.ctl("stop")

    def running(self) -> bool:
        return self.listening()

    def log_tail(self, size: int = 3000) -> str:
        logs = sorted((self.directory / "log").glob("*.log"))
        return "\n".join(path.read_text(errors="replace")[-size:] for path in logs)


class RabbitCluster:
    """Nodes of one cluster: `uri` lists them all, so clients fail over between them."""

    def __init__(self, nodes: list[Node]):
        self.nodes = nodes

    @property
    def uri(self) -> str:
        # kombu's failover syntax; the services accept it as AMQP_URI (docs/operations.md).
        return ";".join(node.uri for node in self.nodes)

    def node(self, name: str) -> Node:
        return next(node for node in self.nodes if node.name == name)

    def up(self) -> Node:
        return next(node for node in self.nodes if node.running())

    def queues(self) -> list[dict]:
        """Every queue: name, type, messages (ready and unacknowledged), consumers, leader,
        online members, asked of a node that is running."""
        keys = ("name", "type", "messages", "consumers", "leader", "online")
        out = self.up().ctl("list_queues", *keys, "--formatter", "json")
        return json.loads(out or "[]")

    def leaders(self) -> dict[str, str]:
        """Quorum queue name -> the node that leads it."""
        return {q["name"]: q["leader"] for q in self.queues() if q["type"] == "quorum"}

    def consumers(self) -> dict[str, int]:
        return {q["name"]: q["consumers"] for q in self.queues()}

    def join(self, node: Node) -> None:
        node.ctl("stop_app")
        node.ctl("join_cluster", self.nodes[0].name)
        node.ctl("start_app")
        node.await_listening()

    def stop_all(self) -> None:
        for node in self.nodes:
            with contextlib.suppress(Exception):  # tearing down: a node may be down already
                node.stop()


def _run(command: list[str], timeout: float) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise NodeFailed(f"{' '.join(command)} took over {timeout:g} s") from None
    if done.returncode != 0:
        raise NodeFailed(f"{' '.join(command)}: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def _nodes(count: int) -> list[Node]:
    stem = f"mskt-{uuid.uuid4().hex[:6]}"
    return [
        Node(
            f"{stem}-{n}@localhost",
            free_port(),
            free_port(),
            Path(tempfile.mkdtemp(prefix=f"{stem}-{n}-")),
        )
        for n in range(1, count + 1)
    ]


@contextlib.contextmanager
def rabbit_cluster(size: int = 3):
    """Yields a running RabbitCluster of `size` nodes (1: a private broker of its own).

    Every node is stopped and its directory removed afterwards, also when the
    start failed half-way."""
    cluster = RabbitCluster(_nodes(size))
    try:
        for node in cluster.nodes:  # the VMs boot side by side: a third of the wait
            node.prepare()
            node.launch()
        for node in cluster.nodes:
            node.await_listening()
        for node in cluster.nodes[1:]:
            cluster.join(node)
        _check_members(cluster, size)
        yield cluster
    finally:
        cluster.stop_all()
        for node in cluster.nodes:
            shutil.rmtree(node.directory, ignore_errors=True)


def _check_members(cluster: RabbitCluster, size: int) -> None:
    status = json.loads(cluster.nodes[0].ctl("cluster_status", "--formatter", "json"))
    if len(status.get("running_nodes", [])) != size:
        raise NodeFailed(f"the cluster has not got {size} running nodes: {status}")
