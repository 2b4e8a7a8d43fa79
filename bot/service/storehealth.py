"""The state store's health, and the one rule for calling it: answers never wait on it.

Answering needs neither the rate limiter nor the follow-up state, so the chat service calls
the store through `StoreHealth.call` with a fallback: when the store fails (a corrupt or
read-only SQLite file, a folder that cannot be created, Redis down or hung) the rate limit
fails open, follow-ups are forgotten, and the question is answered anyway. Each call has a
deadline, and once a call has failed the next ones skip the store for `RETRY_AFTER_S` (a
circuit breaker), so a hung store costs one question at most `CALL_TIMEOUT_S` now and then
and the others nothing.

`StoreHealth` remembers whether the last call worked and, while the store fails, logs one line
a minute naming the failure (no traceback: the store's own message says what is wrong). The
readiness endpoint asks `probe`, which makes one real write through the store. Nothing here
reopens anything: each store reconnects by itself on its next call, so recovery needs no
restart.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Final, TypeVar

from bot.service.statestore import StateStore

_log = logging.getLogger(__name__)

T = TypeVar("T")

CALL_TIMEOUT_S: Final = 1.0
"""The longest any answer waits on the store before going on without it."""
RETRY_AFTER_S: Final = 5.0
"""After a failure, calls go without the store this long before one tries it again."""
LOG_EVERY_S: Final = 60.0
"""While the store fails, one log line per this many seconds (per kind of failure)."""
PROBE_KEY: Final = "\x00readiness"
"""The rate-limit key the readiness probe writes (no user key starts with NUL)."""


def describe(error: BaseException) -> str:
    """Return a short name for a store failure: its type and first line, no traceback."""
    text = str(error).strip().splitlines()[0][:160] if str(error).strip() else ""
    name = type(error).__name__
    return f"{name}: {text}" if text else name


class LogLimiter:
    """Let one log line per kind through per interval; count the ones held back."""

    def __init__(
        self, every_s: float = LOG_EVERY_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._every = every_s
        self._clock = clock
        self._last: dict[str, float] = {}
        self._held: dict[str, int] = {}

    def allow(self, kind: str) -> int | None:
        """Return how many lines of `kind` were held back since the last one, or None to hold."""
        now = self._clock()
        last = self._last.get(kind)
        if last is not None and now - last < self._every:
            self._held[kind] = self._held.get(kind, 0) + 1
            return None
        self._last[kind] = now
        return self._held.pop(kind, 0)

    def reset(self) -> None:
        """Forget every kind, so the next failure is logged at once."""
        self._last.clear()
        self._held.clear()


class StoreHealth:
    """Whether the state store works, from the calls made through it."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        timeout_s: float = CALL_TIMEOUT_S,
        log_every_s: float = LOG_EVERY_S,
        retry_after_s: float = RETRY_AFTER_S,
    ) -> None:
        self._clock = clock
        self._timeout = timeout_s
        self._retry_after = retry_after_s
        self._failed_at = float("-inf")
        self._logs = LogLimiter(log_every_s, clock)
        self.problem = ""
        """What failed last ("" while the store works)."""
        self.failing_since: float | None = None

    @property
    def ok(self) -> bool:
        """Return True unless the last call through the store failed."""
        return self.failing_since is None

    async def call(
        self,
        operation: str,
        work: Coroutine[object, object, T],
        fallback: T,
        *,
        force: bool = False,
    ) -> T:
        """Return what `work` returns, or `fallback` if the store fails or takes too long.

        Shortly after a failure `work` is not even started (unless `force`): `fallback` at once.
        """
        if not force and self._clock() - self._failed_at < self._retry_after:
            work.close()  # never started: nothing to await
            return fallback
        try:
            result = await asyncio.wait_for(work, self._timeout)
        except Exception as error:  # every store failure: the question goes on without it
            self.failed(operation, error)
            return fallback
        self.succeeded()
        return result

    def failed(self, operation: str, error: BaseException) -> None:
        """Note a failed store call; log it unless the same kind was logged within a minute."""
        problem = describe(error) if not isinstance(error, TimeoutError) else "no reply in time"
        self._failed_at = self._clock()
        if self.failing_since is None:
            self.failing_since = self._failed_at
        self.problem = f"{operation}: {problem}"
        held = self._logs.allow(type(error).__name__)  # a kind: the message varies (ports…)
        if held is not None:
            _log.error(
                "state store failing (%s on %s); answering without rate limits and follow-ups%s",
                problem,
                operation,
                f" ({held} more failures since the last line)" if held else "",
            )

    def succeeded(self) -> None:
        """Note a working store call; log the recovery if it was failing."""
        if self.failing_since is None:
            return
        _log.warning(
            "state store works again after %.0f s (%s)",
            self._clock() - self.failing_since,
            self.problem,
        )
        self.failing_since = None
        self._failed_at = float("-inf")
        self.problem = ""
        self._logs.reset()

    async def probe(self, store: StateStore, now: float) -> bool:
        """Make one real write through `store` (a rate-limit hit); return whether it worked."""
        marker = object()
        probe = store.hit(PROBE_KEY, now, 1 << 30, 1.0)
        result = await self.call("readiness", probe, marker, force=True)
        return result is not marker
