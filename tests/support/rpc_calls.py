"""Every RPC the product makes, grouped by the HTTP request that led to it.

nameko carries a call-id stack from each entrypoint down every RPC it makes, so a call
the cases service makes to scheduling while answering the gateway's `get_case` has the
gateway's request at the root of its stack. Counting at the RPC proxy, in every part of
the product, counts what a request really costs (not only the gateway's own calls).
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator

from nameko.rpc import MethodProxy


class Calls:
    def __init__(self):
        self.by_request: dict[str, list[str]] = defaultdict(list)

    def requests(self, entrypoint: str) -> list[list[str]]:
        """The calls of each request the gateway answered with `entrypoint`, in order."""
        prefix = f"gateway.{entrypoint}."
        return [calls for root, calls in self.by_request.items() if root.startswith(prefix)]


@contextlib.contextmanager
def counting() -> Iterator[Calls]:
    calls = Calls()
    original = MethodProxy._call

    def counted(proxy, *args, **kwargs):
        stack = proxy.worker_ctx.call_id_stack or ["?"]
        calls.by_request[stack[0]].append(f"{proxy.service_name}.{proxy.method_name}")
        return original(proxy, *args, **kwargs)

    MethodProxy._call = counted
    try:
        yield calls
    finally:
        MethodProxy._call = original
