"""The Discord protocol as the fake speaks it: constants, records, and small builders.

Shared by the fake's REST API, gateway and validators (`tests.fakes.discord_server`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import zlib
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

JSON = dict[str, Any]

API_PREFIX = "/api/v10"
DISCORD_EPOCH_MS = 1_420_070_400_000
INTERACTION_DEADLINE_S = 3.0
HEARTBEAT_INTERVAL_MS = 41_250

INTENT_GUILDS = 1 << 0
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | INTENT_MESSAGE_CONTENT  # members, presences, content

FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7

# Interaction types and callback types (https://discord.com/developers/docs/interactions).
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
CALLBACK_MESSAGE, CALLBACK_DEFER, CALLBACK_DEFER_UPDATE, CALLBACK_UPDATE = 4, 5, 6, 7
CALLBACK_AUTOCOMPLETE, CALLBACK_MODAL = 8, 9
_CALLBACKS_FOR: dict[int, frozenset[int]] = {
    APPLICATION_COMMAND: frozenset({CALLBACK_MESSAGE, CALLBACK_DEFER, CALLBACK_MODAL}),
    MESSAGE_COMPONENT: frozenset(
        {CALLBACK_MESSAGE, CALLBACK_DEFER, CALLBACK_DEFER_UPDATE, CALLBACK_UPDATE, CALLBACK_MODAL}
    ),
    AUTOCOMPLETE: frozenset({CALLBACK_AUTOCOMPLETE}),
    # A modal cannot answer with another modal; update/defer-update only when it was opened
    # from a message component, which is the only way this fake opens one.
    MODAL_SUBMIT: frozenset(
        {CALLBACK_MESSAGE, CALLBACK_DEFER, CALLBACK_DEFER_UPDATE, CALLBACK_UPDATE}
    ),
}
COMPONENT_ACTION_ROW, COMPONENT_TEXT_INPUT, COMPONENT_LABEL = 1, 4, 18

_COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")
_MENTION = re.compile(r"<@!?(\d+)>")


class FakeDiscordError(AssertionError):
    """The fake saw something real Discord would refuse or never send; the test should fail."""


@dataclass(frozen=True, slots=True)
class Recorded:
    """One REST request the fake received, and what it answered."""

    method: str
    path: str  # without the /api/v10 prefix, e.g. "/channels/1/messages"
    query: dict[str, str]
    body: Any
    status: int
    response: Any
    at: float  # loop time when the request arrived


@dataclass(slots=True)
class FakeInteraction:
    """An interaction the fake dispatched, and everything the bot did with it."""

    id: str
    token: str
    type: int
    payload: JSON
    dispatched_at: float
    callbacks: list[JSON] = field(default_factory=list)
    answered_at: float | None = None
    original: JSON | None = None
    followups: list[JSON] = field(default_factory=list)
    responded: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def response(self) -> JSON:
        """Return the first (initial) callback body; fail if there was none."""
        if not self.callbacks:
            raise FakeDiscordError(f"interaction {self.id} was never answered")
        return self.callbacks[0]

    @property
    def latency_s(self) -> float:
        """Return the seconds from dispatch to the initial callback."""
        if self.answered_at is None:
            raise FakeDiscordError(f"interaction {self.id} was never answered")
        return self.answered_at - self.dispatched_at

    def messages(self) -> list[JSON]:
        """Return the visible messages of this interaction: the original, then followups."""
        out = [self.original] if self.original is not None else []
        return out + list(self.followups)


class _Connection:
    """One gateway websocket: its compression stream and the session it carries."""

    def __init__(self, ws: web.WebSocketResponse, compress: bool) -> None:
        self.ws = ws
        self._deflate = zlib.compressobj() if compress else None
        self.session: _Session | None = None
        self.lock = asyncio.Lock()

    async def send(self, payload: JSON) -> None:
        data = json.dumps(payload, separators=(",", ":"))
        async with self.lock:
            if self.ws.closed:
                return
            if self._deflate is None:
                await self.ws.send_str(data)
            else:
                chunk = self._deflate.compress(data.encode())
                await self.ws.send_bytes(chunk + self._deflate.flush(zlib.Z_SYNC_FLUSH))


@dataclass(slots=True)
class _Session:
    """A gateway session: survives its connection so it can be RESUMEd."""

    id: str
    shard: tuple[int, int]
    intents: int
    seq: int = 0
    sent: list[JSON] = field(default_factory=list)
    connection: _Connection | None = None


@dataclass(slots=True)
class _Channel:
    id: str
    type: int  # 0 guild text, 1 DM
    guild_id: str | None
    recipient: JSON | None = None
    messages: dict[str, JSON] = field(default_factory=dict)


def snowflake_time(snowflake: str) -> dt.datetime:
    """Return when a snowflake was made."""
    ms = (int(snowflake) >> 22) + DISCORD_EPOCH_MS
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC)


def _user(user_id: str, name: str, *, bot: bool = False) -> JSON:
    return {
        "id": user_id,
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "bot": bot,
        "system": False,
        "public_flags": 0,
        "flags": 0,
    }


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def _response(data: Any, status: int = 200) -> web.Response:
    # Bytes, not text: aiohttp would append "; charset=utf-8", which discord.py does not parse.
    return web.Response(
        status=status, body=json.dumps(data).encode(), content_type="application/json"
    )
