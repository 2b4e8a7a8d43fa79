"""Slack payloads in: where a request came from, and the plain text a person typed.

Pure (no network, no SDK). `Conversation.from_command / from_event / from_action /
from_share` read the one conversation key and user key of every kind of payload, and
`plain_text_from_slack` turns Slack's markup into the plain question the core expects:

    <@U024BE7LH|sam>, <@U024BE7LH>        gone (a mention is not part of the question)
    <!here> <!channel> <!everyone>         gone
    <!subteam^S012|@team>                  gone
    <#C024BE7LR|general>                   "general"
    <https://example.com|label>            "label" (a bare link: its address)
    <mailto:a@example.com|a@example.com>   "a@example.com"
    <!date^1600128000^{date}|15 Sep 2020>  its fallback text
    &amp; &lt; &gt;                        & < >

Nothing taken from markup can reach a reply as a ping: mentions are dropped here, and the
renderers escape `<`, `>` and `&` in everything they echo.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Final

from bot.service.chat import Channel

_TOKEN: Final = re.compile(r"<([^<>]*)>")
_SPACES: Final = re.compile(r"\s+")
_DROPPED_SPECIALS: Final = ("here", "channel", "everyone", "subteam^", "group")


def plain_text_from_slack(text: str) -> str:
    """Turn Slack message text into the plain question the user meant (see the module doc)."""
    text = _TOKEN.sub(_token_to_text, text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return _SPACES.sub(" ", text).strip()


def _token_to_text(match: re.Match[str]) -> str:
    target, _, label = match.group(1).partition("|")
    if target.startswith("@"):
        return " "  # a person, the bot included: not part of the question
    if target.startswith("!"):
        if target[1:].startswith(_DROPPED_SPECIALS):
            return " "
        return f" {label} " if label else " "  # e.g. <!date^…|fallback>
    if target.startswith("#"):
        return f" {label.lstrip('#')} " if label else " "
    if target.startswith("mailto:"):
        return f" {label or target.removeprefix('mailto:')} "
    return f" {label or target} "


@dataclass(frozen=True, slots=True)
class Conversation:
    """Where a question was asked: Slack team, channel, thread (or "") and user."""

    team: str
    channel: str
    thread_ts: str
    user: str

    @property
    def key(self) -> str:
        """Return the conversation key follow-up state is kept under."""
        return f"slack:{self.team}:{self.channel}:{self.thread_ts}:{self.user}"

    @property
    def user_key(self) -> str:
        """Return the key the per-user rate limit counts under."""
        return f"slack:{self.team}:{self.user}"

    @property
    def is_dm(self) -> bool:
        """Return True in a direct message with the bot."""
        return self.channel.startswith("D")

    @property
    def channel_ref(self) -> Channel | None:
        """Return the channel for /subscribe and /about (None in a DM): any member may manage."""
        if self.is_dm or not self.channel:
            return None
        return Channel(f"slack:{self.team}:{self.channel}", "slack", self.channel)

    @classmethod
    def from_command(cls, command: dict[str, Any]) -> Conversation:
        """Read a slash command's conversation (slash commands have no thread)."""
        return cls(
            team=str(command.get("team_id", "")),
            channel=str(command.get("channel_id", "")),
            thread_ts="",
            user=str(command.get("user_id", "")),
        )

    @classmethod
    def from_event(
        cls, body: dict[str, Any], event: dict[str, Any], team: str | None, *, mention: bool
    ) -> Conversation:
        """Read an event's conversation: a mention's thread starts at the mention itself."""
        thread = event.get("thread_ts") or (event.get("ts") if mention else "")
        return cls(
            team=str(team or body.get("team_id") or event.get("team") or ""),
            channel=str(event.get("channel", "")),
            thread_ts=str(thread or ""),
            user=str(event.get("user", "")),
        )

    @classmethod
    def from_action(cls, body: dict[str, Any]) -> Conversation:
        """Read a button press's conversation: the thread of the message the button was on."""
        container = body.get("container") or {}
        channel = str(container.get("channel_id") or (body.get("channel") or {}).get("id", ""))
        user = body.get("user") or {}
        message = body.get("message") or {}
        thread = ""
        if not is_ephemeral_action(body):
            thread = str(container.get("thread_ts") or message.get("thread_ts") or "")
            if not thread and not channel.startswith("D"):
                thread = str(container.get("message_ts") or "")
        return cls(
            team=str((body.get("team") or {}).get("id") or user.get("team_id", "")),
            channel=channel,
            thread_ts=thread,
            user=str(user.get("id", "")),
        )

    @classmethod
    def from_share(cls, body: dict[str, Any]) -> Conversation:
        """Read the conversation of a "Share in channel" press (the channel, no thread)."""
        return cls(
            team=str((body.get("team") or {}).get("id", "")),
            channel=str((body.get("channel") or {}).get("id", "")),
            thread_ts="",
            user=str((body.get("user") or {}).get("id", "")),
        )


def is_ephemeral_action(body: dict[str, Any]) -> bool:
    """Return True for a press on an ephemeral message (it can only be answered privately)."""
    container = body.get("container") or {}
    return bool(container.get("is_ephemeral")) or "message" not in body


def from_a_bot(event: dict[str, Any]) -> bool:
    """Return True for messages posted by any bot or app, ours included."""
    return bool(
        event.get("bot_id")
        or event.get("bot_profile")
        or event.get("subtype") == "bot_message"
        or event.get("app_id")
        or not event.get("user")
    )


def delivery_keys(body: dict[str, Any], event: dict[str, Any]) -> tuple[str, ...]:
    """Return the keys a repeated delivery of this event would repeat (event id, message)."""
    keys: list[str] = []
    if event_id := str(body.get("event_id") or ""):
        keys.append(f"event:{event_id}")
    if event.get("ts"):
        keys.append(f"msg:{event.get('channel', '')}:{event.get('ts', '')}")
    return tuple(keys)


def parse_share_value(raw: str) -> dict[str, str]:
    """Read a "Share in channel" button's value; {} if it is not ours."""
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if isinstance(v, str)}
