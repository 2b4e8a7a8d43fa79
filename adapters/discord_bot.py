"""The Discord front end: slash commands, buttons, mentions and DMs in; rendered answers out.

It owns the platform concerns only: gateway intents (no privileged one), command registration
(explicit, never on start), the 3-second interaction deadline, ephemeral replies, allowed
mentions, sharding and shutdown. Answers come from `bot.service.ChatService`; their look
comes from `adapters.discord_render`. Nothing here knows a fact, a synonym or a threshold.

    run(settings)                   the `accords-bot discord` entry point
    build_client(settings, service) a ready-to-start client (tests point it at a fake Discord)
    sync_commands(client, guild_id) register the shared command set with Discord
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import re
import signal
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Self

import discord
from discord import app_commands
from discord.utils import MISSING

from adapters.discord_render import (
    ASK_PREFIX,
    AskButton,
    DiscordMessage,
    choice_label,
    is_private_reply,
    question_from_custom_id,
    render_answer,
    render_failure,
)
from bot.answer import Answer
from bot.commands import COMMANDS, MAX_CHOICES, CommandSpec, find_command
from bot.config import Settings
from bot.engine import Engine
from bot.gaps import GapLog
from bot.reload import KnowledgeHolder, watch
from bot.service import ChatService, ServiceLimits

_log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()
"""Sent with every message and response: the bot never pings anyone, whatever it echoes."""

REPLY_BUDGET_S = 2.0
"""How long an interaction may wait for the core before it is deferred. Discord allows 3 s
from its side; the rest is headroom for the network."""

AUTOCOMPLETE_BUDGET_S = 2.0
"""Autocomplete cannot be deferred; past this the user gets no suggestions rather than an
error."""

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


class AskButtonItem(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=re.escape(ASK_PREFIX) + r"(?P<question>.+)",
):
    """A suggestion button; its custom_id carries the question, so it survives restarts."""

    def __init__(self, button: AskButton, *, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=button.label,
                custom_id=button.custom_id,
                style=discord.ButtonStyle.secondary,
            ),
            row=row,
        )
        self.question = question_from_custom_id(button.custom_id) or ""

    @classmethod
    async def from_custom_id(
        cls,
        interaction: AnyInteraction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        """Rebuild the button from a pressed component, even one sent before a restart."""
        label = getattr(item, "label", None) or match["question"]
        return cls(AskButton(label, ASK_PREFIX + match["question"]))

    async def callback(self, interaction: AnyInteraction) -> None:
        """Ask the button's question for whoever pressed it."""
        front = getattr(interaction.client, "front", None)
        if isinstance(front, DiscordFrontEnd):
            await front.ask_from_button(interaction, self.question)


def _view(message: DiscordMessage) -> discord.ui.View | None:
    """Build the (fully dynamic, never stored) view of a message's ask buttons."""
    if not message.button_rows:
        return None
    view = discord.ui.View(timeout=None)
    for row, buttons in enumerate(message.button_rows):
        for button in buttons:
            view.add_item(AskButtonItem(button, row=row))
    return view


def conversation_key(channel_id: int | None, user_id: int) -> str:
    """Return the ChatService conversation key: one conversation per channel and user."""
    return f"discord:{channel_id if channel_id is not None else 'dm'}:{user_id}"


def user_key(user_id: int) -> str:
    """Return the ChatService user key that rate limits apply to."""
    return f"discord:{user_id}"


def strip_mentions_of(text: str, user_id: int) -> str:
    """Remove the bot's own mentions (<@id>, <@!id>) from a message and tidy the spaces."""
    return " ".join(re.sub(rf"<@!?{user_id}>", " ", text).split())


class DiscordFrontEnd:
    """Everything the bot does on Discord, shared by the plain and the sharded client."""

    def __init__(
        self, client: discord.Client, service: ChatService, *, reply_budget_s: float
    ) -> None:
        self.client = client
        self.service = service
        self.reply_budget_s = reply_budget_s
        # One worker: the core runs off the event loop (heartbeats never starve) and its
        # state (rate limits, follow-ups) is only ever touched by one thread, so needs no lock.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="accords-core")
        self.tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
        for spec in COMMANDS:
            self.tree.add_command(self._slash_command(spec))
        self.tree.error(self._on_tree_error)

    # --- lifecycle -----------------------------------------------------------------------

    async def setup(self) -> None:
        """Register the ask buttons, so presses on any earlier message are understood."""
        self.client.add_dynamic_items(AskButtonItem)

    def close(self) -> None:
        """Stop the core's worker thread."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def _in_core(self, call: Callable[[], Answer]) -> Answer:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, call)

    # --- slash commands --------------------------------------------------------------------

    def _slash_command(self, spec: CommandSpec) -> app_commands.Command[Any, ..., None]:
        """Build the slash command of one shared command spec (name, option, autocomplete)."""
        front = self
        option = spec.option

        async def callback(interaction: AnyInteraction, **options: Any) -> None:
            value = options.get(option.name) if option is not None else None
            await front.run_command(interaction, spec.name, "" if value is None else str(value))

        parameters = [
            inspect.Parameter(
                "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=AnyInteraction
            )
        ]
        if option is not None:
            kind: Any = int if option.integer else str
            parameters.append(
                inspect.Parameter(
                    option.name,
                    inspect.Parameter.KEYWORD_ONLY,
                    annotation=kind if option.required else kind | None,
                    default=inspect.Parameter.empty if option.required else None,
                )
            )
            app_commands.describe(**{option.name: option.description})(callback)
        # discord.py reads a command's options from its callback's signature; the shared
        # COMMANDS tuple is the single source, so the signature is written from it.
        callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]  # a documented Python protocol
        command: app_commands.Command[Any, ..., None] = app_commands.Command(
            name=spec.name, description=spec.description, callback=callback
        )
        if option is not None and option.autocomplete:

            async def complete(
                interaction: AnyInteraction, current: str
            ) -> list[app_commands.Choice[str]]:
                return await front.complete(spec.name, current)

            command.autocomplete(option.name)(complete)
        return command

    async def run_command(self, interaction: AnyInteraction, name: str, argument: str) -> None:
        """Answer a slash command within Discord's 3 seconds."""
        conversation = conversation_key(interaction.channel_id, interaction.user.id)
        user = user_key(interaction.user.id)
        await self._respond(
            interaction,
            lambda: self.service.command(conversation, user, name, argument),
            echo=name == "ask",
            # Known before the answer: a deferred /critiques reply must already be ephemeral.
            private_hint=name == "critiques",
        )

    async def ask_from_button(self, interaction: AnyInteraction, question: str) -> None:
        """Answer what a suggestion button carries, as if the presser had asked it.

        A suggestion is a question, or a command line such as "/timeline 2023".
        """
        conversation = conversation_key(interaction.channel_id, interaction.user.id)
        user = user_key(interaction.user.id)
        name, _, argument = question.partition(" ")
        spec = find_command(name) if name.startswith("/") else None
        if spec is not None:
            await self._respond(
                interaction,
                lambda: self.service.command(conversation, user, spec.name, argument.strip()),
                echo=False,
                private_hint=spec.name == "critiques",
            )
            return
        await self._respond(
            interaction,
            lambda: self.service.ask(conversation, user, question),
            echo=True,
            private_hint=False,
        )

    async def complete(self, command: str, current: str) -> list[app_commands.Choice[str]]:
        """Return at most 25 autocomplete choices from the core, or none if it is slow."""
        loop = asyncio.get_running_loop()
        engine = self.service.engine
        try:
            found = await asyncio.wait_for(
                loop.run_in_executor(self._executor, engine.complete, command, current),
                AUTOCOMPLETE_BUDGET_S,
            )
        except (TimeoutError, RuntimeError):
            _log.warning("autocomplete for /%s gave up", command)
            return []
        labels = dict.fromkeys(choice_label(text) for text in found)
        return [app_commands.Choice(name=label, value=label) for label in labels][:MAX_CHOICES]

    async def _respond(
        self,
        interaction: AnyInteraction,
        call: Callable[[], Answer],
        *,
        echo: bool,
        private_hint: bool,
    ) -> None:
        """Answer directly if the core is quick, else defer and follow up; never fail silently."""
        loop = asyncio.get_running_loop()
        work = loop.run_in_executor(self._executor, call)
        answer: Answer | None = None
        failed = False
        try:
            answer = await asyncio.wait_for(asyncio.shield(work), self.reply_budget_s)
        except TimeoutError:
            pass
        except Exception:
            _log.exception("the core failed on an interaction")
            failed = True
        try:
            if failed:
                await self._send_initial(interaction, (render_failure(),), private=True)
            elif answer is not None:
                messages = render_answer(answer, echo_question=echo)
                await self._send_initial(interaction, messages, private=is_private_reply(answer))
            else:
                await interaction.response.defer(thinking=True, ephemeral=private_hint)
                await self._send_deferred(interaction, work, echo=echo, private_hint=private_hint)
        except discord.HTTPException as exc:
            _log.warning("could not answer an interaction: %s (code %s)", exc.status, exc.code)

    async def _send_initial(
        self, interaction: AnyInteraction, messages: tuple[DiscordMessage, ...], *, private: bool
    ) -> None:
        first, *rest = messages
        await interaction.response.send_message(
            content=first.content,
            embeds=list(first.embeds),
            view=_view(first) or MISSING,
            ephemeral=private,
            allowed_mentions=NO_PINGS,
        )
        for message in rest:
            await self._followup(interaction, message, private=private)

    async def _send_deferred(
        self,
        interaction: AnyInteraction,
        work: asyncio.Future[Answer],
        *,
        echo: bool,
        private_hint: bool,
    ) -> None:
        messages: tuple[DiscordMessage, ...]
        try:
            answer = await work
        except Exception:
            _log.exception("the core failed on a deferred interaction")
            messages, private = (render_failure(),), private_hint
        else:
            messages, private = render_answer(answer, echo_question=echo), is_private_reply(answer)
        if private and not private_hint:
            # The "thinking…" message is public and ephemerality cannot be changed by an
            # edit: remove it and send the answer privately instead.
            await interaction.delete_original_response()
            for message in messages:
                await self._followup(interaction, message, private=True)
            return
        first, *rest = messages
        await interaction.edit_original_response(
            content=first.content,
            embeds=list(first.embeds),
            view=_view(first),
            allowed_mentions=NO_PINGS,
        )
        for message in rest:
            await self._followup(interaction, message, private=private_hint)

    async def _followup(
        self, interaction: AnyInteraction, message: DiscordMessage, *, private: bool
    ) -> None:
        await interaction.followup.send(
            content=message.content or MISSING,
            embeds=list(message.embeds),
            view=_view(message) or MISSING,
            ephemeral=private,
            allowed_mentions=NO_PINGS,
        )

    async def _on_tree_error(
        self, interaction: AnyInteraction, error: app_commands.AppCommandError
    ) -> None:
        """Log a command error and, if the user got no reply yet, apologise privately."""
        _log.error("slash command failed: %r", error, exc_info=error)
        if not interaction.response.is_done():
            with contextlib.suppress(discord.HTTPException):
                await self._send_initial(interaction, (render_failure(),), private=True)

    # --- mentions and DMs ------------------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        """Answer a message that mentions the bot (as a reply) or a DM (in the DM)."""
        me = self.client.user
        if me is None or message.author.bot or message.webhook_id is not None:
            return  # our own messages, other bots' and webhooks' are never answered
        in_dm = message.guild is None
        if not in_dm and not any(user.id == me.id for user in message.mentions):
            return
        question = strip_mentions_of(message.content, me.id)
        conversation = conversation_key(message.channel.id, message.author.id)
        user = user_key(message.author.id)
        try:
            if question:
                answer = await self._in_core(lambda: self.service.ask(conversation, user, question))
            else:  # a bare mention: say what the bot can do
                answer = await self._in_core(
                    lambda: self.service.command(conversation, user, "about", "")
                )
            messages = render_answer(answer)
        except Exception:
            _log.exception("the core failed on a message")
            messages = (render_failure(),)
        # In a channel, a reply that survives the question being deleted meanwhile.
        reference = None if in_dm else message.to_reference(fail_if_not_exists=False)
        try:
            await post_messages(message.channel, messages, reply_to=reference)
        except discord.HTTPException as exc:
            _log.warning("could not answer a message: %s (code %s)", exc.status, exc.code)


async def post_messages(
    channel: discord.abc.Messageable,
    messages: tuple[DiscordMessage, ...],
    *,
    reply_to: discord.MessageReference | None = None,
) -> None:
    """Post rendered messages to a channel, the first as a reply to `reply_to` if given."""
    for index, out in enumerate(messages):
        # Optional arguments go in only when set: discord.py's overloads refuse None for them.
        optional: dict[str, Any] = {}
        if index == 0 and reply_to is not None:
            optional["reference"] = reply_to  # NO_PINGS leaves replied_user off: no ping
        view = _view(out)
        if view is not None:
            optional["view"] = view
        await channel.send(
            content=out.content,
            embeds=list(out.embeds),
            allowed_mentions=NO_PINGS,
            **optional,
        )


class AccordsClient(discord.Client):
    """The bot on a single gateway connection."""

    def __init__(self, service: ChatService, *, reply_budget_s: float, **options: Any) -> None:
        super().__init__(intents=gateway_intents(), allowed_mentions=NO_PINGS, **options)
        self.front = DiscordFrontEnd(self, service, reply_budget_s=reply_budget_s)

    async def setup_hook(self) -> None:
        """Prepare the front end once logged in, before connecting to the gateway."""
        await self.front.setup()

    async def on_message(self, message: discord.Message) -> None:
        """Hand a message to the front end."""
        await self.front.on_message(message)

    async def close(self) -> None:
        """Close the gateway and HTTP sessions, then the core's worker."""
        await super().close()
        self.front.close()


class ShardedAccordsClient(discord.AutoShardedClient):
    """The bot on several shards (DISCORD_SHARD_COUNT), for large numbers of guilds."""

    def __init__(self, service: ChatService, *, reply_budget_s: float, **options: Any) -> None:
        super().__init__(intents=gateway_intents(), allowed_mentions=NO_PINGS, **options)
        self.front = DiscordFrontEnd(self, service, reply_budget_s=reply_budget_s)

    async def setup_hook(self) -> None:
        """Prepare the front end once logged in, before connecting to the gateway."""
        await self.front.setup()

    async def on_message(self, message: discord.Message) -> None:
        """Hand a message to the front end."""
        await self.front.on_message(message)

    async def close(self) -> None:
        """Close every shard and the HTTP session, then the core's worker."""
        await super().close()
        self.front.close()


BotClient = AccordsClient | ShardedAccordsClient


def build_client(
    settings: Settings,
    service: ChatService,
    *,
    reply_budget_s: float = REPLY_BUDGET_S,
    guild_ready_timeout: float = 2.0,
) -> BotClient:
    """Build the client; sharded when `settings.discord_shard_count` is set. Nothing connects."""
    if settings.discord_shard_count:
        return ShardedAccordsClient(
            service,
            reply_budget_s=reply_budget_s,
            shard_count=settings.discord_shard_count,
            guild_ready_timeout=guild_ready_timeout,
        )
    return AccordsClient(
        service, reply_budget_s=reply_budget_s, guild_ready_timeout=guild_ready_timeout
    )


async def sync_commands(
    client: BotClient, guild_id: int | None = None
) -> list[app_commands.AppCommand]:
    """Register the shared commands globally, or in one guild (instantly, for testing).

    The client must be logged in. Discord replaces the whole set (a bulk overwrite).
    """
    tree = client.front.tree
    if guild_id is None:
        return await tree.sync()
    guild = discord.Object(id=guild_id)
    tree.copy_global_to(guild=guild)
    return await tree.sync(guild=guild)


def build_service(settings: Settings, engine: Callable[[], Engine]) -> ChatService:
    """Build the chat service over `engine` with the configured limits and gaps log."""
    limits = ServiceLimits(
        rate_count=settings.rate_limit_count,
        rate_window_s=settings.rate_limit_window_s,
        conversation_ttl_s=settings.conversation_ttl_s,
    )
    gaps = GapLog(settings.gaps_log, settings.gaps_log_max_bytes) if settings.gaps_log else None
    return ChatService(engine, limits, platform="discord", gap_log=gaps)


def run(settings: Settings, *, sync: bool = False, guild_id: int | None = None) -> int:
    """Run the bot until SIGTERM or SIGINT; with `sync`, register the commands and exit.

    Raises ConfigError (before any network traffic) when DISCORD_TOKEN is not set, and
    KnowledgeErrors when the fact files are invalid.
    """
    settings.require("DISCORD_TOKEN")
    token = settings.discord_token or ""
    if guild_id is not None and not sync:
        _log.warning("--guild only applies with --sync; ignoring it")
    knowledge = KnowledgeHolder(settings.knowledge_dir)
    service = build_service(settings, knowledge.engine)
    return asyncio.run(_serve(settings, service, knowledge, token, sync=sync, guild_id=guild_id))


async def _serve(
    settings: Settings,
    service: ChatService,
    knowledge: KnowledgeHolder,
    token: str,
    *,
    sync: bool,
    guild_id: int | None,
) -> int:
    client = build_client(settings, service)
    try:
        if sync:
            async with client:
                await client.login(token)
                synced = await sync_commands(client, guild_id)
            where = f"guild {guild_id}" if guild_id is not None else "globally"
            _log.info("registered %d commands %s", len(synced), where)
            return 0
        return await _run_until_signalled(client, token, knowledge)
    except discord.LoginFailure:
        _log.error("Discord refused the token in DISCORD_TOKEN")
        return 1


async def _run_until_signalled(client: BotClient, token: str, knowledge: KnowledgeHolder) -> int:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    # Edited fact files are picked up while running; invalid ones are refused and logged.
    watcher = asyncio.create_task(watch(knowledge, stop=stop), name="knowledge-watch")
    try:
        async with client:
            running = asyncio.create_task(client.start(token), name="discord-client")
            stopping = asyncio.create_task(stop.wait(), name="discord-stop")
            done, _ = await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if stopping in done:
                _log.info("signal received; closing the gateway")
                await client.close()
            await running  # re-raises what stopped the client, if anything did
    finally:
        stop.set()
        await watcher
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
    return 0
