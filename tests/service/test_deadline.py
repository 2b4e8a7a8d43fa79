"""The core off the event loop under one reply budget: quick answers now, slow ones later."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from bot.service.deadline import REPLY_BUDGET_S, CoreRunner


async def test_a_quick_call_is_returned_within_the_budget() -> None:
    """A call that finishes in time is returned by `wait`."""
    runner = CoreRunner(1.0)
    try:
        assert await runner.wait(runner.submit(lambda: 42)) == 42
    finally:
        runner.close()


async def test_a_slow_call_is_late_but_keeps_running() -> None:
    """Past the budget `wait` returns None; the work finishes and can be awaited later."""
    runner = CoreRunner(0.05)
    release = threading.Event()
    try:
        work = runner.submit(lambda: release.wait(5) and "late answer")
        assert await runner.wait(work) is None
        release.set()
        assert await work == "late answer"
    finally:
        runner.close()


async def test_calls_run_one_at_a_time_off_the_event_loop() -> None:
    """Every call runs on the one worker thread, never on the loop's, and never two at once."""
    runner = CoreRunner()
    seen: list[str] = []
    running = 0
    overlap = False

    def call() -> None:
        nonlocal running, overlap
        running += 1
        overlap = overlap or running > 1
        seen.append(threading.current_thread().name)
        time.sleep(0.01)
        running -= 1

    try:
        await asyncio.gather(*(runner.run(call) for _ in range(5)))
    finally:
        runner.close()
    assert not overlap
    assert len(set(seen)) == 1 and seen[0] != threading.current_thread().name


async def test_an_exception_of_the_work_is_raised_by_wait() -> None:
    """The runner hides nothing: a failing call raises where it is awaited."""
    runner = CoreRunner()

    def boom() -> None:
        raise ValueError("boom")

    try:
        with pytest.raises(ValueError, match="boom"):
            await runner.wait(runner.submit(boom))
    finally:
        runner.close()


def test_the_budget_leaves_room_under_the_platforms_three_seconds() -> None:
    """Both platforms allow 3 s; the one budget leaves network headroom."""
    assert 0 < REPLY_BUDGET_S <= 2.5
