"""The door of HTTP mode: read a request, check its signature, and only then hand it to bolt.

Anyone on the internet can reach `POST /slack/events`, so this door is quiet and strict with
strangers. A request whose signature or timestamp does not check out gets 401 and one short
log line a minute (a count, never the body, a user id or a question: bolt's own check would
log the whole body). A request that cannot be read (a client hanging up, a body that never
finishes, a fake gzip), parsed (invalid UTF-8, truncated JSON, an interactive `payload` that is
not JSON) or that has the wrong type where bolt or a listener reads (`adapters.slack_bot.shape`,
down to `actions[].action_id` and a view's state) gets 400, signed or not, never a 500 or an
ERROR traceback. Slack always sends UTF-8, so a declared charset is ignored.

The door parses the body itself and hands bolt the result: bolt reads any form whose text
merely contains the word "payload" (a slash command asking about one) as an empty interactive
payload, and would answer such a question with 404.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Final
from urllib.parse import parse_qsl

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from adapters.slack_bot.shape import payload_problem
from bot.service.storehealth import LogLimiter

_log = logging.getLogger(__name__)

BODY_TIMEOUT_S: Final = 10.0
"""How long a client may take to send the body once its headers are in."""
IDLE_TIMEOUT_S: Final = 15.0
"""How long a connection may sit without a whole request (idle, or headers half sent)."""
MAX_TIMESTAMP_DIGITS: Final = 12
MAX_AGE_S: Final = 300
"""A request signed longer ago than this (or ahead of our clock) is refused: a replay."""
LINGER_S: Final = 2.0
"""How long the rest of a refused body is read before the connection is closed."""

Dispatch = Callable[[AsyncBoltRequest], Awaitable[BoltResponse]]


class Refused(Exception):
    """A request the door turns away: its status and a short reason for the log."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class SlackGate:
    """Check each request of HTTP mode before bolt sees it."""

    def __init__(
        self, signing_secret: str, dispatch: Dispatch, body_timeout_s: float = BODY_TIMEOUT_S
    ) -> None:
        self._secret = signing_secret.encode()
        self._dispatch = dispatch
        self._body_timeout = body_timeout_s
        self._logs = LogLimiter()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer one `POST /slack/events`."""
        try:
            bolt_request = await self._admit(request)
        except Refused as refused:
            self._log_refusal(refused)
            return web.Response(status=refused.status, text=refused.reason)
        return await to_aiohttp_response(await self._dispatch(bolt_request))

    async def _admit(self, request: web.Request) -> AsyncBoltRequest:
        if request.headers.get("Content-Encoding", "identity").lower() not in ("", "identity"):
            raise Refused(400, "compressed bodies are not accepted")  # Slack never sends one
        raw = await self._read(request)
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        if not self._signed(raw, timestamp, signature):
            raise Refused(401, "invalid signature")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(400, "the body is not UTF-8") from None
        try:
            body = _parse(text, request.content_type)
        except (ValueError, RecursionError):
            raise Refused(400, "the body cannot be parsed") from None
        problem = payload_problem(body)
        if problem or not isinstance(body, dict):
            raise Refused(400, f"the body is not shaped as Slack sends it ({problem})")
        try:
            return _bolt_request(text, body, request)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError):
            # bolt reads the team, user and channel while it builds the request; the shape
            # check covers what it reads, this covers what a newer bolt may read besides.
            raise Refused(400, "the body cannot be read as a Slack request") from None

    async def _read(self, request: web.Request) -> bytes:
        try:
            async with asyncio.timeout(self._body_timeout):
                return await request.read()
        except TimeoutError:
            raise Refused(408, "the body did not arrive in time") from None
        except web.HTTPRequestEntityTooLarge:
            raise
        except (ConnectionError, web.HTTPException) as error:
            raise Refused(400, "the body could not be read") from error
        except Exception as error:  # aiohttp's payload errors (a fake gzip, a hang-up)
            raise Refused(400, "the body could not be read") from error

    def _signed(self, raw: bytes, timestamp: str, signature: str) -> bool:
        """Check Slack's signature over the raw bytes (any bytes: the body is not decoded yet)."""
        if not _is_timestamp(timestamp) or abs(time.time() - int(timestamp)) > MAX_AGE_S:
            return False
        base = b"v0:" + timestamp.encode() + b":" + raw
        expected = "v0=" + hmac.new(self._secret, base, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace"))

    def _log_refusal(self, refused: Refused) -> None:
        held = self._logs.allow(refused.reason)
        if held is not None:  # one short line a minute per reason: strangers cannot fill logs
            _log.warning(
                "slack: refused a request (%d, %s)%s",
                refused.status,
                refused.reason,
                f"; {held} more since the last line" if held else "",
            )


def _parse(text: str, content_type: str) -> object:
    """Read a body as bolt does (JSON, a form, or a form whose `payload` field is JSON), except
    that only a field named `payload` makes a form an interactive payload."""
    if not text:
        return {}
    if content_type == "application/json" or text.startswith("{"):
        return json.loads(text)
    form = dict(parse_qsl(text, keep_blank_values=True))
    return json.loads(form["payload"]) if "payload" in form else form


def _bolt_request(text: str, body: dict[str, Any], request: web.Request) -> AsyncBoltRequest:
    """Return bolt's request over the body as the door read it, still checked by bolt as an
    HTTP request (its own signature check runs on the raw text again)."""
    parsed = AsyncBoltRequest(
        body=body, query=request.query_string, headers=_headers(request), mode="socket_mode"
    )
    # The dict is taken as it is only outside HTTP mode; the request is one all the same.
    parsed.raw_body, parsed.mode = text, "http"
    return parsed


def _is_timestamp(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= MAX_TIMESTAMP_DIGITS


def _headers(request: web.Request) -> dict[str, str | Sequence[str]]:
    headers: dict[str, str | Sequence[str]] = {}
    for name in request.headers:
        headers[name.lower()] = request.headers.getall(name)
    return headers
