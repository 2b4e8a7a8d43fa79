"""The fake Discord's REST API: the routes discord.py calls, recorded and validated."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.fakes.discord_protocol import (
    _CALLBACKS_FOR,
    API_PREFIX,
    CALLBACK_AUTOCOMPLETE,
    CALLBACK_DEFER,
    CALLBACK_MESSAGE,
    CALLBACK_MODAL,
    CALLBACK_UPDATE,
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    JSON,
    FakeInteraction,
    Recorded,
    _now_iso,
    _response,
)
from tests.fakes.discord_state import DiscordState
from tests.fakes.discord_validators import (
    _FormErrors,
    _has_content,
    validate_choices,
    validate_commands,
    validate_message,
    validate_modal,
)


class DiscordRest(DiscordState):
    """The REST API v10 endpoints a bot calls, answering and failing as Discord does."""

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

    async def _callback(  # noqa: C901  # over the limit before it was enforced: split it
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
        wait = self.retry_after(asyncio.get_running_loop().time())
        if wait is not None:
            limited = {
                "message": "You are being rate limited.",
                "retry_after": wait,
                "global": True,
                "code": 0,
            }
            response = _response(limited, 429)
            # Discord's own 429s come through its proxy; discord.py reads one without `Via`
            # as a Cloudflare ban and gives up instead of waiting.
            response.headers["Via"] = "1.1 google"
            response.headers["Retry-After"] = str(max(1, round(wait)))
            response.headers["X-RateLimit-Global"] = "true"
            response.headers["X-RateLimit-Scope"] = "global"
            return response
        if channel_id in self.forbidden_channels:
            return _response({"message": "Missing Permissions", "code": 50013}, 403)
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
