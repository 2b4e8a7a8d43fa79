"""The one bounded store of the service layer: least recently used keys go first, and
entries expire a fixed time after they were last stored.

Conversation state, rate-limit windows, Slack's retried-event and share caches all keep their
data here, so bounding and expiring memory is written (and tested) once. Not thread-safe on
its own: callers that share one across threads hold their own lock.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class TtlLru(Generic[K, V]):
    """A map of at most `max_keys` entries, each forgotten `ttl_s` seconds after it was put."""

    def __init__(
        self, ttl_s: float, max_keys: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._ttl = ttl_s
        self._max = max(1, max_keys)
        self._clock = clock
        self._items: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: K, now: float | None = None) -> V | None:
        """Return the live value stored under `key`, or None."""
        self._expire(self._clock() if now is None else now)
        item = self._items.get(key)
        return None if item is None else item[1]

    def put(self, key: K, value: V, now: float | None = None) -> None:
        """Store `value` under `key` as of `now`, forgetting the oldest keys past the bound."""
        stamp = self._clock() if now is None else now
        self._expire(stamp)
        self._items[key] = (stamp, value)
        self._items.move_to_end(key)
        while len(self._items) > self._max:
            self._items.popitem(last=False)

    def add(self, key: K, value: V, now: float | None = None) -> bool:
        """Store `value` unless `key` holds a live entry; return True if it was stored."""
        if self.get(key, now) is not None:
            return False
        self.put(key, value, now)
        return True

    def _expire(self, now: float) -> None:
        # Entries are in storing order, so the expired ones are all at the front.
        cutoff = now - self._ttl
        while self._items:
            stamp = next(iter(self._items.values()))[0]
            if stamp > cutoff:
                break
            self._items.popitem(last=False)
