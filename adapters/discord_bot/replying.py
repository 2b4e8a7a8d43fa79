"""Sending rendered answers on Discord: interaction responses, follow-ups, channel posts.

An answer can take several messages (`render_answer` splits it to Discord's limits). The first
answers the interaction, directly or by editing the deferred "thinking…" reply; the rest
follow up. Every message goes out with `NO_PINGS`, whatever text it echoes.
"""

from __future__ import annotations

import asyncio
from typing import Any

import discord
from discord.utils import MISSING

from adapters.discord_bot.components import AnyInteraction, view_of
from adapters.discord_bot.render import DiscordMessage, is_private_reply, render_answer
from bot.answer import Answer

NO_PINGS = discord.AllowedMentions.none()
"""Sent with every message and response: the bot never pings anyone, whatever it echoes."""


async def send_initial(
    interaction: AnyInteraction, messages: tuple[DiscordMessage, ...], *, private: bool
) -> None:
    """Answer an interaction not yet responded to, the rest of the messages as follow-ups."""
    first, *rest = messages
    await interaction.response.send_message(
        content=first.content,
        embeds=list(first.embeds),
        view=view_of(first) or MISSING,
        ephemeral=private,
        allowed_mentions=NO_PINGS,
    )
    for message in rest:
        await follow_up(interaction, message, private=private)


async def send_deferred(
    interaction: AnyInteraction,
    work: asyncio.Future[Answer],
    *,
    echo: bool,
    typed: str | None,
    private_hint: bool,
) -> None:
    """Replace a deferred interaction's "thinking…" reply with the answer once it is ready."""
    answer = await work
    messages = render_answer(answer, echo_question=echo, typed=typed)
    private = is_private_reply(answer)
    if private and not private_hint:
        # The "thinking…" message is public and ephemerality cannot be changed by an
        # edit: remove it and send the answer privately instead.
        await interaction.delete_original_response()
        for message in messages:
            await follow_up(interaction, message, private=True)
        return
    first, *rest = messages
    await interaction.edit_original_response(
        content=first.content,
        embeds=list(first.embeds),
        view=view_of(first),
        allowed_mentions=NO_PINGS,
    )
    for message in rest:
        await follow_up(interaction, message, private=private_hint)


async def follow_up(interaction: AnyInteraction, message: DiscordMessage, *, private: bool) -> None:
    """Send one more message in answer to an interaction already responded to."""
    await interaction.followup.send(
        content=message.content or MISSING,
        embeds=list(message.embeds),
        view=view_of(message) or MISSING,
        ephemeral=private,
        allowed_mentions=NO_PINGS,
    )


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
        view = view_of(out)
        if view is not None:
            optional["view"] = view
        await channel.send(
            content=out.content,
            embeds=list(out.embeds),
            allowed_mentions=NO_PINGS,
            **optional,
        )
