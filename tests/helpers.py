"""Helpers every test module shares: the one shipped engine, waiting, and error capture."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Callable, Iterator

from bot.config import shipped_knowledge_dir
from bot.engine import Engine

WAIT_S = 5.0
"""How long a test waits for something asynchronous before it fails."""


@functools.cache
def shipped_engine() -> Engine:
    """Return the engine over the shipped fact base, built once per test run."""
    return Engine.from_dir(shipped_knowledge_dir())


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
