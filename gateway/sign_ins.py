"""Whether a person's sign-in still stands, kept by the gateway instead of asked each request.

A token or web session carries the session version it was issued under; it is honoured
while the person is active and their version is the same (leaving, coming back and
setting a new password each raise it). The staff service says so in staff.changed and
staff.left, which every gateway copy hears (a broadcast: each has a queue of its own),
and the gateway that carries out such a change forgets what it knew at once (StaffRpc,
whichever route or page asked), so a leaver is refused on their next request. Asking
staff on every request was a second call for every read.

What was heard is ordered by version, so an answer or event that was overtaken never
brings back an older standing. It is kept for KEEP_FOR only: a gateway that missed an
event (its queue is lost with a broker node) asks again within that time.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from nameko.extensions import DependencyProvider

from gateway.calls import call
from mskpeer.platform.entrypoints import ResilientRpcProxy

KEEP_FOR = 30.0  # seconds
MOST = 20_000  # people remembered: far more than an area's staff


@dataclass(frozen=True)
class Standing:
    version: int
    active: bool
    heard_at: float


class SignIns:
    def __init__(self, keep_for: float = KEEP_FOR, now=time.monotonic, most: int = MOST):
        self.keep_for, self._now, self._most = keep_for, now, most
        self._known: OrderedDict[str, Standing] = OrderedDict()

    def version(self, person_id: str, ask: Callable[[], dict | None]) -> int | None:
        """The version a sign-in must carry, None when they are not active; `ask` the staff
        service ({"version", "active"}, None for nobody) when not known lately."""
        known = self._known.get(person_id)
        if known is None or self._now() - known.heard_at >= self.keep_for:
            state = ask()
            if state is None:
                return None
            self.heard(person_id, state["version"], state["active"])
            known = self._known[person_id]
        return known.version if known.active else None

    def heard(self, person_id: str, version: int, active: bool) -> None:
        known = self._known.get(person_id)
        if known is not None and version < known.version:
            return  # overtaken: a newer standing is already known
        self._known[person_id] = Standing(version, active, self._now())
        self._known.move_to_end(person_id)
        while len(self._known) > self._most:
            self._known.popitem(last=False)

    def heard_event(self, data: dict) -> None:
        """staff.changed or staff.left; one from a staff service too old to say the version
        only makes the gateway ask again."""
        if "session_version" in data:
            self.heard(data["staff_id"], data["session_version"], data["active"])
        else:
            self.forget(data["staff_id"])

    def forget(self, person_id: str) -> None:
        self._known.pop(person_id, None)


def current_version(sign_ins: SignIns, staff, person_id: str) -> int | None:
    """What require_current compares a token's or session's version with."""
    return sign_ins.version(person_id, lambda: call(staff, "sign_in_state", person_id))


class SignInsProvider(DependencyProvider):
    """`self.sign_ins`: one per gateway process, shared by its workers."""

    def setup(self):
        self.sign_ins = SignIns()

    def get_dependency(self, worker_ctx):
        return self.sign_ins


# The staff commands that raise someone's session version, and whom each concerns.
RAISE_THE_VERSION = {
    "deactivate": lambda args, answer: args[0],
    "reactivate": lambda args, answer: args[0],
    "set_password": lambda args, answer: answer["id"],
}


class StaffRpc(ResilientRpcProxy):
    """The gateway's `self.staff`: once a command in RAISE_THE_VERSION has been carried
    out, this copy forgets the person's standing, so it asks staff afresh next time."""

    def __init__(self):
        super().__init__("staff")

    def setup(self):
        super().setup()
        self._sign_ins = next(
            d for d in self.container.dependencies if isinstance(d, SignInsProvider)
        )

    def get_dependency(self, worker_ctx):
        return ForgettingStaff(super().get_dependency(worker_ctx), self._sign_ins.sign_ins)


class ForgettingStaff:
    def __init__(self, proxy, sign_ins: SignIns):
        self._proxy, self._sign_ins = proxy, sign_ins

    def __getattr__(self, name):
        method = getattr(self._proxy, name)
        whom = RAISE_THE_VERSION.get(name)
        if whom is None:
            return method

        def carried_out(*args, **kwargs):
            answer = method(*args, **kwargs)
            self._sign_ins.forget(whom(args, answer))
            return answer

        return carried_out
