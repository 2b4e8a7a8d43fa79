"""The Discord front end: slash commands, buttons, mentions and DMs in; rendered answers out.

It owns the platform concerns only: gateway intents (no privileged one), command registration
(explicit, never on start), the 3-second interaction deadline, ephemeral replies, allowed
mentions, sharding and shutdown. Answers come from `bot.service.ChatService`. Nothing here
knows a fact, a synonym, a threshold or a sentence of wording. The package is split by job:

    payload     payloads in: Conversation keys, Discord markup -> plain text (pure)
    listeners   slash commands, buttons, mentions, DMs, report forms
    slash       the slash-command tree, built from the shared command specs
    replying    sending rendered answers: responses, follow-ups, channel posts, no pings
    components  the suggestion, More and report buttons, the report modal
    render      Answer -> embeds and buttons (pure)
    reporting   what a report button carries, read back (pure)
    text        escaping and cutting text to Discord's limits (pure)
    locales     the commands' names and descriptions in Discord's locales
    announcing  posting what changed in the facts to subscribed channels
    serving     the client classes, command registration and `run`
"""

from adapters.discord_bot.listeners import DiscordFrontEnd
from adapters.discord_bot.payload import Conversation, plain_text_from_discord
from adapters.discord_bot.replying import NO_PINGS, post_messages
from adapters.discord_bot.serving import (
    AccordsClient,
    BotClient,
    ShardedAccordsClient,
    build_client,
    gateway_intents,
    run,
    sync_commands,
)

__all__ = [
    "NO_PINGS",
    "AccordsClient",
    "BotClient",
    "Conversation",
    "DiscordFrontEnd",
    "ShardedAccordsClient",
    "build_client",
    "gateway_intents",
    "plain_text_from_discord",
    "post_messages",
    "run",
    "sync_commands",
]
