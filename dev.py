#!/usr/bin/env python3
"""Set up and run Accords Bot with nothing but Python 3.11+.

    python3 dev.py run    start the bot: the console chat when no platform token is set
    python3 dev.py test   the whole gate: ruff, mypy, fact check, and the test suite

Each command creates `.venv` and installs the project into it when needed (again whenever
pyproject.toml changes), then runs inside it. Extra arguments are passed on.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"


def _ensure_env() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036  # say so plainly when run by an old Python
        sys.exit("accords-bot needs Python 3.11 or newer")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and (BIN / "accords-bot").exists():
        return
    if not (BIN / "python").exists():
        print("creating .venv …", flush=True)
        venv.create(VENV, with_pip=True)
    print("installing accords-bot and its dependencies into .venv …", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted)


def _ensure_redis_server() -> None:
    """Install redis-server for the Redis tests when it is missing and it can (Debian's
    package, as root); otherwise say that those tests will be skipped."""
    if shutil.which("redis-server"):
        return
    apt = shutil.which("apt-get")
    if apt is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        print(
            "redis-server is missing and cannot be installed here (not root, or no apt-get): "
            "the Redis tests will be skipped; `apt-get install redis-server` runs them",
            flush=True,
        )
        return
    print("installing redis-server for the Redis tests …", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([apt, "update", "-qq"], check=False, stdout=subprocess.DEVNULL, env=env)
    subprocess.run(
        [apt, "install", "-y", "-qq", "--no-install-recommends", "redis-server"],
        check=True,
        stdout=subprocess.DEVNULL,
        env=env,
    )


def _run(*cmd: str) -> int:
    print("+ " + " ".join(cmd), flush=True)
    return subprocess.call(cmd, cwd=ROOT)


def main(argv: list[str]) -> int:
    """Dispatch `run` or `test`."""
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__)
        return 2
    _ensure_env()
    tool = lambda name: str(BIN / name)  # noqa: E731
    if argv[0] == "run":
        os.execv(tool("accords-bot"), [tool("accords-bot"), "run", *argv[1:]])
    _ensure_redis_server()
    steps = [
        [tool("ruff"), "check", "."],
        [tool("ruff"), "format", "--check", "."],
        [tool("mypy")],
        [tool("accords-bot"), "check"],
        [tool("python"), "-m", "pytest", *argv[1:]],
    ]
    for step in steps:
        code = _run(*step)
        if code != 0:
            print(f"FAILED: {' '.join(step)} (exit {code})", flush=True)
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
