"""Helpers every test module shares: the frozen facts and their engine, waiting, error capture.

The engine, service and adapter tests run on `tests/facts/`, a frozen copy of the fact base
(refreshed only by `python3 -m tests.freeze_facts`), so a maintainer's fact update never breaks
a test that pins behaviour. Only the fact tests (`-m facts`: the golden tables and the content
checks) read the served facts, the shipped ones unless KNOWLEDGE_DIR names a folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from bot.config import Settings
from bot.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
"""The checkout: child processes import `tests` from it, but never run in it."""

FACTS_DIR = Path(__file__).resolve().parent / "facts"
"""The frozen copy of the fact base the tests run on."""


def served_facts_dir() -> Path:
    """Return the facts the fact tests check: `KNOWLEDGE_DIR` when set, else the shipped ones
    (so `KNOWLEDGE_DIR=DIR pytest -m facts` checks an edited copy)."""
    return Settings.from_env().knowledge_dir


WAIT_S = 5.0
"""How long a test waits for something asynchronous before it fails."""


@functools.cache
def facts_engine() -> Engine:
    """Return the engine over the frozen facts (`tests/facts/`), built once per test run."""
    return Engine.from_dir(FACTS_DIR)


def child_env(environ: Mapping[str, str], **extra: str) -> dict[str, str]:
    """Return `environ` for a child process: the checkout importable, the frozen facts served
    (unless `extra` names a KNOWLEDGE_DIR), and `extra` on top."""
    path = [str(ROOT), *filter(None, [environ.get("PYTHONPATH", "")])]
    return {
        **environ,
        "PYTHONPATH": os.pathsep.join(path),
        "KNOWLEDGE_DIR": str(FACTS_DIR),
        **extra,
    }


async def until(check: Callable[[], bool], what: str, timeout: float = WAIT_S) -> None:
    """Poll `check()` every 20 ms until it holds; fail naming `what` after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        assert loop.time() < deadline, f"{what} did not happen within {timeout} s"
        await asyncio.sleep(0.02)


class ErrorRecords(logging.Handler):
    """Collects every record at ERROR or above."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record."""
        self.records.append(record)

    def messages(self) -> list[str]:
        """Return the messages logged so far."""
        return [r.getMessage() for r in self.records]


@contextlib.contextmanager
def errors_logged(*names: str) -> Iterator[ErrorRecords]:
    """Collect what the loggers `names` (default: the bot's and the adapters') log at ERROR.

    A test that only checks what comes back passes when a catch-all swallows every failure;
    asserting that nothing was logged at ERROR makes it fail instead.
    """
    handler = ErrorRecords()
    loggers = [logging.getLogger(name) for name in names or ("bot", "adapters")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


UNPRIVILEGED_UID = 65534
"""The user a test runs a child as when the tests run as root (`nobody`), since root reads and
writes through any chmod."""


def unprivileged() -> Callable[[], None] | None:
    """Return what drops a child to `nobody` when the tests run as root (None otherwise), or
    skip the test when `nobody` cannot run this interpreter at all (a virtualenv inside a
    folder only root may enter): the test would fail on the setup, not on what it checks."""
    if os.geteuid() != 0:
        return None

    def drop() -> None:
        os.setuid(UNPRIVILEGED_UID)

    try:
        subprocess.run([sys.executable, "-c", ""], preexec_fn=drop, check=True, timeout=60)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("an unprivileged user cannot run this interpreter here")
    return drop
