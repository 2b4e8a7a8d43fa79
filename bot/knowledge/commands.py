"""The command set every platform shares: names, descriptions and the one option of each.

Adapters register these as slash commands; the console accepts them as `/name argument`.
The behaviour of each command lives in `bot.engine.Engine.run_command`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from bot.answer import Answer, Status


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """The single option a command may take."""

    name: str
    description: str
    required: bool
    autocomplete: bool = False
    integer: bool = False


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """A command: its name without the slash, a short description, and its option."""

    name: str
    description: str
    option: OptionSpec | None = None
    usage_hint: str = ""
    manage_channel: bool = False
    """Changes the channel itself (Discord asks for the Manage Channels permission)."""


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(
        "ask",
        "Ask anything about the Abraham Accords",
        OptionSpec("question", "Your question, in plain words", required=True),
        "when did Morocco join?",
    ),
    CommandSpec("members", "List the members of the Abraham Accords and their status"),
    CommandSpec(
        "member",
        "One country: is it a member, when and how it joined, its status now",
        OptionSpec("country", "A member or related country", required=True, autocomplete=True),
        "Morocco",
    ),
    CommandSpec(
        "timeline",
        "What happened, year by year (2020 to today)",
        OptionSpec("year", "A year such as 2020 (optional)", required=False, autocomplete=True),
        "2021",
    ),
    CommandSpec(
        "critiques",
        "Critiques and defences, each attributed to who makes it",
        OptionSpec(
            "topic", "e.g. Palestinians, human rights (optional)", required=False, autocomplete=True
        ),
        "Western Sahara",
    ),
    CommandSpec("sources", "Where the facts come from, and how current they are"),
    CommandSpec("about", "What this bot knows, its as-of date, how to report a wrong fact"),
)

COMMAND_NAMES: frozenset[str] = frozenset(c.name for c in COMMANDS)

CHANNEL_COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(
        "subscribe",
        "Post here what changes whenever the maintainers update the facts",
        manage_channel=True,
    ),
    CommandSpec("unsubscribe", "Stop posting fact updates in this channel", manage_channel=True),
    CommandSpec("changes", "The last few updates to the facts, with their dates"),
)
"""Commands about the channel and the store rather than the facts: the service layer runs
them (`bot.service.chat`), so the core's engine never sees them."""

HELP_COMMAND: Final = "help"

SERVICE_COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(HELP_COMMAND, "The commands, and three questions to try"),
)
"""Commands about the bot itself: the service layer answers them, the engine never sees them."""

ALL_COMMANDS: tuple[CommandSpec, ...] = (*COMMANDS, *CHANNEL_COMMANDS, *SERVICE_COMMANDS)
"""Every command the platforms register, in order."""

MAX_CHOICES = 25


def find_command(name: str) -> CommandSpec | None:
    """Return the command called `name` (without a leading slash), or None."""
    wanted = name.strip().lstrip("/").casefold()
    return next((c for c in COMMANDS if c.name == wanted), None)


def find_any_command(name: str) -> CommandSpec | None:
    """Return the command called `name` among every registered one, channel commands too."""
    wanted = name.strip().lstrip("/").casefold()
    return next((c for c in ALL_COMMANDS if c.name == wanted), None)


def command_from_suggestion(text: str) -> tuple[str, str]:
    """Turn a suggestion (a button's text) into the command it runs and its argument.

    A suggestion is a question ("When did Sudan join?", asked with /ask) or a command line
    such as "/timeline 2023"; an unknown "/word" is asked as a question.
    """
    if text.startswith("/"):
        name, _, argument = text[1:].partition(" ")
        spec = find_any_command(name)
        if spec is not None:
            return spec.name, argument.strip()
    return "ask", text


MORE_COMMAND: Final = "more"
"""What a More button runs: not a slash command, the service answers it (`bot.service.more`)
with the whole record its token names, recomposed from the facts served at the press."""

MORE_CHANGES: Final = "changes"
"""The More token of an announcement: the full list of recent changes."""

MORE_TOKEN_LIMIT: Final = 90
"""A token fits a Discord custom_id (100) behind its prefix, and Slack's 2000 with room."""


def more_token(answer: Answer) -> str | None:
    """Return what a More button under `answer` carries, or None when `more` adds nothing.

    For a record it is "INTENT:FACT_ID", for an announcement `MORE_CHANGES`: small enough for
    any platform's button, and enough to recompose the record after a restart or a reload.
    """
    more = answer.more.strip()
    if answer.is_notice or answer.status is not Status.ANSWERED or not more:
        return None
    if more == answer.text().strip():
        return None
    if answer.intent == MORE_CHANGES:
        return MORE_CHANGES
    if not answer.fact_ids or not answer.intent:
        return None
    token = f"{answer.intent}:{answer.fact_ids[0]}"
    return token if len(token) <= MORE_TOKEN_LIMIT and token.isprintable() else None


def command_from_more(token: str) -> tuple[str, str]:
    """Turn a More press (the token its button carries) into the command it runs."""
    return MORE_COMMAND, token.strip()
