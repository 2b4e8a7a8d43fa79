"""The Discord front end: slash commands, buttons, mentions and DMs in; rendered answers out.

It owns the platform concerns only: gateway intents (no privileged one), command registration
(explicit, never on start), the 3-second interaction deadline, ephemeral replies, allowed
mentions, sharding and shutdown. Answers come from `bot.service.ChatService`; their look
comes from `adapters.discord_render`. Nothing here knows a fact, a synonym or a threshold.
Every answered answer carries a "Report a wrong fact" button; its modal's submission is filed
in the report log and, when DISCORD_REPORT_CHANNEL_ID is set, posted to that channel.

    run(settings)                   the `accords-bot discord` entry point (live facts: file
                                    watcher and SIGHUP, via bot.runtime)
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
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any, Self

import discord
from discord import app_commands
from discord.utils import MISSING

from adapters.discord_render import (
    ASK_PREFIX,
    REPORT_FORM_PREFIX,
    REPORT_FORM_TITLE,
    REPORT_LABEL,
    REPORT_NOTE_ID,
    REPORT_NOTE_LABEL,
    REPORT_PREFIX,
    AskButton,
    DiscordMessage,
    as_of_from,
    choice_label,
    is_private_reply,
    message_text,
    note_from_components,
    question_from_custom_id,
    render_answer,
    render_failure,
    render_report,
    render_thanks,
    report_from_payload,
)
from bot.answer import Answer
from bot.commands import COMMANDS, MAX_CHOICES, CommandSpec, find_command
from bot.config import Settings
from bot.reload import KnowledgeHolder
from bot.reports import MAX_NOTE_CHARS, Report, ReportLog
from bot.runtime import Runtime, build_runtime, serve_knowledge
from bot.service import ChatService

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


class ReportButtonItem(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=re.escape(REPORT_PREFIX) + r"(?P<payload>.*)",
):
    """The "Report a wrong fact" button; its custom_id carries the report, so it survives
    restarts."""

    def __init__(self, payload: str, *, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=REPORT_LABEL,
                custom_id=REPORT_PREFIX + payload,
                style=discord.ButtonStyle.secondary,
            ),
            row=row,
        )
        self.payload = payload

    @classmethod
    async def from_custom_id(
        cls,
        interaction: AnyInteraction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        """Rebuild the button from a pressed component, even one sent before a restart."""
        return cls(match["payload"])

    async def callback(self, interaction: AnyInteraction) -> None:
        """Open the report form for whoever pressed it."""
        front = getattr(interaction.client, "front", None)
        if isinstance(front, DiscordFrontEnd):
            await front.open_report_form(interaction, self.payload)


class ReportForm(discord.ui.Modal, title=REPORT_FORM_TITLE):
    """The report modal: one optional note. Its custom_id repeats the button's payload."""

    def __init__(self, payload: str) -> None:
        super().__init__(custom_id=REPORT_FORM_PREFIX + payload)
        self.add_item(
            discord.ui.Label(
                text=REPORT_NOTE_LABEL,
                component=discord.ui.TextInput(
                    custom_id=REPORT_NOTE_ID,
                    style=discord.TextStyle.paragraph,
                    required=False,
                    max_length=MAX_NOTE_CHARS,
                ),
            )
        )


def _view(message: DiscordMessage) -> discord.ui.View | None:
    """Build the (fully dynamic, never stored) view of a message's buttons."""
    if not message.button_rows:
        return None
    view = discord.ui.View(timeout=None)
    for row, buttons in enumerate(message.button_rows):
        for button in buttons:
            if isinstance(button, AskButton):
                view.add_item(AskButtonItem(button, row=row))
            else:
                view.add_item(ReportButtonItem(button.custom_id[len(REPORT_PREFIX) :], row=row))
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
        self,
        client: discord.Client,
        service: ChatService,
        *,
        reply_budget_s: float,
        reports: ReportLog,
        report_channel_id: int | None = None,
    ) -> None:
        self.client = client
        self.service = service
        self.reply_budget_s = reply_budget_s
        self.reports = reports
        self.report_channel_id = report_channel_id
        # One worker: the core runs off the event loop (heartbeats never starve) and its
        # state (rate limits, follow-ups) is only ever touched by one thread, so needs no lock.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="accords-core")
        self.tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
        for spec in COMMANDS:
            self.tree.add_command(self._slash_command(spec))
        self.tree.error(self._on_tree_error)

    # --- lifecycle -----------------------------------------------------------------------

    async def setup(self) -> None:
        """Register the ask and report buttons, so presses on any earlier message work."""
        self.client.add_dynamic_items(AskButtonItem, ReportButtonItem)

    def close(self) -> None:
        """Stop the core's worker thread."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def _in_core(self, call: Callable[[], Answer]) -> Answer:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, call)

    def _render(self, answer: Answer, *, echo: bool = False) -> tuple[DiscordMessage, ...]:
        """Render an answer; its report button records the knowledge version serving now."""
        version = self.service.engine.kb.content_hash
        return render_answer(answer, echo_question=echo, knowledge_version=version)

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
                messages = self._render(answer, echo=echo)
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
            messages, private = self._render(answer, echo=echo), is_private_reply(answer)
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

    # --- wrong-fact reports ----------------------------------------------------------------

    async def open_report_form(self, interaction: AnyInteraction, payload: str) -> None:
        """Answer a report button with the report modal."""
        form = ReportForm(payload)
        # The submission is handled by its custom_id in on_interaction, which works after a
        # restart too; so the modal must not wait in discord.py's store, where one the user
        # dismisses (Discord never says so) would stay for good.
        form.stop()
        try:
            await interaction.response.send_modal(form)
        except discord.HTTPException as exc:
            _log.warning("could not open the report form: %s (code %s)", exc.status, exc.code)

    async def on_interaction(self, interaction: AnyInteraction) -> None:
        """File a submitted report form; every other interaction is handled elsewhere."""
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data: Mapping[str, object] = interaction.data or {}
        custom_id = str(data.get("custom_id", ""))
        if not custom_id.startswith(REPORT_FORM_PREFIX):
            return
        components = data.get("components")
        note = note_from_components(components if isinstance(components, list) else [])
        await self.file_report(interaction, custom_id[len(REPORT_FORM_PREFIX) :], note)

    async def file_report(self, interaction: AnyInteraction, payload: str, note: str) -> None:
        """Thank the reporter privately, log the report, and post it to the maintainers.

        The answer text is the one the reported message shows; the question, fact ids and
        knowledge version come from the button. No user or channel id goes into the report.
        """
        embeds = interaction.message.embeds if interaction.message is not None else []
        as_of = as_of_from(embeds) or self.service.engine.kb.as_of
        report = report_from_payload(payload, answer_text=message_text(embeds), as_of=as_of)
        if report is None:
            _log.warning("a report form carried an unreadable payload; nothing filed")
        reply = render_thanks() if report is not None else render_failure()
        try:
            await interaction.response.send_message(
                content=reply.content, ephemeral=True, allowed_mentions=NO_PINGS
            )
        except discord.HTTPException as exc:
            _log.warning("could not answer a reporter: %s (code %s)", exc.status, exc.code)
        if report is None:
            return
        report = replace(report, note=note)
        await asyncio.to_thread(self.reports.record, report)
        if self.report_channel_id is not None:
            await self._post_report(report, self.report_channel_id)

    async def _post_report(self, report: Report, channel_id: int) -> None:
        """Post a report's summary to the maintainers' channel, pinging nobody."""
        message = render_report(report)
        channel = self.client.get_partial_messageable(channel_id)
        try:
            await channel.send(content=message.content, allowed_mentions=NO_PINGS)
        except discord.HTTPException as exc:
            _log.warning(
                "could not post a report to channel %d: %s (code %s)",
                channel_id,
                exc.status,
                exc.code,
            )

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
            messages = self._render(answer)
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
        reports=reports,
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
    if settings.discord_shard_count:
        return ShardedAccordsClient(service, shard_count=settings.discord_shard_count, **options)
    return AccordsClient(service, **options)


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
        return await _run_until_signalled(client, token, runtime.knowledge)
    except discord.LoginFailure:
        _log.error("Discord refused the token in DISCORD_TOKEN")
        return 1


async def _run_until_signalled(client: BotClient, token: str, knowledge: KnowledgeHolder) -> int:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    # Edited fact files (or SIGHUP) are picked up while running; invalid ones are refused
    # and logged, and the last good facts keep serving.
    watcher = asyncio.create_task(serve_knowledge(knowledge, stop), name="knowledge-watch")
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
