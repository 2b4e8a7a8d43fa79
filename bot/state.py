"""Conversation state for follow-ups ("and Sudan?"), and a bounded per-conversation store."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ConversationState:
    """What the last answered question was about: enough to resolve a follow-up."""

    entity_id: str | None = None
    intent: str | None = None
    year: int | None = None
    fact_ids: tuple[str, ...] = ()
    score: float = 0.0


class ConversationStore:
    """Keep the latest state per conversation key, forgetting idle or surplus conversations."""

    def __init__(self, ttl_s: float = 900.0, max_keys: int = 10_000) -> None:
        self._ttl = ttl_s
        self._max = max_keys
        self._items: OrderedDict[str, tuple[float, ConversationState]] = OrderedDict()

    def get(self, key: str, now: float) -> ConversationState | None:
        """Return the state kept for `key`, or None if there is none or it has expired."""
        item = self._items.get(key)
        if item is None:
            return None
        stamp, state = item
        if now - stamp > self._ttl:
            del self._items[key]
            return None
        return state

    def put(self, key: str, state: ConversationState, now: float) -> None:
        """Remember `state` for `key` as of `now`."""
        self._items[key] = (now, state)
        self._items.move_to_end(key)
        while len(self._items) > self._max:
            self._items.popitem(last=False)
