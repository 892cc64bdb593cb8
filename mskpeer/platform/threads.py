"""CPU work that must leave the eventlet hub (CP-SAT, argon2) runs in a real thread.

A real thread must never wait for a lock that eventlet has made green: nothing
would ever wake it. Our own code in such a thread takes none, but the garbage
collector runs finalizers in whichever thread happens to set off a collection,
and a finalizer may take one (a connection pool's, a logger's). So the collector
is paused while any such thread runs; the hub thread collects again once the
last one has returned. Work that needs a large library (matplotlib) goes to a
child process instead: see services/outcomes/chart_drawer.py.
"""

from __future__ import annotations

import gc

import eventlet.tpool

# Counted on the hub's own thread only: every caller is a green thread of it.
_running = 0


def in_a_thread(work, *args):
    global _running
    if _running == 0:
        gc.disable()
    _running += 1
    try:
        return eventlet.tpool.execute(work, *args)
    finally:
        _running -= 1
        if _running == 0:
            gc.enable()
