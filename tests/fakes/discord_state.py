"""The fake Discord's state and the helpers its REST API and gateway share."""

from __future__ import annotations

import asyncio
import collections
import itertools
import time
from collections.abc import Callable, Mapping
from typing import Any

import yarl
from aiohttp import web

from tests.fakes.discord_protocol import (
    _MENTION,
    API_PREFIX,
    APPLICATION_COMMAND,
    DISCORD_EPOCH_MS,
    INTENT_DIRECT_MESSAGES,
    INTENT_GUILD_MESSAGES,
    INTENT_MESSAGE_CONTENT,
    INTERACTION_DEADLINE_S,
    JSON,
    FakeDiscordError,
    FakeInteraction,
    Recorded,
    _Channel,
    _now_iso,
    _Session,
    _user,
)
from tests.fakes.server import LocalServer


class DiscordState(LocalServer):
    """What the fake Discord knows: its users, guilds, channels, sessions and records."""

    TOKEN = "fake-bot-token"

    def __init__(
        self,
        *,
        shards: int = 1,
        interaction_deadline_s: float = INTERACTION_DEADLINE_S,
        privileged_intents: int = 0,
        rate_limit: tuple[int, float] | None = None,
    ) -> None:
        """`rate_limit` (off by default) is (posts, seconds): channel posts beyond it get
        Discord's global 429 with its `retry_after`, and a retry that comes sooner is
        counted in `early_retries`."""
        super().__init__()
        self.rate_limit = rate_limit
        self.rate_limited: list[tuple[float, float]] = []  # (when, retry_after) of each 429
        self.early_retries = 0
        self.forbidden_channels: set[str] = set()  # posts there get 403, code 50013
        self._posted_at: collections.deque[float] = collections.deque()
        self._blocked_until = 0.0
        self.shard_count = shards
        self.interaction_deadline_s = interaction_deadline_s
        self.privileged_intents = privileged_intents
        self._ids = itertools.count(1)
        self.application_id = self.new_id()
        self.bot = _user(self.application_id, "Accords Bot", bot=True)
        self.human = _user(self.new_id(), "reader")
        self.other_human = _user(self.new_id(), "second reader")
        self.other_bot = _user(self.new_id(), "Another Bot", bot=True)
        self.guild_ids = [self._id_on_shard(shard) for shard in range(max(1, shards))]
        self.guild_id = self.guild_ids[0]
        self.channels: dict[str, _Channel] = {}
        self.channel_id_by_guild: dict[str, str] = {}
        for guild in self.guild_ids:
            channel = _Channel(self.new_id(), 0, guild)
            self.channels[channel.id] = channel
            self.channel_id_by_guild[guild] = channel.id
        self.channel_id = self.channel_id_by_guild[self.guild_id]
        report_channel = _Channel(self.new_id(), 0, self.guild_id)
        self.channels[report_channel.id] = report_channel
        self.report_channel_id = report_channel.id
        self.dm_channel_id: str | None = None

        self.requests: list[Recorded] = []
        self.problems: list[str] = []
        self.identifies: list[JSON] = []
        self.resumes: list[JSON] = []
        self.heartbeats = 0
        self.gateway_queries: list[dict[str, str]] = []
        self.gateway_paths: list[str] = []
        self.close_codes: list[int | None] = []  # close codes of websockets the bot closed
        self.global_commands: list[JSON] = []
        self.guild_commands: dict[str, list[JSON]] = {}
        self.interactions: dict[str, FakeInteraction] = {}
        self._interactions_by_token: dict[str, FakeInteraction] = {}
        self._sessions: dict[str, _Session] = {}
        self._shard_sessions: dict[int, _Session] = {}
        self._changed = asyncio.Condition()
        self._ws: set[web.WebSocketResponse] = set()

    # --- lifecycle -------------------------------------------------------------------------

    async def close_connections(self) -> None:
        """Close every websocket (the server stops after)."""
        for ws in list(self._ws):
            self._ws.discard(ws)
            await ws.close(code=1001)

    @property
    def api_base(self) -> str:
        """Return what `discord.http.Route.BASE` must be set to."""
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> yarl.URL:
        """Return what `DiscordWebSocket.DEFAULT_GATEWAY` must be set to."""
        return yarl.URL(f"ws://127.0.0.1:{self.port}/gateway")

    @property
    def resume_gateway_url(self) -> str:
        """Return the URL READY tells the client to resume on (distinct, so tests can see it)."""
        return f"ws://127.0.0.1:{self.port}/resume-gateway"

    def new_id(self) -> str:
        """Return a fresh snowflake."""
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return str((ms << 22) | (next(self._ids) & 0x3FFFFF))

    def _id_on_shard(self, shard: int) -> str:
        """Return a fresh snowflake whose guild would live on `shard` ((id >> 22) % shards)."""
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        ms += (shard - ms) % self.shard_count
        return str((ms << 22) | (next(self._ids) & 0x3FFFFF))

    def shard_of(self, guild_id: str | None) -> int:
        """Return the shard a guild's events go to (DMs go to shard 0)."""
        if guild_id is None:
            return 0
        return (int(guild_id) >> 22) % self.shard_count

    def add_channel(self, guild_id: str | None = None) -> str:
        """Add a text channel to a guild (the first by default) and return its id."""
        channel = _Channel(self.new_id(), 0, guild_id or self.guild_id)
        self.channels[channel.id] = channel
        return channel.id

    def retry_after(self, now: float) -> float | None:
        """Count a channel post against `rate_limit`; return the wait it must honour, if any.

        Discord's global limit: at most N requests in any window of S seconds. A request
        arriving before the last 429's retry_after has passed did not honour it.
        """
        if self.rate_limit is None:
            return None
        if now < self._blocked_until:
            self.early_retries += 1
        count, window = self.rate_limit
        while self._posted_at and now - self._posted_at[0] >= window:
            self._posted_at.popleft()
        if len(self._posted_at) < count:
            self._posted_at.append(now)
            return None
        wait = round(self._posted_at[0] + window - now, 3) + 0.001
        self._blocked_until = now + wait
        self.rate_limited.append((now, wait))
        return wait

    # --- waiting ---------------------------------------------------------------------------

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_until(self, check: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until `check()` is true, re-checking whenever the fake sees something."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(check)

    async def wait_for_request(
        self, predicate: Callable[[Recorded], bool], timeout: float = 5.0, *, after: int = 0
    ) -> Recorded:
        """Wait for a REST request (the first at index >= `after`) matching `predicate`."""
        found: list[Recorded] = []

        def check() -> bool:
            found[:] = [r for r in self.requests[after:] if predicate(r)]
            return bool(found)

        await self.wait_until(check, timeout)
        return found[0]

    # --- driving the bot -------------------------------------------------------------------

    async def dispatch(self, event: str, data: JSON, *, shard_id: int = 0) -> None:
        """Send a DISPATCH to a shard, or keep it for the RESUME if the shard is offline."""
        session = self._shard_sessions.get(shard_id)
        if session is None:
            raise FakeDiscordError(f"shard {shard_id} has not identified")
        if event == "MESSAGE_CREATE":
            filtered = self._as_delivered(session, data)
            if filtered is None:
                return
            data = filtered
        session.seq += 1
        payload = {"op": 0, "t": event, "s": session.seq, "d": data}
        session.sent.append(payload)
        if session.connection is not None:
            await session.connection.send(payload)

    async def disconnect(self, *, code: int = 4000, shard_id: int = 0) -> None:
        """Close a shard's websocket with `code` (4000: unknown error, the bot should resume)."""
        session = self._shard_sessions[shard_id]
        connection = session.connection
        if connection is not None:
            session.connection = None
            self._ws.discard(connection.ws)
            await connection.ws.close(code=code, message=b"fake: closing on request")

    async def request_reconnect(self, *, shard_id: int = 0) -> None:
        """Send op 7 RECONNECT to a shard; the bot should close and resume."""
        session = self._shard_sessions[shard_id]
        if session.connection is not None:
            await session.connection.send({"op": 7, "d": None})

    # --- messages --------------------------------------------------------------------------

    def _dm_channel(self) -> _Channel:
        if self.dm_channel_id is None:
            channel = _Channel(self.new_id(), 1, None, recipient=self.human)
            self.channels[channel.id] = channel
            self.dm_channel_id = channel.id
        return self.channels[self.dm_channel_id]

    def _channel_payload(self, channel_id: str) -> JSON:
        channel = self.channels[channel_id]
        if channel.type == 1:
            return {"id": channel.id, "type": 1, "recipients": [self.human]}
        return {
            "id": channel.id,
            "type": 0,
            "guild_id": channel.guild_id,
            "name": "accords-reports" if channel.id == self.report_channel_id else "accords",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }

    @staticmethod
    def _message_fields(body: JSON) -> JSON:
        fields: JSON = {}
        for key in ("content", "embeds", "components"):
            if key in body:
                empty: Any = "" if key == "content" else []
                fields[key] = body[key] if body[key] is not None else empty
        return fields

    def _message(
        self, channel: _Channel, author: JSON, body: JSON, *, reply_to: JSON | None = None
    ) -> JSON:
        content = str(body.get("content") or "")
        mentioned = set(_MENTION.findall(content))
        people = [self.bot, self.human, self.other_human, self.other_bot]
        message: JSON = {
            "id": self.new_id(),
            "channel_id": channel.id,
            "author": author,
            "content": content,
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,  # only set when the author may ping everyone
            "mentions": [u for u in people if u["id"] in mentioned],
            "mention_roles": [],
            "attachments": [],
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "type": 19 if reply_to is not None else 0,
            "flags": int(body.get("flags") or 0),
        }
        if channel.guild_id is not None:
            message["guild_id"] = channel.guild_id
            message["member"] = {"roles": [], "joined_at": _now_iso(), "deaf": False, "mute": False}
        if reply_to is not None:
            message["message_reference"] = {
                "type": 0,
                "message_id": reply_to["id"],
                "channel_id": channel.id,
                **({"guild_id": channel.guild_id} if channel.guild_id else {}),
            }
            message["referenced_message"] = dict(reply_to)
        channel.messages[message["id"]] = message
        return message

    def _interaction_message(self, record: FakeInteraction, body: JSON, flags: int) -> JSON:
        channel = self.channels[record.payload["channel_id"]]
        message = self._message(channel, self.bot, body)
        message["flags"] = flags
        message["type"] = 20 if record.type == APPLICATION_COMMAND else 0
        user = record.payload.get("member", {}).get("user") or record.payload.get("user")
        message["interaction_metadata"] = {
            "id": record.id,
            "type": record.type,
            "user": user,
            "authorizing_integration_owners": record.payload["authorizing_integration_owners"],
        }
        return message

    def _as_delivered(self, session: _Session, message: JSON) -> JSON | None:
        """Apply intents to a MESSAGE_CREATE: drop it, or blank its content, as Discord does."""
        in_guild = "guild_id" in message
        needed = INTENT_GUILD_MESSAGES if in_guild else INTENT_DIRECT_MESSAGES
        if not session.intents & needed:
            return None
        if not session.intents & INTENT_MESSAGE_CONTENT:
            mentions_bot = any(u["id"] == self.bot["id"] for u in message["mentions"])
            from_bot = message["author"]["id"] == self.bot["id"]
            if in_guild and not mentions_bot and not from_bot:
                return {**message, "content": "", "embeds": [], "components": []}
        return message

    def _command_data(
        self, name: str, options: Mapping[str, str | int], *, focused: str | None
    ) -> JSON:
        registered = next((c for c in self.global_commands if c["name"] == name), None)
        types = {o["name"]: o["type"] for o in (registered or {}).get("options") or []}
        data: JSON = {
            "id": registered["id"] if registered else self.new_id(),
            "name": name,
            "type": 1,
        }
        if options:
            data["options"] = [
                {
                    "name": key,
                    "type": types.get(key, 4 if isinstance(value, int) else 3),
                    "value": value,
                    **({"focused": True} if key == focused else {}),
                }
                for key, value in options.items()
            ]
        return data
