"""Serving the Discord bot: the client classes, command registration, and `run`.

run(settings)                   the `accords-bot discord` entry point (signals, live
                                facts and a clean shutdown via bot.infra.lifecycle)
build_client(settings, service) a ready-to-start client (tests point it at a fake Discord)
sync_commands(client, guild_id) register the shared command set with Discord, translated
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
import discord
from discord import app_commands

from adapters.discord_bot.announcing import discord_announcer
from adapters.discord_bot.listeners import DiscordFrontEnd
from adapters.discord_bot.locales import CommandTranslator
from adapters.discord_bot.replying import NO_PINGS
from adapters.health import serving_health
from bot.config import Settings
from bot.infra.lifecycle import running
from bot.infra.reportlog import ReportLog
from bot.infra.runtime import Runtime, build_runtime
from bot.service import ChatService
from bot.service.deadline import REPLY_BUDGET_S
from bot.service.reports import ReportDesk

_log = logging.getLogger(__name__)

AnyInteraction = discord.Interaction[discord.Client]


def gateway_intents() -> discord.Intents:
    """Return the intents the bot needs: guilds, guild and DM messages; nothing privileged.

    Without the privileged message-content intent Discord still delivers the content of
    messages that mention the bot and of DMs, which are the only messages the bot reads.
    """
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    return intents


class _FrontEndHooks:
    """The event hooks both client classes share; they only hand events to the front end."""

    front: DiscordFrontEnd

    async def setup_hook(self) -> None:
        """Prepare the front end once logged in, before connecting to the gateway."""
        await self.front.setup()

    async def on_message(self, message: discord.Message) -> None:
        """Hand a message to the front end."""
        await self.front.on_message(message)

    async def on_interaction(self, interaction: AnyInteraction) -> None:
        """Hand every interaction to the front end (it files submitted report forms)."""
        await self.front.on_interaction(interaction)

    async def close(self) -> None:
        """Close the gateway (every shard) and the HTTP session, then the core's worker."""
        await super().close()  # type: ignore[misc]  # discord.Client.close, via the MRO
        self.front.close()


def _front_end(
    client: discord.Client,
    service: ChatService,
    reply_budget_s: float,
    reports: ReportLog,
    report_channel_id: int | None,
) -> DiscordFrontEnd:
    return DiscordFrontEnd(
        client,
        service,
        reply_budget_s=reply_budget_s,
        desk=ReportDesk(reports),
        report_channel_id=report_channel_id,
    )


class AccordsClient(_FrontEndHooks, discord.Client):
    """The bot on a single gateway connection."""

    def __init__(
        self,
        service: ChatService,
        *,
        reply_budget_s: float,
        reports: ReportLog,
        report_channel_id: int | None = None,
        **options: Any,
    ) -> None:
        super().__init__(intents=gateway_intents(), allowed_mentions=NO_PINGS, **options)
        self.front = _front_end(self, service, reply_budget_s, reports, report_channel_id)


class ShardedAccordsClient(_FrontEndHooks, discord.AutoShardedClient):
    """The bot on several shards (DISCORD_SHARD_COUNT), for large numbers of guilds."""

    def __init__(
        self,
        service: ChatService,
        *,
        reply_budget_s: float,
        reports: ReportLog,
        report_channel_id: int | None = None,
        **options: Any,
    ) -> None:
        super().__init__(intents=gateway_intents(), allowed_mentions=NO_PINGS, **options)
        self.front = _front_end(self, service, reply_budget_s, reports, report_channel_id)


BotClient = AccordsClient | ShardedAccordsClient


def build_client(
    settings: Settings,
    service: ChatService,
    *,
    reports: ReportLog | None = None,
    reply_budget_s: float = REPLY_BUDGET_S,
    guild_ready_timeout: float = 2.0,
) -> BotClient:
    """Build the client; sharded when `settings.discord_shard_count` is set. Nothing connects.

    Reports go to `reports`, by default the log at `settings.reports_log`, and to the channel
    `settings.discord_report_channel_id` when it is set.
    """
    options: dict[str, Any] = {
        "reply_budget_s": reply_budget_s,
        "reports": reports or ReportLog(settings.reports_log, settings.gaps_log_max_bytes),
        "report_channel_id": settings.discord_report_channel_id,
        "guild_ready_timeout": guild_ready_timeout,
    }
    if settings.discord_shard_ids:
        # One range of shards in this process; other processes run the rest (same
        # DISCORD_SHARD_COUNT, their own DISCORD_SHARD_IDS) and share state through STATE_URL.
        return ShardedAccordsClient(
            service,
            shard_ids=list(settings.discord_shard_ids),
            shard_count=settings.discord_shard_count,
            **options,
        )
    if settings.discord_shard_count:
        return ShardedAccordsClient(service, shard_count=settings.discord_shard_count, **options)
    return AccordsClient(service, **options)


async def sync_commands(
    client: BotClient, guild_id: int | None = None
) -> list[app_commands.AppCommand]:
    """Register the shared commands globally, or in one guild (instantly, for testing).

    The client must be logged in. Discord replaces the whole set (a bulk overwrite). Names
    and descriptions carry their translations from the served language files.
    """
    tree = client.front.tree
    table = client.front.service.engine.multilingual.command_translations()
    await tree.set_translator(CommandTranslator(table))
    if guild_id is None:
        return await tree.sync()
    guild = discord.Object(id=guild_id)
    tree.copy_global_to(guild=guild)
    return await tree.sync(guild=guild)


def run(settings: Settings, *, sync: bool = False, guild_id: int | None = None) -> int:
    """Run the bot until SIGTERM or SIGINT; with `sync`, register the commands and exit.

    Raises ConfigError (before any network traffic) when DISCORD_TOKEN is not set, and
    KnowledgeErrors when the fact files are invalid.
    """
    settings.require("DISCORD_TOKEN")
    token = settings.discord_token or ""
    if guild_id is not None and not sync:
        _log.warning("--guild only applies with --sync; ignoring it")
    runtime = build_runtime(settings, "discord")
    return asyncio.run(_serve(settings, runtime, token, sync=sync, guild_id=guild_id))


async def _serve(
    settings: Settings, runtime: Runtime, token: str, *, sync: bool, guild_id: int | None
) -> int:
    client = build_client(settings, runtime.service, reports=runtime.reports)
    try:
        if sync:
            async with client:
                await client.login(token)
                synced = await sync_commands(client, guild_id)
            where = f"guild {guild_id}" if guild_id is not None else "globally"
            _log.info("registered %d commands %s", len(synced), where)
            return 0
        async with serving_health(runtime.service, settings.health_port, settings.health_host):
            return await _run_until_signalled(client, token, runtime)
    except discord.LoginFailure:
        _log.error("Discord refused the token in DISCORD_TOKEN")
        return 1
    except (aiohttp.ClientError, OSError) as error:
        # No network, DNS or a refused connection: one line, not a traceback.
        _log.error("discord: could not reach Discord (%s)", type(error).__name__)
        return 1
    finally:
        await runtime.store.close()


async def _run_until_signalled(client: BotClient, token: str, runtime: Runtime) -> int:
    knowledge = runtime.knowledge
    async with running(knowledge, runtime.check_store) as stop, client:
        running_client = asyncio.create_task(client.start(token), name="discord-client")
        stopping = asyncio.create_task(stop.wait(), name="discord-stop")
        announcer = discord_announcer(client, runtime.store, runtime.metrics)
        announcing = asyncio.create_task(
            announcer.run(knowledge.engine, stop, ready=client.wait_until_ready),
            name="discord-announce",
        )
        done, _ = await asyncio.wait(
            {running_client, stopping}, return_when=asyncio.FIRST_COMPLETED
        )
        if stopping in done:
            _log.info("signal received; closing the gateway")
            await client.close()
        else:
            stopping.cancel()
            stop.set()
        await announcing
        await running_client  # re-raises what stopped the client, if anything did
    return 0
