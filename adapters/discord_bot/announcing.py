"""Posting "What changed in the facts" to subscribed Discord channels.

The service's `Announcer` decides who gets what, once; this module only posts, and tells it
how the post went: Discord's 50001 (Missing Access), 50013 (Missing Permissions) and 10003
(Unknown Channel) mean the bot cannot post there any more, so the channel is paused; anything
else is retried later. discord.py itself waits out 429 responses (their `retry_after`).
"""

from __future__ import annotations

import logging
from typing import Final

import discord

from adapters.discord_bot.render import render_answer
from adapters.discord_bot.replying import post_messages
from bot.answer import Answer
from bot.service.announce import Announcer, Outcome, Posted, Poster, RoundSink
from bot.service.statestore import StateStore, Subscription

_log = logging.getLogger(__name__)

GONE_CODES: Final = frozenset({50001, 50013, 10003})
"""Missing Access, Missing Permissions, Unknown Channel: the channel is paused."""


def discord_poster(client: discord.Client) -> Poster:
    """Return the function that posts an announcement to one subscribed channel."""

    async def post(sub: Subscription, answer: Answer) -> Posted:
        try:
            channel = client.get_partial_messageable(int(sub.target))
        except ValueError:
            return Posted(Outcome.GONE, "not a channel id")
        try:
            await post_messages(channel, render_answer(answer))
        except discord.HTTPException as exc:
            if exc.code in GONE_CODES:
                return Posted(Outcome.GONE, f"Discord {exc.code}")
            return Posted(Outcome.FAILED, f"HTTP {exc.status}, code {exc.code}")
        except (OSError, TimeoutError) as exc:
            return Posted(Outcome.FAILED, type(exc).__name__)
        return Posted(Outcome.SENT)

    return post


def discord_announcer(
    client: discord.Client, store: StateStore, rounds: RoundSink | None = None
) -> Announcer:
    """Return the announcer for Discord's subscribed channels (its rounds counted in
    `rounds`, the metrics, when given)."""
    return Announcer(store, "discord", discord_poster(client), rounds=rounds)
