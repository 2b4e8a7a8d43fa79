"""A real `redis-server` on 127.0.0.1, on a free port, for the tests that need one.

`python3 dev.py test` installs the server when it is missing and it can (Debian's
`redis-server`, as root). Where it cannot, the tests that need one are skipped with one line
saying how to get it; under CI (`CI` set, as `.ci/run` does) a missing server fails them, so
CI always runs them.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator

START_S = 10.0
MISSING = (
    "redis-server is not installed: `apt-get install redis-server` (or `brew install redis`), "
    "or run `python3 dev.py test` as root, which installs it"
)


def redis_binary(*, required: bool) -> str | None:
    """Return the redis-server to run; None when it is missing and not `required`."""
    binary = shutil.which("redis-server")
    assert binary or not required, MISSING
    return binary


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def redis_server(port: int | None = None) -> Iterator[str]:
    """Run a throwaway redis-server (on `port`, else a free one) and yield its URL; stop it on
    leaving."""
    with redis_process(port) as (url, _):
        yield url


@contextlib.contextmanager
def redis_process(port: int | None = None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Run a throwaway redis-server and yield its URL and process (to stop or kill it)."""
    binary = redis_binary(required=True)
    assert binary is not None
    port = port or free_port()
    with tempfile.TemporaryDirectory(prefix="accords-redis-") as folder:
        process = subprocess.Popen(
            [
                binary,
                "--bind", "127.0.0.1",
                "--port", str(port),
                "--save", "",
                "--appendonly", "no",
                "--dir", folder,
                "--protected-mode", "yes",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + START_S
            while True:
                with (
                    contextlib.suppress(OSError),
                    socket.create_connection(("127.0.0.1", port), timeout=0.2) as conn,
                ):
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        break
                assert process.poll() is None, "redis-server exited at start"
                assert time.monotonic() < deadline, "redis-server did not start in time"
                time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0", process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGCONT)  # a test may have stopped it
                process.terminate()
            process.wait(timeout=10)
