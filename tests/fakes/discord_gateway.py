"""The fake Discord's gateway: sessions, heartbeats, resuming and compression."""

from __future__ import annotations

import json
import secrets

from aiohttp import WSMsgType, web

from tests.fakes.discord_protocol import (
    HEARTBEAT_INTERVAL_MS,
    INTENT_GUILDS,
    JSON,
    PRIVILEGED_INTENTS,
    _Connection,
    _now_iso,
    _Session,
)
from tests.fakes.discord_state import DiscordState


class DiscordGateway(DiscordState):
    """The gateway: HELLO, IDENTIFY, READY, heartbeats, RESUME, RECONNECT, zlib-stream."""

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
