"""A part of the system that stops answering during a meeting costs a 503, not a hung page."""

import time

import eventlet
import pytest

from gateway import calls
from gateway.calls import call
from gateway.web import ServiceUnavailable


class SilentService:
    def get_case(self, *args):
        eventlet.sleep(30)  # a service that will not answer in time


def test_a_silent_service_becomes_a_503_within_the_rpc_timeout(monkeypatch):
    monkeypatch.setattr(calls, "RPC_TIMEOUT", 0.2)
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable):
        call(SilentService(), "get_case", "a-case")
    assert time.monotonic() - started < 2
