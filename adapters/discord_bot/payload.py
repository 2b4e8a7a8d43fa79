"""Discord payloads in: where a request came from, and the plain text a person typed.

Pure (no network; discord.py only for types). `Conversation.from_interaction` and
`from_message` read the one conversation key and user key, and `plain_text_from_discord`
turns Discord's markup into the plain question the core expects:

    <@123>, <@!123>            gone (a mention is not part of the question; the bot's own too)
    <@&456>                    gone (a role)
    <#789>                     gone (a channel)
    </ask:123>                 gone (a command mention)
    <:flag_ae:111>, <a:x:222>  gone (custom emoji)
    <t:1600128000:R>           "15 September 2020" (a timestamp, as a date)
    @everyone, @here           gone

Nothing taken from markup can reach a reply as a ping: mentions are dropped here, every
message is sent with no allowed mentions, and the renderer escapes what it echoes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

import discord

from bot.service.chat import Channel

_DROPPED: Final = re.compile(
    r"<@[!&]?\d+>|<#\d+>|</[\w -]+:\d+>|<a?:\w+:\d+>|(?<![\w@])@(?:everyone|here)\b", re.ASCII
)
_TIMESTAMP: Final = re.compile(r"<t:(-?\d{1,20})(?::[tTdDfFR])?>")
_SPACES: Final = re.compile(r"\s+")


def plain_text_from_discord(text: str) -> str:
    """Turn Discord message text into the plain question the user meant (see the module doc)."""
    text = _TIMESTAMP.sub(_date_of, text)
    text = _DROPPED.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _date_of(match: re.Match[str]) -> str:
    try:
        when = dt.datetime.fromtimestamp(int(match.group(1)), tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return " "
    return f" {when.day} {when:%B} {when.year} "


@dataclass(frozen=True, slots=True)
class Conversation:
    """Where a question was asked: a channel (None in a DM without one) and a user."""

    channel_id: int | None
    user_id: int

    @property
    def key(self) -> str:
        """Return the conversation key follow-up state is kept under (per channel and user)."""
        channel = self.channel_id if self.channel_id is not None else "dm"
        return f"discord:{channel}:{self.user_id}"

    @property
    def user_key(self) -> str:
        """Return the key the per-user rate limit counts under."""
        return f"discord:{self.user_id}"

    @classmethod
    def from_interaction(cls, interaction: discord.Interaction[discord.Client]) -> Conversation:
        """Read a slash command's or a button press's conversation."""
        return cls(interaction.channel_id, interaction.user.id)

    @classmethod
    def from_message(cls, message: discord.Message) -> Conversation:
        """Read a message's conversation."""
        return cls(message.channel.id, message.author.id)


def channel_of(interaction: discord.Interaction[discord.Client]) -> Channel | None:
    """Return the channel a command was given in, for /subscribe and /about (None in a DM).

    Subscribing needs the Manage Channels permission, which Discord also enforces on the
    command (`default_member_permissions`); the run-time check covers servers that override
    that default.
    """
    if interaction.guild_id is None or interaction.channel_id is None:
        return None
    return Channel(
        key=f"discord:{interaction.channel_id}",
        platform="discord",
        target=str(interaction.channel_id),
        may_manage=interaction.permissions.manage_channels,
        can_post=bot_can_post(interaction),
    )


def bot_can_post(interaction: discord.Interaction[discord.Client]) -> bool:
    """Return True if the bot may post in the interaction's channel (what Discord says the
    app's permissions there are): View Channel, and Send Messages (in Threads, in a thread)."""
    perms = interaction.app_permissions
    in_thread = isinstance(interaction.channel, discord.Thread)
    sends = perms.send_messages_in_threads if in_thread else perms.send_messages
    return perms.view_channel and sends


def is_question_for(message: discord.Message, me: discord.ClientUser | None) -> bool:
    """Return True for a message the bot answers: a DM, or one that mentions the bot.

    Never our own messages, other bots' or webhooks'.
    """
    if me is None or message.author.bot or message.webhook_id is not None:
        return False
    return message.guild is None or any(user.id == me.id for user in message.mentions)
