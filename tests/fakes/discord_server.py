"""A fake Discord on 127.0.0.1: the REST API v10 and the gateway, real enough for discord.py.

The real, unmodified discord.py talks to it after a test points `discord.http.Route.BASE` at
`FakeDiscord.api_base` and `discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY` at
`FakeDiscord.gateway_url` (a plain `Client` never asks `/gateway/bot`).

It behaves like Discord where a bot could get it wrong, and fails the way Discord fails:
- REST answers with `Content-Type: application/json` exactly (discord.py parses nothing else);
- message payloads are validated against Discord's limits and refused with 400 / 50035;
- an interaction answered twice gets 400 / 40060, one answered after 3 s gets 404 / 10062;
- a modal (callback type 9) is validated like Discord's (title, custom_id, labels, text
  inputs), and submitting it (`submit_modal`) sends the type-5 interaction Discord would,
  carrying the message whose button opened it; a value the client would refuse fails loudly;
- the gateway speaks HELLO → IDENTIFY → READY (with `resume_gateway_url`) → GUILD_CREATE,
  acknowledges heartbeats, replays missed events on RESUME, sends RECONNECT or closes with
  4000 on request, and compresses with `zlib-stream` (anything else fails loudly);
- events respect intents: no MESSAGE_CREATE without the messages intents, and without the
  privileged message-content intent a message's content is blank unless it mentions the bot
  or is a DM; asking for a privileged intent the app lacks closes the gateway with 4014;
- the bot's own messages come back over the gateway, as on Discord;
- the first guild has a second text channel (`report_channel_id`), for maintainers' reports.

Every REST request is recorded (`requests`) and every protocol violation the fake detects is
collected in `problems`; tests assert on both.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import json
import re
import secrets
import time
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yarl
from aiohttp import WSMsgType, web

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


class _FormErrors:
    """Collects validation errors in Discord's nested 50035 shape."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str, str]] = []

    def add(self, path: str, code: str, message: str) -> None:
        self.items.append((path, code, message))

    def max_length(self, path: str, value: object, limit: int, minimum: int = 0) -> None:
        if not isinstance(value, str):
            self.add(path, "BASE_TYPE_STRING", "Must be a string.")
        elif len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")
        elif len(value) < minimum:
            self.add(path, "BASE_TYPE_MIN_LENGTH", f"Must be {minimum} or more in length.")

    def body(self) -> JSON:
        errors: JSON = {}
        for path, code, message in self.items:
            node = errors
            for part in path.split("."):
                node = node.setdefault(part, {})
            node.setdefault("_errors", []).append({"code": code, "message": message})
        return {"code": 50035, "errors": errors, "message": "Invalid Form Body"}


def validate_message(payload: JSON, *, interaction: bool = False) -> list[tuple[str, str, str]]:
    """Return every reason Discord would refuse `payload` as a message (empty when it is fine)."""
    errors = _FormErrors()
    content = payload.get("content")
    if content is not None:
        errors.max_length("content", content, 2000)
    embeds = payload.get("embeds") or []
    if len(embeds) > 10:
        errors.add("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    total = 0
    for i, embed in enumerate(embeds):
        at = f"embeds.{i}"
        for key, limit in (("title", 256), ("description", 4096)):
            if key in embed:
                errors.max_length(f"{at}.{key}", embed[key], limit)
                total += len(embed[key] or "")
        fields = embed.get("fields") or []
        if len(fields) > 25:
            errors.add(f"{at}.fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        for j, fld in enumerate(fields):
            errors.max_length(f"{at}.fields.{j}.name", fld.get("name"), 256, minimum=1)
            errors.max_length(f"{at}.fields.{j}.value", fld.get("value"), 1024, minimum=1)
            total += len(fld.get("name") or "") + len(fld.get("value") or "")
        if "footer" in embed:
            errors.max_length(f"{at}.footer.text", embed["footer"].get("text"), 2048)
            total += len(embed["footer"].get("text") or "")
        if "author" in embed:
            errors.max_length(f"{at}.author.name", embed["author"].get("name"), 256)
            total += len(embed["author"].get("name") or "")
    if total > 6000:
        errors.add("embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")
    _validate_components(payload.get("components") or [], errors)
    _validate_allowed_mentions(payload.get("allowed_mentions"), errors)
    flags = int(payload.get("flags") or 0)
    allowed_flags = (1 << 2) | (1 << 12) | (FLAG_EPHEMERAL if interaction else 0)
    if flags & ~allowed_flags:
        errors.add("flags", "MESSAGE_FLAGS_INVALID", f"Invalid flags {flags}")
    return errors.items


def _validate_components(rows: list[JSON], errors: _FormErrors) -> None:
    if len(rows) > 5:
        errors.add("components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
    seen: set[str] = set()
    for i, row in enumerate(rows):
        if row.get("type") != 1:
            errors.add(f"components.{i}.type", "UNION_TYPE_CHOICES", "Expected an action row.")
            continue
        buttons = row.get("components") or []
        if not 1 <= len(buttons) <= 5:
            errors.add(f"components.{i}.components", "BASE_TYPE_BAD_LENGTH", "Must be 1 to 5.")
        for j, button in enumerate(buttons):
            at = f"components.{i}.components.{j}"
            if "label" in button:
                errors.max_length(f"{at}.label", button["label"], 80)
            if button.get("style") == 5:
                continue
            custom_id = button.get("custom_id")
            errors.max_length(f"{at}.custom_id", custom_id, 100, minimum=1)
            if custom_id in seen:
                errors.add(f"{at}.custom_id", "COMPONENT_CUSTOM_ID_DUPLICATED", "Duplicate id.")
            seen.add(str(custom_id))


def _validate_allowed_mentions(value: Any, errors: _FormErrors) -> None:
    if value is None:
        return
    parse = value.get("parse", [])
    if any(p not in ("roles", "users", "everyone") for p in parse):
        errors.add("allowed_mentions.parse", "BASE_TYPE_CHOICES", "Value must be one of …")
    for kind in ("users", "roles"):
        if kind in parse and value.get(kind):
            errors.add(
                f"allowed_mentions.{kind}",
                "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                f'parse:["{kind}"] and {kind}: [ids] are mutually exclusive.',
            )


def validate_modal(data: Any) -> list[tuple[str, str, str]]:
    """Return every reason Discord would refuse `data` as a modal (callback type 9)."""
    errors = _FormErrors()
    if not isinstance(data, dict):
        errors.add("data", "BASE_TYPE_REQUIRED", "This field is required")
        return errors.items
    errors.max_length("data.title", data.get("title"), 45, minimum=1)
    errors.max_length("data.custom_id", data.get("custom_id"), 100, minimum=1)
    components = data.get("components")
    if not isinstance(components, list) or not 1 <= len(components) <= 5:
        errors.add("data.components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
        return errors.items
    seen: set[str] = set()
    for i, component in enumerate(components):
        at = f"data.components.{i}"
        kind = component.get("type") if isinstance(component, dict) else None
        if kind == COMPONENT_LABEL:
            errors.max_length(f"{at}.label", component.get("label"), 45, minimum=1)
            if "description" in component:
                errors.max_length(f"{at}.description", component["description"], 100)
            inner = component.get("component")
            if isinstance(inner, dict) and inner.get("label") is not None:
                # Inside a label component a text input takes no label of its own (discord.py
                # sends "label": null, which Discord accepts).
                errors.add(f"{at}.component.label", "COMPONENT_INVALID_FIELD", "Not allowed.")
            _validate_text_input(inner, f"{at}.component", errors, seen)
        elif kind == COMPONENT_ACTION_ROW:
            inner_list = component.get("components") or []
            if len(inner_list) != 1:
                errors.add(f"{at}.components", "BASE_TYPE_BAD_LENGTH", "Must be 1 in length.")
            for j, inner in enumerate(inner_list):
                where = f"{at}.components.{j}"
                if isinstance(inner, dict):
                    errors.max_length(f"{where}.label", inner.get("label"), 45, minimum=1)
                _validate_text_input(inner, where, errors, seen)
        else:
            errors.add(f"{at}.type", "UNION_TYPE_CHOICES", "Expected a label or an action row.")
    return errors.items


def _validate_text_input(item: Any, at: str, errors: _FormErrors, seen: set[str]) -> None:
    if not isinstance(item, dict) or item.get("type") != COMPONENT_TEXT_INPUT:
        errors.add(f"{at}.type", "UNION_TYPE_CHOICES", "Expected a text input.")
        return
    custom_id = item.get("custom_id")
    errors.max_length(f"{at}.custom_id", custom_id, 100, minimum=1)
    if custom_id in seen:
        errors.add(f"{at}.custom_id", "COMPONENT_CUSTOM_ID_DUPLICATED", "Duplicate id.")
    seen.add(str(custom_id))
    if item.get("style") not in (1, 2):
        errors.add(f"{at}.style", "BASE_TYPE_CHOICES", "Value must be one of (1, 2).")
    for key, low in (("min_length", 0), ("max_length", 1)):
        value = item.get(key)
        if value is not None and (not isinstance(value, int) or not low <= value <= 4000):
            errors.add(f"{at}.{key}", "NUMBER_TYPE_MAX", f"Must be between {low} and 4000.")
    if "placeholder" in item and item["placeholder"] is not None:
        errors.max_length(f"{at}.placeholder", item["placeholder"], 100)
    if "value" in item and item["value"] is not None:
        errors.max_length(f"{at}.value", item["value"], 4000)


def validate_commands(commands: list[JSON]) -> list[tuple[str, str, str]]:
    """Return every reason Discord would refuse `commands` in a bulk overwrite."""
    errors = _FormErrors()
    names: set[str] = set()
    for i, command in enumerate(commands):
        name = str(command.get("name", ""))
        if not _COMMAND_NAME.match(name) or name != name.lower():
            errors.add(f"{i}.name", "APPLICATION_COMMAND_INVALID_NAME", "Invalid name.")
        if name in names:
            errors.add(f"{i}.name", "APPLICATION_COMMANDS_DUPLICATE_NAME", "Duplicate name.")
        names.add(name)
        if command.get("type", 1) == 1:
            errors.max_length(f"{i}.description", command.get("description"), 100, minimum=1)
        options = command.get("options") or []
        if len(options) > 25:
            errors.add(f"{i}.options", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        optional_seen = False
        for j, option in enumerate(options):
            at = f"{i}.options.{j}"
            if not _COMMAND_NAME.match(str(option.get("name", ""))):
                errors.add(f"{at}.name", "APPLICATION_COMMAND_INVALID_NAME", "Invalid name.")
            errors.max_length(f"{at}.description", option.get("description"), 100, minimum=1)
            if option.get("required"):
                if optional_seen:
                    errors.add(
                        f"{at}.required",
                        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                        "Required options must be placed before non-required options",
                    )
            else:
                optional_seen = True
            if option.get("autocomplete") and option.get("choices"):
                errors.add(f"{at}.autocomplete", "AUTOCOMPLETE_CHOICES", "Not both.")
            if option.get("autocomplete") and option.get("type") not in (3, 4, 10):
                errors.add(f"{at}.autocomplete", "AUTOCOMPLETE_TYPE", "Not for this type.")
    return errors.items


def validate_choices(choices: Any) -> list[tuple[str, str, str]]:
    """Return every reason Discord would refuse an autocomplete result."""
    errors = _FormErrors()
    if not isinstance(choices, list):
        errors.add("data.choices", "BASE_TYPE_ARRAY", "Must be an array.")
        return errors.items
    if len(choices) > 25:
        errors.add("data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    for i, choice in enumerate(choices):
        errors.max_length(f"data.choices.{i}.name", choice.get("name"), 100, minimum=1)
        value = choice.get("value")
        if isinstance(value, str):
            errors.max_length(f"data.choices.{i}.value", value, 100)
    return errors.items


class FakeDiscord:
    """A fake Discord (REST v10 + gateway) serving one bot, one guild, one human and one bot."""

    TOKEN = "fake-bot-token"

    def __init__(
        self,
        *,
        shards: int = 1,
        interaction_deadline_s: float = INTERACTION_DEADLINE_S,
        privileged_intents: int = 0,
    ) -> None:
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
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on 127.0.0.1 on a free port."""
        app = web.Application(middlewares=[self._record])
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/resume-gateway", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def close(self) -> None:
        """Close every websocket and stop listening."""
        for ws in list(self._ws):
            self._ws.discard(ws)
            await ws.close(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

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

    async def wait_ready(self, timeout: float = 5.0) -> None:
        """Wait until every shard has identified and been sent its guilds."""
        await self.wait_until(
            lambda: (
                len(self._shard_sessions) == self.shard_count
                and all(s.connection is not None for s in self._shard_sessions.values())
            ),
            timeout,
        )

    def session_id(self, shard_id: int = 0) -> str:
        """Return the id of a shard's current gateway session."""
        return self._shard_sessions[shard_id].id

    def last_seq(self, shard_id: int = 0) -> int:
        """Return the last sequence number sent on a shard's session."""
        return self._shard_sessions[shard_id].seq

    def connected(self, shard_id: int = 0) -> bool:
        """Say whether a shard currently has a live websocket."""
        session = self._shard_sessions.get(shard_id)
        return session is not None and session.connection is not None

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

    def interaction_payload(
        self,
        type_: int,
        data: JSON,
        *,
        user: JSON | None = None,
        guild_id: str | None = None,
        dm: bool = False,
        message: JSON | None = None,
    ) -> JSON:
        """Build an INTERACTION_CREATE payload as Discord sends it."""
        user = user or self.human
        interaction_id = self.new_id()
        payload: JSON = {
            "id": interaction_id,
            "application_id": self.application_id,
            "type": type_,
            "data": data,
            "token": "itoken-" + secrets.token_urlsafe(24),
            "version": 1,
            "app_permissions": "274877990912",
            "locale": "en-US",
            "entitlements": [],
            "attachment_size_limit": 26_214_400,
        }
        if dm:
            channel_id = self._dm_channel().id
            payload["channel_id"] = channel_id
            payload["channel"] = {"id": channel_id, "type": 1, "recipients": [user]}
            payload["user"] = user
            payload["context"] = 1
            payload["authorizing_integration_owners"] = {"0": "0"}
        else:
            guild = guild_id or self.guild_id
            channel_id = self.channel_id_by_guild[guild]
            payload["guild_id"] = guild
            payload["guild_locale"] = "en-US"
            payload["guild"] = {"id": guild, "locale": "en-US", "features": []}
            payload["channel_id"] = channel_id
            payload["channel"] = self._channel_payload(channel_id)
            payload["member"] = {
                "user": user,
                "roles": [],
                "joined_at": _now_iso(),
                "deaf": False,
                "mute": False,
                "flags": 0,
                "pending": False,
                "permissions": "2248473465835073",
            }
            payload["context"] = 0
            payload["authorizing_integration_owners"] = {"0": guild}
        if message is not None:
            payload["message"] = message
        return payload

    def open_interaction(
        self,
        type_: int,
        data: JSON,
        *,
        user: JSON | None = None,
        guild_id: str | None = None,
        dm: bool = False,
        message: JSON | None = None,
    ) -> FakeInteraction:
        """Create an interaction (its token becomes valid, its 3 s start now); don't send it."""
        payload = self.interaction_payload(
            type_, data, user=user, guild_id=guild_id, dm=dm, message=message
        )
        record = FakeInteraction(
            id=payload["id"],
            token=payload["token"],
            type=type_,
            payload=payload,
            dispatched_at=asyncio.get_running_loop().time(),
        )
        self.interactions[record.id] = record
        self._interactions_by_token[record.token] = record
        return record

    async def interact(
        self,
        type_: int,
        data: JSON,
        *,
        user: JSON | None = None,
        guild_id: str | None = None,
        dm: bool = False,
        message: JSON | None = None,
    ) -> FakeInteraction:
        """Dispatch an interaction and return its record (await `.responded` for the answer)."""
        record = self.open_interaction(
            type_, data, user=user, guild_id=guild_id, dm=dm, message=message
        )
        await self.dispatch(
            "INTERACTION_CREATE",
            record.payload,
            shard_id=self.shard_of(record.payload.get("guild_id")),
        )
        return record

    async def slash(
        self, name: str, options: Mapping[str, str | int] | None = None, **kwargs: Any
    ) -> FakeInteraction:
        """Dispatch a slash command, as if a user ran `/name option:value`."""
        data = self._command_data(name, options or {}, focused=None)
        return await self.interact(APPLICATION_COMMAND, data, **kwargs)

    async def autocomplete(
        self, name: str, option: str, value: str, **kwargs: Any
    ) -> FakeInteraction:
        """Dispatch an autocomplete request, as if a user were typing `value` into `option`."""
        data = self._command_data(name, {option: value}, focused=option)
        return await self.interact(AUTOCOMPLETE, data, **kwargs)

    async def press(self, message: JSON, custom_id: str, **kwargs: Any) -> FakeInteraction:
        """Dispatch a button press on `message` (which must carry that button)."""
        ids = [
            c.get("custom_id")
            for row in message.get("components") or []
            for c in row.get("components") or []
        ]
        if custom_id not in ids:
            raise FakeDiscordError(f"no button {custom_id!r} on message {message['id']}")
        data = {"custom_id": custom_id, "component_type": 2}
        return await self.interact(MESSAGE_COMPONENT, data, message=message, **kwargs)

    async def submit_modal(
        self, opened: FakeInteraction, values: Mapping[str, str] | None = None
    ) -> FakeInteraction:
        """Submit the modal the bot opened in answer to `opened`, with text input `values`.

        The type-5 interaction comes from the same user and channel, carries the message whose
        button opened the modal, and reports each text input in the shape it was sent in (under
        a label, or in an action row). Values the Discord client would not let a user submit
        (a required input left empty, too long, an unknown input) raise FakeDiscordError.
        """
        values = dict(values or {})
        modal = next((c for c in opened.callbacks if c.get("type") == CALLBACK_MODAL), None)
        if modal is None:
            raise FakeDiscordError(f"interaction {opened.id} was not answered with a modal")
        data = modal["data"]
        components: list[JSON] = []
        for component in data["components"]:
            if component["type"] == COMPONENT_LABEL:
                field_ = self._submitted_input(component["component"], values)
                components.append({"type": COMPONENT_LABEL, "component": field_})
            else:
                inner = [self._submitted_input(c, values) for c in component["components"]]
                components.append({"type": COMPONENT_ACTION_ROW, "components": inner})
        if values:
            raise FakeDiscordError(f"the modal has no inputs {sorted(values)}")
        payload = opened.payload
        user = payload.get("member", {}).get("user") or payload.get("user")
        return await self.interact(
            MODAL_SUBMIT,
            {"custom_id": data["custom_id"], "components": components},
            user=user,
            guild_id=payload.get("guild_id"),
            dm=payload.get("guild_id") is None,
            message=payload.get("message"),
        )

    @staticmethod
    def _submitted_input(item: JSON, values: dict[str, str]) -> JSON:
        """Return one text input as a modal submit reports it, checking what was typed."""
        custom_id = item["custom_id"]
        value = values.pop(custom_id, item.get("value") or "")
        if item.get("required", True) and not value:
            raise FakeDiscordError(f"input {custom_id!r} is required")
        if not item.get("min_length", 0) <= len(value) <= item.get("max_length", 4000):
            raise FakeDiscordError(f"input {custom_id!r} does not allow {len(value)} characters")
        return {"type": COMPONENT_TEXT_INPUT, "custom_id": custom_id, "value": value}

    async def answer(self, interaction: FakeInteraction, timeout: float = 5.0) -> JSON:
        """Wait for the bot's initial response to `interaction` and return its callback body."""
        async with asyncio.timeout(timeout):
            await interaction.responded.wait()
        return interaction.response

    async def user_message(
        self,
        content: str,
        *,
        author: JSON | None = None,
        dm: bool = False,
        guild_id: str | None = None,
        reply_to: JSON | None = None,
    ) -> JSON:
        """Post a message as a user (or bot) and deliver MESSAGE_CREATE as Discord would."""
        author = author or self.human
        if dm:
            channel = self._dm_channel()
        else:
            channel = self.channels[self.channel_id_by_guild[guild_id or self.guild_id]]
        message = self._message(channel, author, {"content": content}, reply_to=reply_to)
        await self.dispatch("MESSAGE_CREATE", message, shard_id=self.shard_of(channel.guild_id))
        return message

    # --- inspecting ------------------------------------------------------------------------

    def bot_messages(self, channel_id: str | None = None) -> list[JSON]:
        """Return the messages the bot posted to channels, oldest first."""
        channels = [self.channels[channel_id]] if channel_id else self.channels.values()
        out = [
            m
            for c in channels
            for m in c.messages.values()
            if m["author"]["id"] == self.bot["id"] and not m.get("interaction_metadata")
        ]
        return sorted(out, key=lambda m: int(m["id"]))

    def message_posts(self) -> list[Recorded]:
        """Return every accepted request that posted a channel message."""
        return [
            r
            for r in self.requests
            if r.method == "POST" and r.path.startswith("/channels/") and r.status == 200
        ]

    def sent_payloads(self) -> list[JSON]:
        """Return every message payload the bot sent: channel posts, callbacks, webhooks."""
        out: list[JSON] = []
        for r in self.requests:
            if not isinstance(r.body, dict):
                continue
            if r.path.endswith("/callback") and r.body.get("type") in (4, 7):
                out.append(r.body.get("data") or {})
            elif r.path.startswith(("/channels/", "/webhooks/")) and r.method in ("POST", "PATCH"):
                out.append(r.body)
        return out

    # --- REST -------------------------------------------------------------------------------

    @web.middleware
    async def _record(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        if not request.path.startswith(API_PREFIX):
            response: web.StreamResponse = await handler(request)
            return response
        at = asyncio.get_running_loop().time()
        raw = await request.read()
        body: Any = None
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw.decode(errors="replace")
        try:
            response = await handler(request)
        except Exception as exc:  # a bug in the fake must fail the test, not become a 500
            self.problems.append(f"fake crashed on {request.method} {request.path}: {exc!r}")
            response = _response({"message": f"fake crashed: {exc!r}", "code": 0}, 400)
        out: Any = None
        if isinstance(response, web.Response) and response.body is not None:
            with contextlib.suppress(ValueError, TypeError):
                out = json.loads(bytes(response.body))  # type: ignore[arg-type]
        path = request.path[len(API_PREFIX) :]
        self.requests.append(
            Recorded(request.method, path, dict(request.query), body, response.status, out, at)
        )
        await self._notify()
        return response

    async def _rest(self, request: web.Request) -> web.Response:
        path = request.path[len(API_PREFIX) :]
        method = request.method
        body: Any = None
        raw = await request.read()
        if raw:
            body = json.loads(raw)
        # Interaction callbacks and webhooks authenticate by their token, everything else by
        # the bot token.
        unauthenticated = path.startswith(("/interactions/", "/webhooks/"))
        if not unauthenticated and request.headers.get("Authorization") != f"Bot {self.TOKEN}":
            return _response({"message": "401: Unauthorized", "code": 0}, 401)

        routes: list[tuple[str, str, Callable[..., Any]]] = [
            ("GET", r"/users/@me", self._get_me),
            ("GET", r"/applications/@me", self._get_application),
            ("GET", r"/oauth2/applications/@me", self._get_application),
            ("GET", r"/gateway", self._get_gateway),
            ("GET", r"/gateway/bot", self._get_gateway_bot),
            ("PUT", r"/applications/(\d+)/commands", self._put_global_commands),
            ("GET", r"/applications/(\d+)/commands", self._get_global_commands),
            ("PUT", r"/applications/(\d+)/guilds/(\d+)/commands", self._put_guild_commands),
            ("GET", r"/applications/(\d+)/guilds/(\d+)/commands", self._get_guild_commands),
            ("POST", r"/interactions/(\d+)/([^/]+)/callback", self._callback),
            ("POST", r"/webhooks/(\d+)/([^/]+)", self._followup),
            ("GET", r"/webhooks/(\d+)/([^/]+)/messages/([^/]+)", self._get_webhook_message),
            ("PATCH", r"/webhooks/(\d+)/([^/]+)/messages/([^/]+)", self._edit_webhook_message),
            ("DELETE", r"/webhooks/(\d+)/([^/]+)/messages/([^/]+)", self._delete_webhook_message),
            ("POST", r"/channels/(\d+)/messages", self._post_message),
            ("POST", r"/users/@me/channels", self._open_dm),
        ]
        for route_method, pattern, handler in routes:
            match = re.fullmatch(pattern, path)
            if route_method == method and match:
                result: web.Response = await handler(request, body, *match.groups())
                return result
        self.problems.append(f"unexpected request {method} {path}")
        return _response({"message": "404: Not Found", "code": 0}, 404)

    async def _get_me(self, request: web.Request, body: Any) -> web.Response:
        return _response({**self.bot, "verified": True, "mfa_enabled": False, "locale": "en-US"})

    async def _get_application(self, request: web.Request, body: Any) -> web.Response:
        return _response(
            {
                "id": self.application_id,
                "name": "Accords Bot",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": self.human,
                "verify_key": "0" * 64,
                "flags": 0,
                "team": None,
                "summary": "",
                "interactions_endpoint_url": None,
                "bot": self.bot,
            }
        )

    async def _get_gateway(self, request: web.Request, body: Any) -> web.Response:
        return _response({"url": str(self.gateway_url)})

    async def _get_gateway_bot(self, request: web.Request, body: Any) -> web.Response:
        return _response(
            {
                "url": str(self.gateway_url),
                "shards": self.shard_count,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 14_400_000,
                    "max_concurrency": 1,
                },
            }
        )

    def _check_app(self, app_id: str) -> web.Response | None:
        if app_id != self.application_id:
            return _response({"message": "Unknown Application", "code": 10002}, 404)
        return None

    def _store_commands(self, commands: Any) -> tuple[list[JSON] | None, web.Response | None]:
        if not isinstance(commands, list):
            return None, _response(_FormErrors().body(), 400)
        problems = validate_commands(commands)
        if problems:
            errors = _FormErrors()
            errors.items = problems
            return None, _response(errors.body(), 400)
        stored = [
            {
                **c,
                "id": self.new_id(),
                "application_id": self.application_id,
                "version": self.new_id(),
                "type": c.get("type", 1),
            }
            for c in commands
        ]
        return stored, None

    async def _put_global_commands(self, request: web.Request, body: Any, app: str) -> web.Response:
        refused = self._check_app(app)
        if refused:
            return refused
        stored, error = self._store_commands(body)
        if error is not None or stored is None:
            return error or _response({}, 400)
        self.global_commands = stored
        return _response(stored)

    async def _get_global_commands(self, request: web.Request, body: Any, app: str) -> web.Response:
        return self._check_app(app) or _response(self.global_commands)

    async def _put_guild_commands(
        self, request: web.Request, body: Any, app: str, guild: str
    ) -> web.Response:
        refused = self._check_app(app)
        if refused:
            return refused
        if guild not in self.guild_ids:
            return _response({"message": "Missing Access", "code": 50001}, 403)
        stored, error = self._store_commands(body)
        if error is not None or stored is None:
            return error or _response({}, 400)
        for command in stored:
            command["guild_id"] = guild
        self.guild_commands[guild] = stored
        return _response(stored)

    async def _get_guild_commands(
        self, request: web.Request, body: Any, app: str, guild: str
    ) -> web.Response:
        return self._check_app(app) or _response(self.guild_commands.get(guild, []))

    async def _callback(
        self, request: web.Request, body: Any, interaction_id: str, token: str
    ) -> web.Response:
        loop = asyncio.get_running_loop()
        record = self.interactions.get(interaction_id)
        unknown = _response({"message": "Unknown interaction", "code": 10062}, 404)
        if record is None or record.token != token:
            return unknown
        if loop.time() - record.dispatched_at > self.interaction_deadline_s:
            self.problems.append(f"interaction {interaction_id} answered after the deadline")
            return unknown
        if record.callbacks:
            return _response(
                {"message": "Interaction has already been acknowledged.", "code": 40060}, 400
            )
        kind = body.get("type") if isinstance(body, dict) else None
        if kind not in _CALLBACKS_FOR.get(record.type, frozenset()):
            errors = _FormErrors()
            errors.add("type", "INTERACTION_RESPONSE_TYPE_INVALID", f"Invalid type {kind}.")
            return _response(errors.body(), 400)
        data = body.get("data") or {}
        if kind == CALLBACK_AUTOCOMPLETE:
            problems = validate_choices(data.get("choices"))
        elif kind == CALLBACK_MODAL:
            problems = validate_modal(body.get("data"))
        elif kind in (CALLBACK_MESSAGE, CALLBACK_UPDATE):
            problems = [(f"data.{p}", c, m) for p, c, m in validate_message(data, interaction=True)]
        else:
            problems = []
        if problems:
            errors = _FormErrors()
            errors.items = problems
            return _response(errors.body(), 400)

        record.callbacks.append(body)
        record.answered_at = loop.time()
        message: JSON | None = None
        flags = int(data.get("flags") or 0)
        if kind == CALLBACK_MESSAGE:
            message = self._interaction_message(record, data, flags)
            record.original = message
        elif kind == CALLBACK_DEFER:
            message = self._interaction_message(record, {"content": ""}, flags | FLAG_LOADING)
            record.original = message
        record.responded.set()
        await self._notify()
        if request.query.get("with_response") not in ("1", "true", "True"):
            return web.Response(status=204)
        result: JSON = {
            "interaction": {
                "id": record.id,
                "type": record.type,
                "response_message_id": message["id"] if message else None,
                "response_message_loading": kind == CALLBACK_DEFER,
                "response_message_ephemeral": bool(flags & FLAG_EPHEMERAL),
            }
        }
        if message is not None:
            result["resource"] = {"type": kind, "message": message}
        elif kind == CALLBACK_AUTOCOMPLETE:
            result["resource"] = {"type": kind}
        return _response(result)

    def _webhook_interaction(self, app: str, token: str) -> FakeInteraction | web.Response:
        record = self._interactions_by_token.get(token)
        if app != self.application_id or record is None:
            return _response({"message": "Unknown Webhook", "code": 10015}, 404)
        if not record.callbacks:
            return _response({"message": "Unknown Webhook", "code": 10015}, 404)
        return record

    async def _followup(
        self, request: web.Request, body: Any, app: str, token: str
    ) -> web.Response:
        record = self._webhook_interaction(app, token)
        if isinstance(record, web.Response):
            return record
        problems = validate_message(body, interaction=True)
        if not problems and not _has_content(body):
            return _response({"message": "Cannot send an empty message", "code": 50006}, 400)
        if problems:
            errors = _FormErrors()
            errors.items = problems
            return _response(errors.body(), 400)
        flags = int(body.get("flags") or 0)
        if record.original is not None and record.original["flags"] & FLAG_LOADING:
            # Discord's documented legacy behaviour: the first followup after a deferral
            # replaces the "thinking" message instead of posting a new one.
            record.original.update(self._message_fields(body))
            record.original["flags"] &= ~FLAG_LOADING
            message = record.original
        else:
            message = self._interaction_message(record, body, flags)
            record.followups.append(message)
        await self._notify()
        if request.query.get("wait") in ("true", "1", "True"):
            return _response(message)
        return web.Response(status=204)

    def _webhook_message(self, record: FakeInteraction, message_id: str) -> JSON | web.Response:
        if message_id == "@original":
            if record.original is None:
                return _response({"message": "Unknown Message", "code": 10008}, 404)
            return record.original
        for message in record.followups:
            if message["id"] == message_id:
                return message
        return _response({"message": "Unknown Message", "code": 10008}, 404)

    async def _get_webhook_message(
        self, request: web.Request, body: Any, app: str, token: str, message_id: str
    ) -> web.Response:
        record = self._webhook_interaction(app, token)
        if isinstance(record, web.Response):
            return record
        message = self._webhook_message(record, message_id)
        return message if isinstance(message, web.Response) else _response(message)

    async def _edit_webhook_message(
        self, request: web.Request, body: Any, app: str, token: str, message_id: str
    ) -> web.Response:
        record = self._webhook_interaction(app, token)
        if isinstance(record, web.Response):
            return record
        message = self._webhook_message(record, message_id)
        if isinstance(message, web.Response):
            return message
        problems = validate_message(body, interaction=True)
        if problems:
            errors = _FormErrors()
            errors.items = problems
            return _response(errors.body(), 400)
        message.update(self._message_fields(body))
        message["flags"] &= ~FLAG_LOADING
        message["edited_timestamp"] = _now_iso()
        await self._notify()
        return _response(message)

    async def _delete_webhook_message(
        self, request: web.Request, body: Any, app: str, token: str, message_id: str
    ) -> web.Response:
        record = self._webhook_interaction(app, token)
        if isinstance(record, web.Response):
            return record
        message = self._webhook_message(record, message_id)
        if isinstance(message, web.Response):
            return message
        if message is record.original:
            record.original = None
        else:
            record.followups.remove(message)
        await self._notify()
        return web.Response(status=204)

    async def _post_message(self, request: web.Request, body: Any, channel_id: str) -> web.Response:
        channel = self.channels.get(channel_id)
        if channel is None:
            return _response({"message": "Unknown Channel", "code": 10003}, 404)
        if not isinstance(body, dict):
            return _response({"message": "Cannot send an empty message", "code": 50006}, 400)
        problems = validate_message(body)
        reference = body.get("message_reference")
        if reference is not None:
            target = channel.messages.get(str(reference.get("message_id")))
            if target is None and reference.get("fail_if_not_exists", True):
                problems.append(("message_reference", "REPLIES_UNKNOWN_MESSAGE", "Unknown message"))
        if problems:
            errors = _FormErrors()
            errors.items = problems
            return _response(errors.body(), 400)
        if not _has_content(body):
            return _response({"message": "Cannot send an empty message", "code": 50006}, 400)
        referenced = channel.messages.get(str((reference or {}).get("message_id")))
        message = self._message(channel, self.bot, body, reply_to=referenced)
        # Discord echoes a bot's own messages back over the gateway; the bot must ignore them.
        shard = self.shard_of(channel.guild_id)
        if shard in self._shard_sessions:
            await self.dispatch("MESSAGE_CREATE", message, shard_id=shard)
        await self._notify()
        return _response(message)

    async def _open_dm(self, request: web.Request, body: Any) -> web.Response:
        if not isinstance(body, dict) or str(body.get("recipient_id")) not in (
            self.human["id"],
            self.other_human["id"],
        ):
            return _response({"message": "Unknown User", "code": 10013}, 404)
        channel = self._dm_channel()
        return _response(
            {"id": channel.id, "type": 1, "recipients": [self.human], "last_message_id": None}
        )

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

    # --- gateway ---------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        query = dict(request.query)
        self.gateway_queries.append(query)
        self.gateway_paths.append(request.path)
        compress = query.get("compress")
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        self._ws.add(ws)
        try:
            if query.get("v") != "10" or query.get("encoding", "json") != "json":
                self.problems.append(f"gateway asked for unsupported {query}")
                await ws.close(code=4012, message=b"Invalid API version")
                return ws
            if compress not in (None, "zlib-stream"):
                # discord.py picks zstd-stream when `zstandard` is installed; this fake (and
                # the suite) only speaks zlib-stream, so say so instead of hanging.
                self.problems.append(f"gateway asked for compress={compress}; fake speaks zlib")
                await ws.close(code=1011, message=b"fake speaks zlib-stream only")
                return ws
            connection = _Connection(ws, compress == "zlib-stream")
            await connection.send(
                {"op": 10, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}, "s": None, "t": None}
            )
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                await self._gateway_op(connection, json.loads(msg.data))
                if ws.closed:
                    break
        finally:
            if ws in self._ws:  # closed by the bot, not by the fake
                self.close_codes.append(ws.close_code)
            self._ws.discard(ws)
            for session in self._sessions.values():
                if session.connection is not None and session.connection.ws is ws:
                    session.connection = None
            await self._notify()
        return ws

    async def _gateway_op(self, connection: _Connection, payload: JSON) -> None:
        op = payload.get("op")
        raw = payload.get("d")
        data: JSON = raw if isinstance(raw, dict) else {}
        if op == 1:
            self.heartbeats += 1
            await connection.send({"op": 11, "d": None, "s": None, "t": None})
        elif op == 2:
            await self._identify(connection, data)
        elif op == 6:
            await self._resume(connection, data)
        elif op in (3, 4, 8):
            pass  # presence, voice state, request members: accepted, not modelled
        else:
            self.problems.append(f"gateway got unknown op {op}")
            await connection.ws.close(code=4001, message=b"Unknown opcode")

    async def _identify(self, connection: _Connection, data: JSON) -> None:
        self.identifies.append(data)
        if data.get("token") != self.TOKEN:
            await connection.ws.close(code=4004, message=b"Authentication failed")
            return
        intents = int(data.get("intents", 0))
        if intents & PRIVILEGED_INTENTS & ~self.privileged_intents:
            await connection.ws.close(code=4014, message=b"Disallowed intent(s)")
            return
        shard = tuple(data.get("shard") or (0, 1))
        if len(shard) != 2 or shard[1] != self.shard_count or not 0 <= shard[0] < shard[1]:
            await connection.ws.close(code=4010, message=b"Invalid shard")
            return
        shard_id = int(shard[0])
        session = _Session(secrets.token_hex(16), (shard_id, self.shard_count), intents)
        self._sessions[session.id] = session
        self._shard_sessions[shard_id] = session
        session.connection = connection
        connection.session = session
        guilds = [g for g in self.guild_ids if self.shard_of(g) == shard_id]
        await self.dispatch(
            "READY",
            {
                "v": 10,
                "user": {**self.bot, "verified": True, "mfa_enabled": False},
                "guilds": [{"id": g, "unavailable": True} for g in guilds],
                "session_id": session.id,
                "resume_gateway_url": self.resume_gateway_url,
                "shard": [shard_id, self.shard_count],
                "application": {"id": self.application_id, "flags": 0},
                "private_channels": [],
                "relationships": [],
            },
            shard_id=shard_id,
        )
        if intents & INTENT_GUILDS:
            for guild in guilds:
                await self.dispatch("GUILD_CREATE", self._guild_payload(guild), shard_id=shard_id)
        await self._notify()

    async def _resume(self, connection: _Connection, data: JSON) -> None:
        self.resumes.append(data)
        session = self._sessions.get(str(data.get("session_id")))
        if session is None or data.get("token") != self.TOKEN:
            await connection.send({"op": 9, "d": False, "s": None, "t": None})
            return
        session.connection = connection
        connection.session = session
        last = int(data.get("seq") or 0)
        for payload in session.sent:
            if payload["s"] > last:
                await connection.send(payload)
        await self.dispatch("RESUMED", {}, shard_id=session.shard[0])
        await self._notify()

    def _guild_payload(self, guild_id: str) -> JSON:
        channels = [c.id for c in self.channels.values() if c.guild_id == guild_id]
        return {
            "id": guild_id,
            "name": "Accords test guild",
            "icon": None,
            "owner_id": self.human["id"],
            "features": [],
            "emojis": [],
            "stickers": [],
            "roles": [
                {
                    "id": guild_id,
                    "name": "@everyone",
                    "permissions": "2248473465835073",
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                }
            ],
            "channels": [self._channel_payload(channel_id) for channel_id in channels],
            "threads": [],
            "members": [
                {
                    "user": self.bot,
                    "roles": [],
                    "joined_at": _now_iso(),
                    "deaf": False,
                    "mute": False,
                    "flags": 0,
                }
            ],
            "voice_states": [],
            "presences": [],
            "member_count": 3,
            "large": False,
            "unavailable": False,
            "joined_at": _now_iso(),
            "preferred_locale": "en-US",
            "premium_tier": 0,
            "system_channel_flags": 0,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
        }


def _has_content(body: JSON) -> bool:
    return bool(body.get("content") or body.get("embeds") or body.get("components"))


def pings(payload: JSON, *, default_parse: Iterable[str] = ("users", "roles", "everyone")) -> bool:
    """Say whether a sent message could ping anyone, applying Discord's allowed_mentions rules.

    Without `allowed_mentions`, Discord parses every mention in the content.
    """
    content = str(payload.get("content") or "")
    allowed = payload.get("allowed_mentions")
    parse = set(default_parse) if allowed is None else set(allowed.get("parse", []))
    explicit_users = set(map(str, (allowed or {}).get("users", [])))
    explicit_roles = set(map(str, (allowed or {}).get("roles", [])))
    if re.search(r"@(everyone|here)\b", content) and "everyone" in parse:
        return True
    for user_id in re.findall(r"<@!?(\d+)>", content):
        if "users" in parse or user_id in explicit_users:
            return True
    for role_id in re.findall(r"<@&(\d+)>", content):
        if "roles" in parse or role_id in explicit_roles:
            return True
    return bool((allowed or {}).get("replied_user"))
