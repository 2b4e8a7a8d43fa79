"""Slash-command names and descriptions in Discord's locales, from the language files.

Each command, option and description is registered as a `locale_str` whose `key` names its
entry in the language files ("ask.name", "member.country.description", …); at sync time
discord.py asks the `CommandTranslator` for each of Discord's locales and sends what it
returns as `name_localizations` / `description_localizations`. A language maps to every
Discord locale of that language (es → es-ES and es-419); a language Discord has no locale
for (Arabic, Hebrew, Kazakh) and a text no file translates stay English.
"""

from __future__ import annotations

from collections.abc import Mapping

import discord
from discord import app_commands

from bot.knowledge.commands import CommandSpec, OptionSpec

ENGLISH = "en"


def name_key(spec: CommandSpec, option: OptionSpec | None = None) -> app_commands.locale_str:
    """Return the command's (or its option's) name, keyed for translation."""
    if option is None:
        return app_commands.locale_str(spec.name, key=f"{spec.name}.name")
    return app_commands.locale_str(option.name, key=f"{spec.name}.{option.name}.name")


def description_key(spec: CommandSpec, option: OptionSpec | None = None) -> app_commands.locale_str:
    """Return the command's (or its option's) description, keyed for translation."""
    if option is None:
        return app_commands.locale_str(spec.description, key=f"{spec.name}.description")
    return app_commands.locale_str(option.description, key=f"{spec.name}.{option.name}.description")


def language_of(locale: discord.Locale) -> str:
    """Return the language code of a Discord locale ("es-419" → "es", "ru" → "ru")."""
    return locale.value.split("-", 1)[0].lower()


class CommandTranslator(app_commands.Translator):
    """Look each keyed command text up in the table the core built from the language files."""

    def __init__(self, table: Mapping[str, Mapping[str, str]]) -> None:
        self._table = table

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        """Return `string` in `locale`'s language, or None to leave it English."""
        key = string.extras.get("key")
        language = language_of(locale)
        if not isinstance(key, str) or language == ENGLISH:
            return None
        return self._table.get(key, {}).get(language)
