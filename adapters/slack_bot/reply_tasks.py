"""The replies the Slack app writes after acknowledging: tasks kept until they finish.

Every listener acknowledges within Slack's 3 seconds; whatever is slower (posting to a
thread, a button's reply, filing a report) runs in a task kept here, so a failure is logged
and a shutdown can wait for the replies already being written.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, Final

_log = logging.getLogger(__name__)

DRAIN_S: Final = 5.0
"""How long a SIGTERM waits for replies already being written."""


class ReplyTasks:
    """The replies still being written, each in its own task."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def spawn(self, reply: Coroutine[Any, Any, None]) -> None:
        """Run a reply after the acknowledgement, in a task kept until it finishes."""
        task = asyncio.ensure_future(reply)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            _log.error("slack: a reply failed (%s)", type(error).__name__, exc_info=error)

    async def drain(self, timeout: float = DRAIN_S) -> bool:
        """Wait until no reply is being written; return False if `timeout` passed first."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._tasks:  # replies may start while earlier ones finish
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            await asyncio.wait(set(self._tasks), timeout=remaining)
        return True
