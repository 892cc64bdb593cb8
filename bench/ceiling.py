"""The ceiling: a bare nameko @http route calling a no-op @rpc, nothing else.

    python -m bench.ceiling --amqp-uri AMQP_URI --address 127.0.0.1:PORT

By default both services run on one ServiceRunner in this process, as the product's gateway
and services do under `mskpeer run`, with the same nameko config (workers, serializer,
heartbeat); `--part front|backend` runs one of them. Prints READY when serving; stops on
SIGTERM/SIGINT.
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import json  # noqa: E402
import signal  # noqa: E402

from nameko.rpc import RpcProxy, rpc  # noqa: E402
from nameko.runners import ServiceRunner  # noqa: E402
from nameko.web.handlers import http  # noqa: E402

from mskpeer.platform.settings import nameko_config  # noqa: E402


class BenchBackend:
    name = "bench_backend"

    @rpc
    def noop(self):
        return None


class BenchFront:
    name = "bench_front"

    backend = RpcProxy("bench_backend")

    @http("GET", "/rpc")
    def via_rpc(self, request):
        return json.dumps({"result": self.backend.noop()})

    @http("GET", "/ping")
    def ping(self, request):
        return json.dumps({"result": None})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--amqp-uri", required=True)
    parser.add_argument("--address", required=True, help="host:port for the @http route")
    parser.add_argument(
        "--part", choices=("both", "front", "backend"), default="both", help="which to run here"
    )
    args = parser.parse_args()

    config = nameko_config()
    config.update(AMQP_URI=args.amqp_uri, WEB_SERVER_ADDRESS=args.address)
    runner = ServiceRunner(config)
    if args.part in ("both", "backend"):
        runner.add_service(BenchBackend)
    if args.part in ("both", "front"):
        runner.add_service(BenchFront)
    runner.start()
    print("READY", flush=True)

    stopped = eventlet.event.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopped.ready() or stopped.send(True))
    stopped.wait()
    runner.stop()


if __name__ == "__main__":
    main()
