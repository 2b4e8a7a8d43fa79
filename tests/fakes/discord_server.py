"""A fake Discord on 127.0.0.1: the REST API v10 and the gateway, real enough for discord.py.

Split by job: `discord_protocol` (constants, records), `discord_validators` (what Discord
refuses), `discord_state` (users, guilds, sessions), `discord_rest`, `discord_gateway`, and
this module, which drives the bot the way users do and is what tests import.

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
import secrets
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from tests.fakes.discord_gateway import DiscordGateway
from tests.fakes.discord_protocol import (
    API_PREFIX,
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    CALLBACK_AUTOCOMPLETE,
    CALLBACK_DEFER,
    CALLBACK_DEFER_UPDATE,
    CALLBACK_MESSAGE,
    CALLBACK_MODAL,
    CALLBACK_UPDATE,
    COMPONENT_ACTION_ROW,
    COMPONENT_LABEL,
    COMPONENT_TEXT_INPUT,
    DISCORD_EPOCH_MS,
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    HEARTBEAT_INTERVAL_MS,
    INTENT_DIRECT_MESSAGES,
    INTENT_GUILD_MESSAGES,
    INTENT_GUILDS,
    INTENT_MESSAGE_CONTENT,
    INTERACTION_DEADLINE_S,
    JSON,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    PING,
    PRIVILEGED_INTENTS,
    FakeDiscordError,
    FakeInteraction,
    Recorded,
    _now_iso,
    snowflake_time,
)
from tests.fakes.discord_rest import DiscordRest
from tests.fakes.discord_validators import (
    pings,
    validate_choices,
    validate_commands,
    validate_message,
    validate_modal,
)

MEMBER_PERMISSIONS = "2248473465835073"
"""A member's permissions in a slash command's payload by default: not Manage Channels."""
MANAGER_PERMISSIONS = str(int(MEMBER_PERMISSIONS) | 1 << 4)
BOT_PERMISSIONS = str(274877990912 | 1 << 10)
"""The bot's permissions in a channel (`app_permissions`): those of the invite link, plus View
Channel, which servers give everyone by default."""
"""The same with Manage Channels (bit 4), as /subscribe needs."""

__all__ = [
    "API_PREFIX",
    "APPLICATION_COMMAND",
    "AUTOCOMPLETE",
    "CALLBACK_AUTOCOMPLETE",
    "CALLBACK_DEFER",
    "CALLBACK_DEFER_UPDATE",
    "CALLBACK_MESSAGE",
    "CALLBACK_MODAL",
    "CALLBACK_UPDATE",
    "COMPONENT_ACTION_ROW",
    "COMPONENT_LABEL",
    "COMPONENT_TEXT_INPUT",
    "DISCORD_EPOCH_MS",
    "FLAG_EPHEMERAL",
    "FLAG_LOADING",
    "HEARTBEAT_INTERVAL_MS",
    "INTENT_DIRECT_MESSAGES",
    "INTENT_GUILDS",
    "INTENT_GUILD_MESSAGES",
    "INTENT_MESSAGE_CONTENT",
    "INTERACTION_DEADLINE_S",
    "JSON",
    "MANAGER_PERMISSIONS",
    "MEMBER_PERMISSIONS",
    "MESSAGE_COMPONENT",
    "MODAL_SUBMIT",
    "PING",
    "PRIVILEGED_INTENTS",
    "FakeDiscord",
    "FakeDiscordError",
    "FakeInteraction",
    "Recorded",
    "pings",
    "snowflake_time",
    "validate_choices",
    "validate_commands",
    "validate_message",
    "validate_modal",
]


class FakeDiscord(DiscordRest, DiscordGateway):
    """A fake Discord (REST v10 + gateway) serving one bot, one guild, one human and one bot."""

    def build_app(self) -> web.Application:
        """Serve the gateway (and its resume URL) and the REST API, recording every request."""
        app = web.Application(middlewares=[self._record])
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/resume-gateway", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        return app

    # --- driving the bot -------------------------------------------------------------------

    def interaction_payload(
        self,
        type_: int,
        data: JSON,
        *,
        user: JSON | None = None,
        guild_id: str | None = None,
        dm: bool = False,
        message: JSON | None = None,
        channel_id: str | None = None,
        permissions: str = MEMBER_PERMISSIONS,
        app_permissions: str = BOT_PERMISSIONS,
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
            "app_permissions": app_permissions,
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
            channel_id = channel_id or self.channel_id_by_guild[guild]
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
                "permissions": permissions,
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
        channel_id: str | None = None,
        permissions: str = MEMBER_PERMISSIONS,
        app_permissions: str = BOT_PERMISSIONS,
    ) -> FakeInteraction:
        """Create an interaction (its token becomes valid, its 3 s start now); don't send it."""
        payload = self.interaction_payload(
            type_,
            data,
            user=user,
            guild_id=guild_id,
            dm=dm,
            message=message,
            channel_id=channel_id,
            permissions=permissions,
            app_permissions=app_permissions,
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
        channel_id: str | None = None,
        permissions: str = MEMBER_PERMISSIONS,
        app_permissions: str = BOT_PERMISSIONS,
    ) -> FakeInteraction:
        """Dispatch an interaction and return its record (await `.responded` for the answer)."""
        record = self.open_interaction(
            type_,
            data,
            user=user,
            guild_id=guild_id,
            dm=dm,
            message=message,
            channel_id=channel_id,
            permissions=permissions,
            app_permissions=app_permissions,
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
