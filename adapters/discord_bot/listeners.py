"""What the bot does on Discord: slash commands, buttons, mentions, DMs and report forms.

Each listener reads its payload with `adapters.discord_bot.payload`, hands the request to the
shared service through the one `CoreRunner` (the core off the event loop, under the one reply
budget), renders the `Answer` with `adapters.discord_bot.render` and sends it with
`adapters.discord_bot.replying`. What stays here is Discord's own business: the 3-second
interaction deadline (answer, or defer and follow up), ephemeral replies, autocomplete, and
the tree of slash commands (built by `adapters.discord_bot.slash`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

import discord
from discord import app_commands

from adapters.discord_bot.components import (
    AnyInteraction,
    AskButtonItem,
    MoreButtonItem,
    ReportButtonItem,
    ReportForm,
)
from adapters.discord_bot.payload import (
    Conversation,
    channel_of,
    is_question_for,
    plain_text_from_discord,
)
from adapters.discord_bot.render import (
    CONTENT_LIMIT,
    choice_label,
    is_private_reply,
    render_answer,
    render_failure,
)
from adapters.discord_bot.replying import NO_PINGS, post_messages, send_deferred, send_initial
from adapters.discord_bot.reporting import (
    REPORT_FORM_PREFIX,
    as_of_from,
    message_text,
    note_from_components,
    report_from_payload,
)
from adapters.discord_bot.slash import slash_command
from adapters.discord_bot.text import fit
from bot.answer import Answer
from bot.knowledge.commands import (
    ALL_COMMANDS,
    MAX_CHOICES,
    command_from_more,
    command_from_suggestion,
)
from bot.service import ChatService
from bot.service.deadline import CoreRunner
from bot.service.reports import ReportDesk

_log = logging.getLogger(__name__)

AUTOCOMPLETE_BUDGET_S = 2.0
"""Autocomplete cannot be deferred; past this the user gets no suggestions rather than an
error."""


class DiscordFrontEnd:
    """Everything the bot does on Discord, shared by the plain and the sharded client."""

    def __init__(
        self,
        client: discord.Client,
        service: ChatService,
        *,
        reply_budget_s: float,
        desk: ReportDesk,
        report_channel_id: int | None = None,
    ) -> None:
        self.client = client
        self.service = service
        self.desk = desk
        self.report_channel_id = report_channel_id
        self.core = CoreRunner(reply_budget_s)
        self.tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
        for spec in ALL_COMMANDS:
            self.tree.add_command(slash_command(spec, self.run_command, self.complete))
        self.tree.error(self._on_tree_error)

    # --- lifecycle -----------------------------------------------------------------------

    async def setup(self) -> None:
        """Register the ask, More and report buttons, so presses on any earlier message work."""
        self.client.add_dynamic_items(AskButtonItem, MoreButtonItem, ReportButtonItem)

    def close(self) -> None:
        """Stop the core's worker thread."""
        self.core.close()

    # --- slash commands --------------------------------------------------------------------

    async def run_command(self, interaction: AnyInteraction, name: str, argument: str) -> None:
        """Answer a slash command within Discord's 3 seconds."""
        await self._run(
            interaction,
            name,
            plain_text_from_discord(argument),
            echo=name == "ask",
            typed=argument,
            # Known before the answer: a deferred /critiques reply must already be ephemeral.
            private_hint=name == "critiques",
        )

    async def ask_from_button(self, interaction: AnyInteraction, suggestion: str) -> None:
        """Run what a suggestion button carries, as if the presser had asked it."""
        name, argument = command_from_suggestion(suggestion)
        await self._run(
            interaction,
            name,
            argument,
            echo=name == "ask",
            typed=None,
            private_hint=name == "critiques",
        )

    async def more_from_button(self, interaction: AnyInteraction, token: str) -> None:
        """Show the whole record a More button names, to the presser only."""
        name, argument = command_from_more(token)
        await self._run(
            interaction,
            name,
            argument,
            echo=False,
            typed=None,
            private_hint=True,
            always_private=True,
        )

    async def _run(
        self,
        interaction: AnyInteraction,
        name: str,
        argument: str,
        *,
        echo: bool,
        typed: str | None,
        private_hint: bool,
        always_private: bool = False,
    ) -> None:
        """Run one command through the service for this interaction's conversation and reply."""
        where = Conversation.from_interaction(interaction)
        await self._respond(
            interaction,
            lambda: self.service.respond(
                where.key,
                where.user_key,
                name,
                argument,
                channel=channel_of(interaction),
                run=self.core.run,
            ),
            echo=echo,
            typed=typed,
            private_hint=private_hint,
            always_private=always_private,
        )

    async def complete(self, command: str, current: str) -> list[app_commands.Choice[str]]:
        """Return at most 25 autocomplete choices from the core, or none if it is slow."""
        engine = self.service.engine
        try:
            found = await self.core.wait(
                self.core.submit(lambda: engine.complete(command, current)),
                AUTOCOMPLETE_BUDGET_S,
            )
        except RuntimeError:  # the worker is shutting down
            found = None
        if found is None:
            _log.warning("autocomplete for /%s gave up", command)
            return []
        labels = dict.fromkeys(choice_label(text) for text in found)
        return [app_commands.Choice(name=label, value=label) for label in labels][:MAX_CHOICES]

    async def _respond(
        self,
        interaction: AnyInteraction,
        call: Callable[[], Coroutine[Any, Any, Answer]],
        *,
        echo: bool,
        typed: str | None,
        private_hint: bool,
        always_private: bool = False,
    ) -> None:
        """Answer directly if the core is quick, else defer and follow up.

        With `always_private` the reply is ephemeral whatever it holds (a More press concerns
        the presser alone).
        """
        work = asyncio.ensure_future(call())
        answer = await self.core.wait(work)
        try:
            if answer is not None:
                messages = render_answer(answer, echo_question=echo, typed=typed)
                private = always_private or is_private_reply(answer)
                await send_initial(interaction, messages, private=private)
            else:
                await interaction.response.defer(thinking=True, ephemeral=private_hint)
                await send_deferred(
                    interaction, work, echo=echo, typed=typed, private_hint=private_hint
                )
        except discord.HTTPException as exc:
            _log.warning("could not answer an interaction: %s (code %s)", exc.status, exc.code)

    async def _on_tree_error(
        self, interaction: AnyInteraction, error: app_commands.AppCommandError
    ) -> None:
        """Log a command error and, if the user got no reply yet, apologise privately."""
        _log.error("slash command failed: %r", error, exc_info=error)
        if not interaction.response.is_done():
            with contextlib.suppress(discord.HTTPException):
                await send_initial(interaction, (render_failure(),), private=True)

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
        """File a report at the desk: thanks privately, summary to the maintainers' channel.

        The answer text is the one the reported message shows; the question, fact ids and
        knowledge version come from the button. No user or channel id goes into the report.
        """
        embeds = interaction.message.embeds if interaction.message is not None else []
        engine = self.service.engine
        labels = engine.multilingual.labels_for("facts_as_of")
        as_of = as_of_from(embeds, labels) or engine.kb.as_of
        report = report_from_payload(payload, answer_text=message_text(embeds), as_of=as_of)

        async def thank(text: str) -> None:
            try:
                await interaction.response.send_message(
                    content=fit(text, CONTENT_LIMIT), ephemeral=True, allowed_mentions=NO_PINGS
                )
            except discord.HTTPException as exc:
                _log.warning("could not answer a reporter: %s (code %s)", exc.status, exc.code)

        channel_id = self.report_channel_id

        async def post(summary: str) -> None:
            channel = self.client.get_partial_messageable(channel_id or 0)
            try:
                await channel.send(content=fit(summary, CONTENT_LIMIT), allowed_mentions=NO_PINGS)
            except discord.HTTPException as exc:
                _log.warning(
                    "could not post a report to channel %d: %s (code %s)",
                    channel_id,
                    exc.status,
                    exc.code,
                )

        await self.desk.file(report, note, thank=thank, post=post if channel_id else None)

    # --- mentions and DMs ------------------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        """Answer a message that mentions the bot (as a reply) or a DM (in the DM)."""
        if not is_question_for(message, self.client.user):
            return
        where = Conversation.from_message(message)
        question = plain_text_from_discord(message.content)
        # A bare mention asks what the bot can do.
        name, argument = ("ask", question) if question else ("about", "")
        answer = await self.service.respond(
            where.key, where.user_key, name, argument, run=self.core.run
        )
        # In a channel, a reply that survives the question being deleted meanwhile.
        in_dm = message.guild is None
        reference = None if in_dm else message.to_reference(fail_if_not_exists=False)
        try:
            await post_messages(message.channel, render_answer(answer), reply_to=reference)
        except discord.HTTPException as exc:
            _log.warning("could not answer a message: %s (code %s)", exc.status, exc.code)
