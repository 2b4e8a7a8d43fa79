"""The slash commands, built from the shared command specs (`bot.knowledge.commands.ALL_COMMANDS`).

discord.py reads a command's options from its callback's signature; the specs are the single
source, so each callback's signature is written from its spec. A command runs through the
front end's `run`; its option's autocomplete asks the front end's `complete`.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from adapters.discord_bot.components import AnyInteraction
from adapters.discord_bot.locales import description_key, name_key
from bot.knowledge.commands import CommandSpec

Run = Callable[[AnyInteraction, str, str], Awaitable[None]]
"""Run a command for an interaction: (interaction, command name, argument)."""
Complete = Callable[[str, str], Awaitable[list[app_commands.Choice[str]]]]
"""Return autocomplete choices: (command name, what the user has typed so far)."""


def slash_command(
    spec: CommandSpec, run: Run, complete: Complete
) -> app_commands.Command[Any, ..., None]:
    """Build the slash command of one shared command spec (name, option, autocomplete)."""
    option = spec.option

    async def callback(interaction: AnyInteraction, **options: Any) -> None:
        value = options.get(option.name) if option is not None else None
        await run(interaction, spec.name, "" if value is None else str(value))

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
        app_commands.describe(**{option.name: description_key(spec, option)})(callback)
        app_commands.rename(**{option.name: name_key(spec, option)})(callback)
    # discord.py reads a command's options from its callback's signature; the shared
    # COMMANDS tuple is the single source, so the signature is written from it.
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]  # a documented Python protocol
    command: app_commands.Command[Any, ..., None] = app_commands.Command(
        name=name_key(spec), description=description_key(spec), callback=callback
    )
    if spec.manage_channel:
        # Discord hides the command from members without Manage Channels (servers may
        # override it; the service checks the permission again) and from DMs.
        command.default_permissions = discord.Permissions(manage_channels=True)
        command.guild_only = True
    if option is not None and option.autocomplete:

        async def autocomplete(
            interaction: AnyInteraction, current: str
        ) -> list[app_commands.Choice[str]]:
            return await complete(spec.name, current)

        command.autocomplete(option.name)(autocomplete)
    return command
