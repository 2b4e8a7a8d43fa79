"""Run the real bot (real discord.py, real core) against `FakeDiscord`, with nothing able to hang.

    async with running_bot() as bot:
        interaction = await bot.fake.slash("members")
        body = await bot.answer(interaction)

`pointed_at(fake)` is the only redirection: it sets `discord.http.Route.BASE` and
`DiscordWebSocket.DEFAULT_GATEWAY` for the duration and restores them; production code has
no test hooks. Every wait is bounded and also watches the client task, so a crash inside
discord.py (a payload it cannot parse) fails the test at once instead of hanging it.
Errors logged by discord.py or the adapter fail the test too.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from collections.abc import AsyncIterator, Awaitable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import discord
import discord.gateway
import discord.http

from adapters.discord_bot import BotClient, build_client, sync_commands
from bot.config import Settings
from bot.engine import Engine
from bot.infra.reportlog import ReportLog
from bot.service import ChatService, ServiceLimits
from tests.fakes.discord_server import JSON, FakeDiscord, FakeInteraction
from tests.helpers import FACTS_DIR, ErrorRecords, errors_logged, facts_engine

T = TypeVar("T")

STEP_TIMEOUT_S = 5.0


def make_service(limits: ServiceLimits | None = None, engine: Engine | None = None) -> ChatService:
    """Return a fresh chat service (its own rate limits and follow-ups) over the engine."""
    chosen = engine or facts_engine()
    return ChatService(lambda: chosen, limits or ServiceLimits(rate_count=1000))


@contextlib.contextmanager
def pointed_at(fake: FakeDiscord) -> Iterator[None]:
    """Point discord.py's REST base and default gateway at `fake`, then restore them."""
    route = discord.http.Route
    socket = discord.gateway.DiscordWebSocket
    saved = (route.BASE, socket.DEFAULT_GATEWAY)
    route.BASE = fake.api_base
    socket.DEFAULT_GATEWAY = fake.gateway_url
    try:
        yield
    finally:
        route.BASE, socket.DEFAULT_GATEWAY = saved


@dataclass
class BotUnderTest:
    """The fake Discord, the running client, and bounded ways to wait on both."""

    fake: FakeDiscord
    client: BotClient
    task: asyncio.Task[None]
    errors: ErrorRecords = field(default_factory=ErrorRecords)

    async def within(self, awaitable: Awaitable[T], timeout: float = STEP_TIMEOUT_S) -> T:
        """Await `awaitable`, failing fast if the client dies and after `timeout` seconds."""
        step: asyncio.Future[T] = asyncio.ensure_future(awaitable)
        watched: set[asyncio.Future[Any]] = {step, self.task}
        done, _ = await asyncio.wait(watched, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        if step in done:
            return step.result()
        step.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await step
        if self.task in done:
            raise AssertionError(f"the client stopped: {self.task.exception()!r}")
        raise AssertionError(f"timed out after {timeout} s; fake problems: {self.fake.problems}")

    async def answer(self, interaction: FakeInteraction, timeout: float = STEP_TIMEOUT_S) -> JSON:
        """Wait for the initial response to `interaction` and return its callback body."""
        await self.within(interaction.responded.wait(), timeout)
        return interaction.response

    async def settle(self, check: Any, timeout: float = STEP_TIMEOUT_S) -> None:
        """Wait until `check()` holds."""
        await self.within(self.fake.wait_until(check, timeout + 1), timeout)


async def start_client(client: BotClient, fake: FakeDiscord) -> asyncio.Task[None]:
    """Start `client` as a task and wait until the fake has it connected (or it crashes)."""
    # discord.py waits 5 s between two shards' IDENTIFYs (Discord's identify rate limit).
    timeout = STEP_TIMEOUT_S + 5.5 * (fake.shard_count - 1)
    task = asyncio.create_task(client.start(FakeDiscord.TOKEN), name="client-under-test")
    ready = asyncio.ensure_future(fake.wait_ready(timeout + 1))
    watched: set[asyncio.Future[Any]] = {task, ready}
    done, _ = await asyncio.wait(watched, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    if ready not in done:
        ready.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await ready
        reason = task.exception() if task.done() else "timeout"
        raise AssertionError(f"the client never became ready ({reason!r}): {fake.problems}")
    ready.result()
    await asyncio.wait_for(client.wait_until_ready(), STEP_TIMEOUT_S)
    return task


async def register_commands(settings: Settings, guild_id: int | None = None) -> None:
    """Register the commands with a separate short-lived client, as `--sync` does."""
    client = build_client(settings, make_service())
    async with client:
        await asyncio.wait_for(client.login(FakeDiscord.TOKEN), STEP_TIMEOUT_S)
        await asyncio.wait_for(sync_commands(client, guild_id), STEP_TIMEOUT_S)


@contextlib.asynccontextmanager
async def running_bot(
    *,
    service: ChatService | None = None,
    settings: Settings | None = None,
    reports: ReportLog | None = None,
    shards: int = 1,
    reply_budget_s: float = 2.0,
    sync: bool = True,
    fake: FakeDiscord | None = None,
    check_errors: bool = True,
) -> AsyncIterator[BotUnderTest]:
    """Run the bot against a fresh fake Discord; check for problems and errors on the way out.

    Unless `settings` or `reports` say otherwise, reports go to a log in a temporary directory.
    """
    fake = fake or FakeDiscord(shards=shards)
    async with fake, contextlib.AsyncExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        settings = settings or Settings(
            knowledge_dir=FACTS_DIR,
            discord_token=FakeDiscord.TOKEN,
            discord_shard_count=shards if shards > 1 else None,
            reports_log=scratch / "reports.jsonl",
        )
        stack.enter_context(pointed_at(fake))
        errors = stack.enter_context(errors_logged("discord", "adapters", "bot.service"))
        if sync:
            await register_commands(settings)
        client = build_client(
            settings,
            service or make_service(),
            reports=reports,
            reply_budget_s=reply_budget_s,
            guild_ready_timeout=0.05,
        )
        task: asyncio.Task[None] | None = None
        try:
            task = await start_client(client, fake)
            yield BotUnderTest(fake, client, task, errors)
        finally:
            await asyncio.wait_for(client.close(), STEP_TIMEOUT_S)
            if task is not None:
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.wait_for(task, STEP_TIMEOUT_S)
        if task.done() and not task.cancelled() and task.exception() is not None:
            raise AssertionError(f"the client failed: {task.exception()!r}")
        assert not fake.problems, fake.problems
        if check_errors:
            messages = [r.getMessage() for r in errors.records]
            assert not messages, messages
