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
    """A map of at most `max_keys` entries, each forgotten `ttl_s` seconds after it was put.

    An entry may be given its own lifetime when it is put; it is never returned after it.
    """

    def __init__(
        self, ttl_s: float, max_keys: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._ttl = ttl_s
        self._max = max(1, max_keys)
        self._clock = clock
        self._items: OrderedDict[K, tuple[float, V]] = OrderedDict()  # key -> (expiry, value)

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: K, now: float | None = None) -> V | None:
        """Return the live value stored under `key`, or None."""
        stamp = self._clock() if now is None else now
        self._expire(stamp)
        item = self._items.get(key)
        return None if item is None or item[0] <= stamp else item[1]

    def put(self, key: K, value: V, now: float | None = None, ttl_s: float | None = None) -> None:
        """Store `value` under `key` as of `now`, forgetting the oldest keys past the bound."""
        stamp = self._clock() if now is None else now
        self._expire(stamp)
        self._items.pop(key, None)
        self._items[key] = (stamp + (self._ttl if ttl_s is None else ttl_s), value)
        while len(self._items) > self._max:
            self._items.popitem(last=False)

    def add(self, key: K, value: V, now: float | None = None, ttl_s: float | None = None) -> bool:
        """Store `value` unless `key` holds a live entry; return True if it was stored."""
        if self.get(key, now) is not None:
            return False
        self.put(key, value, now, ttl_s)
        return True

    def pop(self, key: K) -> V | None:
        """Forget `key`; return what it held, live or not."""
        item = self._items.pop(key, None)
        return None if item is None else item[1]

    def _expire(self, now: float) -> None:
        # Entries are in storing order; with one lifetime for all, the expired ones are all at
        # the front. An entry given a longer lifetime holds back the ones behind it until the
        # bound or its own expiry removes it: memory stays bounded either way.
        while self._items:
            expiry = next(iter(self._items.values()))[0]
            if expiry > now:
                break
            self._items.popitem(last=False)
