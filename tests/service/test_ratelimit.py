"""The per-user sliding window: who may ask now, and when the refused may ask again."""

from __future__ import annotations

import pytest

from bot.service.ratelimit import RateLimiter


def test_the_window_allows_count_requests_then_says_how_long_to_wait() -> None:
    """Three per 30 s: the fourth is refused with the time until the first leaves."""
    limiter = RateLimiter(3, 30.0)
    assert [limiter.check("u", t).allowed for t in (0.0, 1.0, 2.0)] == [True, True, True]
    refused = limiter.check("u", 10.0)
    assert not refused.allowed
    assert refused.retry_after_s == pytest.approx(20.0)
    assert limiter.check("u", 30.0).allowed  # the first request has left the window


def test_users_are_counted_apart() -> None:
    """One user's burst does not limit another."""
    limiter = RateLimiter(1, 60.0)
    assert limiter.check("a", 0.0).allowed
    assert not limiter.check("a", 1.0).allowed
    assert limiter.check("b", 1.0).allowed


def test_refused_attempts_do_not_count() -> None:
    """Asking again while limited does not push the window further out."""
    limiter = RateLimiter(1, 10.0)
    assert limiter.check("u", 0.0).allowed
    for t in (1.0, 5.0, 9.0):
        assert not limiter.check("u", t).allowed
    assert limiter.check("u", 10.0).allowed


def test_memory_is_bounded_by_max_keys() -> None:
    """A flood of distinct users keeps at most `max_keys` windows; the oldest are forgotten."""
    limiter = RateLimiter(1, 60.0, max_keys=2)
    for user in ("a", "b", "c"):
        assert limiter.check(user, 0.0).allowed
    assert limiter.check("a", 1.0).allowed  # "a" was forgotten, so it starts afresh
    assert not limiter.check("c", 1.0).allowed
