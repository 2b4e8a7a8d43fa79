"""The in-memory state store's own promise: bounded memory, the least recent key going first.

What every store promises (expiry, sliding windows, subscriptions, versions) is checked against
all three stores in `tests/infra/test_stores.py`; this is what only the memory store adds.
"""

from __future__ import annotations

from bot.service.statestore import MemoryStore


async def test_conversations_past_the_bound_forget_the_least_recently_saved() -> None:
    """Saving a fourth conversation into room for three drops the one saved longest ago."""
    store = MemoryStore(max_keys=3)
    for key in ("a", "b", "c"):
        await store.save_conversation(key, f"state {key}", now=0.0, ttl_s=60)
    await store.save_conversation("a", "state a again", now=1.0, ttl_s=60)
    await store.save_conversation("d", "state d", now=2.0, ttl_s=60)
    assert await store.load_conversation("b", now=3.0) is None
    assert await store.load_conversation("a", now=3.0) == "state a again"
    assert await store.load_conversation("c", now=3.0) == "state c"
    assert await store.load_conversation("d", now=3.0) == "state d"


async def test_rate_limit_keys_past_the_bound_forget_the_least_recent_asker() -> None:
    """A key pushed out of the bound starts with a fresh window; a recent one keeps its count."""
    store = MemoryStore(max_keys=2)
    assert await store.hit("a", now=0.0, count=1, window_s=60) == 0.0
    assert await store.hit("b", now=1.0, count=1, window_s=60) == 0.0
    assert await store.hit("a", now=2.0, count=1, window_s=60) == 58.0
    assert await store.hit("c", now=3.0, count=1, window_s=60) == 0.0
    assert await store.hit("b", now=4.0, count=1, window_s=60) == 0.0
    assert await store.hit("c", now=5.0, count=1, window_s=60) == 58.0


async def test_deliveries_past_the_bound_forget_the_oldest_seen() -> None:
    """Only the oldest delivery key is forgotten when a new one would exceed the bound."""
    store = MemoryStore(max_keys=2)
    assert await store.first_delivery(["e1"], now=0.0, ttl_s=60)
    assert await store.first_delivery(["e2"], now=1.0, ttl_s=60)
    assert await store.first_delivery(["e3"], now=2.0, ttl_s=60)
    assert not await store.first_delivery(["e2"], now=3.0, ttl_s=60)
    assert await store.first_delivery(["e1"], now=4.0, ttl_s=60)
