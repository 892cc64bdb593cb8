# Green threads before anything imports socket or threading: nameko runs on eventlet.
#
# Not for a run of the browser tests alone: Playwright's sync API hangs under
# eventlet's monkey-patching (its event listeners and its watch on the browser
# process never return), so those tests drive the product in a process of its own.
import signal
import sys
from pathlib import Path

import eventlet
import pytest

BROWSER_TESTS = Path(__file__).resolve().parent / "tests" / "browser"


def _only_browser_tests(argv: list[str]) -> bool:
    given = [Path(arg.split("::")[0]).resolve() for arg in argv[1:] if not arg.startswith("-")]
    paths = [path for path in given if path.exists()]  # not the values of options (-k words)
    return bool(paths) and all(path.is_relative_to(BROWSER_TESTS) for path in paths)


if not _only_browser_tests(sys.argv):
    eventlet.monkey_patch()

from mskpeer.platform import errors  # noqa: E402,F401  (our user errors cross RPC as themselves)


@pytest.hookimpl(tryfirst=True)
def pytest_timeout_set_timer(item, settings):
    """Fail a hung test by SIGALRM, with its stack, and go on to the next.

    pytest-timeout uses the signal only from the main thread, and under eventlet's
    monkey-patching `threading.current_thread()` is never the main thread, so it
    falls back to a timer thread that prints only its own stack and ends the whole run.
    """
    from pytest_timeout import timeout_sigalrm

    def cancel():
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)

    item.cancel_timeout = cancel
    signal.signal(signal.SIGALRM, lambda signum, frame: timeout_sigalrm(item, settings))
    signal.setitimer(signal.ITIMER_REAL, settings.timeout)
    return True
