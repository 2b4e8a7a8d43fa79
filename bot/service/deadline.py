"""Running the core off the event loop, under the platforms' acknowledgement deadline.

Discord wants an interaction answered (or deferred) within 3 seconds, Slack a request
acknowledged within 3 seconds. Both front ends hand every core call to one `CoreRunner`:
one worker thread, so the event loop keeps its heartbeats and acknowledgements while the core
works, and calls run one at a time in arrival order (a burst queues instead of piling up
threads). `wait` gives the caller the answer if it is ready within the budget, else None, and
the work carries on for the caller to send later ("thinking…" on Discord, "Looking that up…"
on Slack).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Final, TypeVar

T = TypeVar("T")

REPLY_BUDGET_S: Final = 2.0
"""How long a reply may wait for the core before the platform is told to wait. Both platforms
allow 3 s; the rest is headroom for the network."""


class CoreRunner:
    """One worker thread for a front end's core calls, and the deadline to wait for them."""

    def __init__(self, budget_s: float = REPLY_BUDGET_S) -> None:
        self.budget_s = budget_s
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="accords-core")

    def submit(self, call: Callable[[], T]) -> asyncio.Future[T]:
        """Start `call` on the worker; must be called from the running event loop."""
        return asyncio.get_running_loop().run_in_executor(self._executor, call)

    async def run(self, call: Callable[[], T]) -> T:
        """Run `call` on the worker and return its result, however long it takes."""
        return await self.submit(call)

    async def wait(self, work: asyncio.Future[T], budget_s: float | None = None) -> T | None:
        """Return `work`'s result if it is ready within the budget, else None (it keeps running).

        Exceptions of the work are raised here, as they would be by awaiting it.
        """
        try:
            return await asyncio.wait_for(
                asyncio.shield(work), self.budget_s if budget_s is None else budget_s
            )
        except TimeoutError:
            return None

    def close(self) -> None:
        """Stop the worker; calls not yet started are cancelled."""
        self._executor.shutdown(wait=False, cancel_futures=True)
