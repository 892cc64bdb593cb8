# Green threads before anything imports socket or threading: nameko runs on eventlet.
import eventlet

eventlet.monkey_patch()

from mskpeer.platform import errors  # noqa: E402,F401  (our user errors cross RPC as themselves)
