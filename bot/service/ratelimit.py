"""A per-key sliding-window rate limiter; the caller passes the clock so tests need no sleeps."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from bot.service.ttl_lru import TtlLru


@dataclass(frozen=True, slots=True)
class RateDecision:
    """Whether a request may proceed and, if not, how long until it may."""

    allowed: bool
    retry_after_s: float = 0.0


class RateLimiter:
    """Allow at most `count` events per `window_s` seconds for each key."""

    def __init__(self, count: int, window_s: float, max_keys: int = 10_000) -> None:
        self._count = max(1, count)
        self._window = window_s
        # A key idle for a whole window has no hits left to count: it may be forgotten.
        self._hits: TtlLru[str, deque[float]] = TtlLru(window_s, max_keys)

    def check(self, key: str, now: float) -> RateDecision:
        """Record an attempt by `key` at time `now` and say whether it is allowed."""
        hits = self._hits.get(key, now)
        if hits is None:
            hits = deque()
        while hits and now - hits[0] >= self._window:
            hits.popleft()
        self._hits.put(key, hits, now)
        if len(hits) >= self._count:
            return RateDecision(False, self._window - (now - hits[0]))
        hits.append(now)
        return RateDecision(True)
