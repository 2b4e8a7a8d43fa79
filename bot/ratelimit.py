"""A per-key sliding-window rate limiter; the caller passes the clock so tests need no sleeps."""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass


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
        self._max_keys = max_keys
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()

    def check(self, key: str, now: float) -> RateDecision:
        """Record an attempt by `key` at time `now` and say whether it is allowed."""
        hits = self._hits.get(key)
        if hits is None:
            hits = deque()
            self._hits[key] = hits
            if len(self._hits) > self._max_keys:
                self._hits.popitem(last=False)
        self._hits.move_to_end(key)
        while hits and now - hits[0] >= self._window:
            hits.popleft()
        if len(hits) >= self._count:
            return RateDecision(False, self._window - (now - hits[0]))
        hits.append(now)
        return RateDecision(True)
