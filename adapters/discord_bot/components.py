"""Discord components: the suggestion, More and report buttons, and the report modal.

The buttons are dynamic items whose custom_id carries all they need (the question; the
token of the record to show; the report payload), so a press on a message sent before a
restart still works. A press hands the interaction to the front end's listeners; nothing
here answers anything itself.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Self

import discord

from adapters.discord_bot.render import (
    ASK_PREFIX,
    MORE_PREFIX,
    AskButton,
    DiscordMessage,
    MoreButton,
    ReportButton,
    question_from_custom_id,
)
from adapters.discord_bot.reporting import REPORT_FORM_PREFIX, REPORT_NOTE_ID, REPORT_PREFIX
from bot import wording
from bot.service.reports import MAX_NOTE_CHARS

if TYPE_CHECKING:
    from adapters.discord_bot.listeners import DiscordFrontEnd

AnyInteraction = discord.Interaction[discord.Client]


def _front(interaction: AnyInteraction) -> DiscordFrontEnd | None:
    """Return the front end of the client that received `interaction`, if it is ours."""
    from adapters.discord_bot.listeners import DiscordFrontEnd

    front = getattr(interaction.client, "front", None)
    return front if isinstance(front, DiscordFrontEnd) else None


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
        if (front := _front(interaction)) is not None:
            await front.ask_from_button(interaction, self.question)


class ReportButtonItem(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=re.escape(REPORT_PREFIX) + r"(?P<payload>.*)",
):
    """The "Report a wrong fact" button; its custom_id carries the report, so it survives
    restarts."""

    def __init__(
        self, payload: str, *, row: int | None = None, label: str = wording.REPORT_LABEL
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
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
        if (front := _front(interaction)) is not None:
            await front.open_report_form(interaction, self.payload)


class MoreButtonItem(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=re.escape(MORE_PREFIX) + r"(?P<token>.+)",
):
    """The "More" button; its custom_id carries the record's token, so it survives restarts."""

    def __init__(
        self, token: str, *, row: int | None = None, label: str = wording.MORE_LABEL
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                custom_id=MORE_PREFIX + token,
                style=discord.ButtonStyle.primary,
            ),
            row=row,
        )
        self.token = token

    @classmethod
    async def from_custom_id(
        cls,
        interaction: AnyInteraction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        """Rebuild the button from a pressed component, even one sent before a restart."""
        return cls(match["token"])

    async def callback(self, interaction: AnyInteraction) -> None:
        """Show the whole record to whoever pressed it, privately."""
        if (front := _front(interaction)) is not None:
            await front.more_from_button(interaction, self.token)


class ReportForm(discord.ui.Modal, title=wording.REPORT_LABEL):
    """The report modal: one optional note. Its custom_id repeats the button's payload."""

    def __init__(self, payload: str) -> None:
        super().__init__(custom_id=REPORT_FORM_PREFIX + payload)
        self.add_item(
            discord.ui.Label(
                text=wording.REPORT_NOTE_LABEL,
                component=discord.ui.TextInput(
                    custom_id=REPORT_NOTE_ID,
                    style=discord.TextStyle.paragraph,
                    required=False,
                    max_length=MAX_NOTE_CHARS,
                ),
            )
        )


def view_of(message: DiscordMessage) -> discord.ui.View | None:
    """Build the (fully dynamic, never stored) view of a message's buttons."""
    if not message.button_rows:
        return None
    view = discord.ui.View(timeout=None)
    for row, buttons in enumerate(message.button_rows):
        for button in buttons:
            if isinstance(button, AskButton):
                view.add_item(AskButtonItem(button, row=row))
            elif isinstance(button, MoreButton):
                token = button.custom_id[len(MORE_PREFIX) :]
                view.add_item(MoreButtonItem(token, row=row, label=button.label))
            elif isinstance(button, ReportButton):
                payload = button.custom_id[len(REPORT_PREFIX) :]
                view.add_item(ReportButtonItem(payload, row=row, label=button.label))
    return view
