"""Mail sink: a real SMTP server that saves each message as DIR/<time_ns>-<hex>.eml.

    python -m mskpeer.mailsink --host 127.0.0.1 --port 8025 --dir DIR [--refuse]

aiosmtpd (asyncio + threads) clashes with eventlet's monkey patching, so the server always runs in
its own process; ``MailSink`` starts it and ``read_mailbox`` reads it, both eventlet-safe. It prints
``LISTENING <host> <port>`` when ready (``--port 0`` picks a free port), stops on SIGTERM/SIGINT,
and prepends X-Sink-Received-At (epoch s), X-Sink-Mail-From, X-Sink-Rcpt-To and X-Sink-Peer (the
client's address and port: one per SMTP connection) headers.
Refusal: with ``--refuse``, or while DIR/.refuse exists (checked per message, so tests can toggle
it at run time), every DATA gets 451 and nothing is saved.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from functools import partial
from pathlib import Path

REFUSE_FLAG = ".refuse"
Predicate = Callable[[list["SinkMessage"]], object]


@dataclass(frozen=True)
class SinkMessage:
    path: Path
    mail_from: str
    rcpt_to: tuple[str, ...]
    subject: str
    message_id: str
    headers: dict[str, str]
    text: str
    html: str
    received_at: float


def _parse(path: Path) -> SinkMessage:
    msg = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    headers: dict[str, str] = {}
    for name, value in msg.items():
        headers.setdefault(name, str(value))

    def body(subtype: str) -> str:
        part = msg.get_body(preferencelist=(subtype,))
        # Saved as on the wire (CRLF); callers compare against Python strings, so use \n.
        return part.get_content().replace("\r\n", "\n") if part is not None else ""

    rcpts = str(msg.get("X-Sink-Rcpt-To", "")).split(",")
    return SinkMessage(
        path=path,
        mail_from=str(msg.get("X-Sink-Mail-From", "")),
        rcpt_to=tuple(r.strip() for r in rcpts if r.strip()),
        subject=str(msg.get("Subject", "")),
        message_id=str(msg.get("Message-ID", "")),
        headers=headers,
        text=body("plain"),
        html=body("html"),
        received_at=float(msg.get("X-Sink-Received-At", "0")),
    )


def read_mailbox(directory: str | os.PathLike[str], last: int | None = None) -> list[SinkMessage]:
    """Every saved message in ``directory`` (or the ``last`` few), oldest first. Temp files
    never end in .eml."""
    messages = []
    paths = sorted(Path(directory).glob("*.eml"))
    for path in paths[-last:] if last else paths:
        try:
            messages.append(_parse(path))
        except FileNotFoundError:  # deleted between glob and read (e.g. a test cleaning up)
            continue
    return messages


class _SaveHandler:
    def __init__(self, directory: Path, refuse: bool) -> None:
        self.directory, self.refuse = directory, refuse

    async def handle_DATA(self, server, session, envelope) -> str:  # name fixed by aiosmtpd
        now_ns = time.time_ns()
        if self.refuse or (self.directory / REFUSE_FLAG).exists():
            return "451 4.3.0 Mail sink is refusing mail (test mode)"
        trace = (
            f"X-Sink-Received-At: {now_ns / 1e9:.6f}\r\n"
            f"X-Sink-Mail-From: {envelope.mail_from or ''}\r\n"
            f"X-Sink-Rcpt-To: {', '.join(envelope.rcpt_tos)}\r\n"
            f"X-Sink-Peer: {':'.join(map(str, session.peer[:2]))}\r\n"
        ).encode()
        # Write under a non-.eml temp name, then rename: readers never see half a message.
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".incoming-", suffix=".tmp")
        os.fchmod(fd, 0o644)  # mkstemp's 0600 would hide dev-mode mail from other users/tools
        with os.fdopen(fd, "wb") as f:
            f.write(trace + envelope.original_content)
        os.replace(tmp, self.directory / f"{now_ns}-{uuid.uuid4().hex}.eml")
        return "250 OK saved"


async def _serve(args: argparse.Namespace) -> None:
    from aiosmtpd.smtp import SMTP  # only the server process needs aiosmtpd

    loop = asyncio.get_running_loop()
    handler = _SaveHandler(Path(args.dir), args.refuse)
    # An explicit hostname avoids a slow socket.getfqdn() per connection.
    factory = partial(SMTP, handler, hostname="mailsink", enable_SMTPUTF8=True, loop=loop)
    server = await loop.create_server(factory, args.host, args.port)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if args.stop_on_stdin_eof:
        # MailSink keeps our stdin open; EOF means the parent died, so don't linger as an orphan.
        def watch() -> None:
            # os.read, not sys.stdin: a daemon thread holding its buffer lock stalls exit by 1 s.
            while os.read(sys.stdin.fileno(), 4096):
                pass
            loop.call_soon_threadsafe(stop.set)

        threading.Thread(target=watch, daemon=True).start()
    host, port = server.sockets[0].getsockname()[:2]
    print(f"LISTENING {host} {port}", flush=True)
    async with server:
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="SMTP server saving each message as a file")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025, help="0 picks a free port")
    parser.add_argument("--dir", required=True, help="where .eml files are saved")
    parser.add_argument("--refuse", action="store_true", help="answer 451 to every DATA")
    parser.add_argument("--stop-on-stdin-eof", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    Path(args.dir).mkdir(parents=True, exist_ok=True)
    asyncio.run(_serve(args))


class MailSink:
    """Runs the sink in a child process; usable from eventlet-patched code."""

    def __init__(self, directory: str | os.PathLike[str], host: str = "127.0.0.1", port: int = 0):
        self.directory, self.host, self.port = Path(directory), host, port
        self._proc: subprocess.Popen[bytes] | None = None
        # A saved message never changes, so each is parsed once: tests poll the
        # mailbox every 20 ms in the product's own process, and re-parsing
        # hundreds of messages (invites included) each time starved its workers.
        self._parsed: dict[Path, SinkMessage] = {}

    def start(self, timeout: float = 15.0) -> MailSink:
        if self._proc is not None:
            raise RuntimeError("mail sink already started")
        self.directory.mkdir(parents=True, exist_ok=True)
        # Make `-m mskpeer.mailsink` importable whatever the caller's cwd is.
        path = [str(Path(__file__).resolve().parent.parent), os.environ.get("PYTHONPATH")]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, path))}
        cmd = [
            sys.executable,
            "-m",
            "mskpeer.mailsink",
            "--host",
            self.host,
            "--port",
            str(self.port),
            "--dir",
            str(self.directory),
            "--stop-on-stdin-eof",
        ]
        # stderr is inherited so a start-up traceback shows up in the caller's logs/test output.
        self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        # One select gives a real timeout (green under eventlet); the child writes the whole
        # line in one flush, so readline() won't block. EOF (child died) reads as ''.
        ready = select.select([self._proc.stdout], [], [], timeout)[0]
        line = self._proc.stdout.readline().decode(errors="replace").strip() if ready else ""
        if not line.startswith("LISTENING "):
            proc = self._proc
            self.stop()  # on timeout, SIGTERM shows as exit code -15
            raise RuntimeError(
                f"mail sink did not start (exit code {proc.returncode}, stdout {line!r}); "
                "its stderr has the reason"
            )
        _, self.host, port = line.split()
        self.port = int(port)
        return self

    def messages(self) -> list[SinkMessage]:
        found = []
        for path in sorted(self.directory.glob("*.eml")):
            if path not in self._parsed:
                try:
                    self._parsed[path] = _parse(path)
                except FileNotFoundError:  # deleted between glob and read
                    continue
            found.append(self._parsed[path])
        return found

    def wait_for(self, predicate: Predicate, timeout: float = 10.0) -> list[SinkMessage]:
        deadline = time.monotonic() + timeout
        while True:
            msgs = self.messages()
            if predicate(msgs):
                return msgs
            if time.monotonic() >= deadline:
                seen = "; ".join(f"{m.subject!r} -> {', '.join(m.rcpt_to)}" for m in msgs[-5:])
                raise AssertionError(
                    f"mail sink: condition not met within {timeout}s; "
                    f"{len(msgs)} message(s) arrived{': ' + seen if seen else ''}"
                )
            time.sleep(0.02)

    def refuse(self, on: bool) -> None:
        flag = self.directory / REFUSE_FLAG
        flag.touch() if on else flag.unlink(missing_ok=True)

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with proc:  # Popen.__exit__ closes its pipes and reaps it
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()

    def __enter__(self) -> MailSink:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


if __name__ == "__main__":
    main()
