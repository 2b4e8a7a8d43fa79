"""The replies written after Slack's acknowledgement: failures logged, a shutdown waits for them."""

from __future__ import annotations

import asyncio

from adapters.slack_bot.reply_tasks import ReplyTasks
from tests.helpers import errors_logged


async def test_a_failed_reply_is_logged_with_its_traceback() -> None:
    """A reply that raises is logged at ERROR, with the exception, and is no longer kept."""

    async def fails() -> None:
        raise ConnectionResetError("peer went away")

    tasks = ReplyTasks()
    with errors_logged("adapters.slack_bot") as errors:
        tasks.spawn(fails())
        assert await tasks.drain(timeout=1.0)
    assert errors.messages() == ["slack: a reply failed (ConnectionResetError)"]
    assert errors.records[0].exc_info is not None
    assert isinstance(errors.records[0].exc_info[1], ConnectionResetError)


async def test_drain_waits_for_replies_started_while_others_finish() -> None:
    """A reply spawned by a reply being drained is waited for too; a cancelled one is no error."""
    done: list[str] = []
    tasks = ReplyTasks()

    async def second() -> None:
        await asyncio.sleep(0.05)
        done.append("second")

    async def first() -> None:
        await asyncio.sleep(0.05)
        tasks.spawn(second())
        done.append("first")

    async def cancelled() -> None:
        raise asyncio.CancelledError

    with errors_logged("adapters.slack_bot") as errors:
        tasks.spawn(first())
        tasks.spawn(cancelled())
        assert await tasks.drain(timeout=2.0)
    assert done == ["first", "second"]
    assert errors.messages() == []


async def test_drain_gives_up_after_its_timeout() -> None:
    """A reply still being written when the timeout passes makes drain return False."""
    release = asyncio.Event()

    async def slow() -> None:
        await release.wait()

    tasks = ReplyTasks()
    tasks.spawn(slow())
    assert not await tasks.drain(timeout=0.05)
    release.set()
    assert await tasks.drain(timeout=1.0)
