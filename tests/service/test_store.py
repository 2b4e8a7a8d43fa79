"""The one bounded store: entries expire after their TTL and the oldest go past the bound."""

from __future__ import annotations

from bot.service.ttl_lru import TtlLru


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_entry_lives_until_its_ttl_passes() -> None:
    """`add` refuses a live key and accepts it again once the TTL has passed."""
    clock = Clock()
    seen: TtlLru[str, bool] = TtlLru(ttl_s=60, max_keys=10, clock=clock)
    assert seen.add("Ev1", True) is True
    clock.now += 59
    assert seen.add("Ev1", True) is False
    clock.now += 2
    assert seen.add("Ev1", True) is True


def test_the_store_is_bounded_and_forgets_the_least_recently_stored() -> None:
    """Past `max_keys` the oldest entries go first; storing again makes a key recent."""
    clock = Clock()
    store: TtlLru[str, int] = TtlLru(ttl_s=600, max_keys=3, clock=clock)
    for i in range(3):
        store.put(f"k{i}", i)
    store.put("k0", 10)  # k0 is now the most recent
    store.put("k3", 3)
    assert len(store) == 3
    assert [store.get(k) for k in ("k0", "k1", "k2", "k3")] == [10, None, 2, 3]


def test_an_explicit_time_overrides_the_clock() -> None:
    """Callers that carry their own time (the service, the limiter) pass `now`."""
    store: TtlLru[str, str] = TtlLru(ttl_s=10, max_keys=5, clock=lambda: 0.0)
    store.put("a", "x", now=100.0)
    assert store.get("a", now=105.0) == "x"
    assert store.get("a", now=111.0) is None
    assert len(store) == 0  # expired entries are dropped, not just hidden
