"""The life of a long-running front end: signals, the knowledge watcher, a clean shutdown.

Every runner (Discord, Slack over Socket Mode or HTTP) does the same around its own serving:

    async with running(knowledge) as stop:
        ...start serving...
        await stop.wait()      # SIGTERM or SIGINT
        ...stop serving...

Meanwhile the fact files are watched and SIGHUP reloads them; invalid edits are refused and
logged, and the last good facts keep serving. On leaving, the watcher is stopped and every
signal handler removed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Final, TypeVar

from bot.infra.reload import KnowledgeHolder, watch

_log = logging.getLogger(__name__)

T = TypeVar("T")

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)

CHECK_EVERY_S: Final = 30.0
"""How often the state store is checked while nothing else uses it."""

Check = Callable[[], Awaitable[object]]


async def check_periodically(check: Check, stop: asyncio.Event, every_s: float) -> None:
    """Run `check` every `every_s` seconds until `stop` (it logs its own failures)."""
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=every_s)
        if not stop.is_set():
            await check()


async def serve_knowledge(knowledge: KnowledgeHolder, stop: asyncio.Event) -> None:
    """Watch the fact files and reload on SIGHUP until `stop` is set."""
    loop = asyncio.get_running_loop()
    pending: set[asyncio.Task[object]] = set()

    def _hup() -> None:
        _log.info("SIGHUP: reloading the fact files")
        task: asyncio.Task[object] = loop.create_task(asyncio.to_thread(knowledge.reload))
        pending.add(task)
        task.add_done_callback(pending.discard)

    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        loop.add_signal_handler(signal.SIGHUP, _hup)
    try:
        await watch(knowledge, stop=stop)
    finally:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.remove_signal_handler(signal.SIGHUP)


@contextlib.asynccontextmanager
async def running(
    knowledge: KnowledgeHolder, check: Check | None = None, check_every_s: float = CHECK_EVERY_S
) -> AsyncIterator[asyncio.Event]:
    """Yield an event set by SIGTERM or SIGINT, with the facts served live meanwhile.

    `check` (the state store's probe) runs every `check_every_s` seconds meanwhile, so a
    failing or replaced store is noticed and logged even when nobody asks anything.
    """
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    watcher = asyncio.create_task(serve_knowledge(knowledge, stop), name="knowledge-watch")
    checker = (
        asyncio.create_task(check_periodically(check, stop, check_every_s), name="store-check")
        if check is not None
        else None
    )
    try:
        yield stop
    finally:
        stop.set()
        await watcher
        if checker is not None:
            await checker
        for sig in STOP_SIGNALS:
            loop.remove_signal_handler(sig)


async def unless_stopped(stop: asyncio.Event, work: Awaitable[T]) -> T | None:
    """Await `work` unless `stop` is set first, in which case cancel it and return None."""
    task = asyncio.ensure_future(work)
    stopping = asyncio.ensure_future(stop.wait())
    await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if task.done():
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return None
