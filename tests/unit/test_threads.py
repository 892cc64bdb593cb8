"""Work in a real thread runs with the garbage collector paused, so no finalizer runs there
(one that waits for a green lock would wait for ever), and the collector is back after."""

import gc

import eventlet
import eventlet.patcher
import pytest

from mskpeer.platform.threads import in_a_thread


def test_no_collection_while_the_work_runs_and_collections_again_after():
    assert in_a_thread(gc.isenabled) is False
    assert gc.isenabled()


def test_the_collector_waits_for_the_last_of_two_overlapping_pieces_of_work():
    # A real event (not the green one monkey-patching gives): it is waited on in a real thread.
    first_may_end = eventlet.patcher.original("threading").Event()

    def first():
        first_may_end.wait(10)
        return gc.isenabled()

    running = eventlet.spawn(in_a_thread, first)
    eventlet.sleep(0.05)
    assert in_a_thread(gc.isenabled) is False, "the second ended while the first still ran"
    assert not gc.isenabled()
    first_may_end.set()
    assert running.wait() is False
    assert gc.isenabled()


def test_work_that_fails_leaves_the_collector_on():
    def failing():
        raise ValueError("no plan")

    with pytest.raises(ValueError, match="no plan"):
        in_a_thread(failing)
    assert gc.isenabled()
