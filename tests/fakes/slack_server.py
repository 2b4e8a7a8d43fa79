"""Local fakes of Slack on 127.0.0.1 for end-to-end tests of the Slack front end.

- `FakeSlack` serves the Web API (`/api/<method>`), `response_url` endpoints and the Socket
  Mode websocket that `apps.connections.open` points to; it records every call (method,
  parsed body, headers) and validates blocks as Slack does (`invalid_blocks`). `views.open`
  checks the modal against Slack's view limits and wants a trigger id this fake issued
  (`new_trigger_id`), used once and within 3 seconds, as Slack does.
- `sign_request` signs bytes exactly as Slack does (`v0:timestamp:body`, HMAC-SHA256), and
  `SignedPoster` sends form-encoded or JSON requests to an HTTP-mode app.
- Payload builders produce the shapes Slack sends: slash commands, `event_callback`
  envelopes, `block_actions`, `view_submission`.

Nothing here leaves the loopback interface: every server binds 127.0.0.1:0 and reports the
port the kernel chose.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import hashlib
import hmac
import itertools
import json
import math
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar
from urllib.parse import parse_qsl, urlencode

import aiohttp
from aiohttp import web

from tests.fakes.server import LocalServer

TEAM_ID: Final = "T0TEAM"
APP_ID: Final = "A0APP"
BOT_USER_ID: Final = "U0BOT"
BOT_ID: Final = "B0BOT"
BOT_TOKEN: Final = "xoxb-test-bot-token"
APP_TOKEN: Final = "xapp-test-app-token"
SIGNING_SECRET: Final = "test-signing-secret"
USER_ID: Final = "U0ALICE"
OTHER_USER_ID: Final = "U0BOB"
CHANNEL_ID: Final = "C0GENERAL"
DM_CHANNEL_ID: Final = "D0ALICE"
REPORT_CHANNEL_ID: Final = "C0REPORTS"

WAIT_S: Final = 5.0
TRIGGER_TTL_S: Final = 3.0

T = TypeVar("T")


# --------------------------------------------------------------------------- Block Kit checks


def block_problems(blocks: Any, *, max_blocks: int = 50, inputs: bool = False) -> list[str]:  # noqa: C901  # over the limit before it was enforced: split it
    """Return what Slack would reject in `blocks` (empty when the blocks are valid).

    Messages hold 50 blocks, modals 100; `inputs` allows input blocks (a modal's).
    """
    if not isinstance(blocks, list):
        return ["blocks must be an array"]
    problems: list[str] = []
    if len(blocks) > max_blocks:
        problems.append(f"{len(blocks)} blocks; at most {max_blocks}")
    action_ids: set[str] = set()
    block_ids: set[str] = set()
    for i, block in enumerate(blocks):
        where = f"blocks[{i}]"
        if not isinstance(block, dict):
            problems.append(f"{where} must be an object")
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or not 1 <= len(block_id) <= 255:
                problems.append(f"{where}.block_id must be 1-255 characters")
            elif block_id in block_ids:
                problems.append(f"{where}.block_id {block_id!r} is not unique")
            else:
                block_ids.add(block_id)
        kind = block.get("type")
        if kind == "section":
            problems.extend(_section_problems(block, where))
        elif kind == "context":
            elements = block.get("elements")
            if not isinstance(elements, list) or not 1 <= len(elements) <= 10:
                problems.append(f"{where}.elements must hold 1-10 elements")
                continue
            for j, element in enumerate(elements):
                problems.extend(_text_problems(element, f"{where}.elements[{j}]", 3000))
        elif kind == "actions":
            elements = block.get("elements")
            if not isinstance(elements, list) or not 1 <= len(elements) <= 25:
                problems.append(f"{where}.elements must hold 1-25 elements")
                continue
            for j, element in enumerate(elements):
                problems.extend(_button_problems(element, f"{where}.elements[{j}]", action_ids))
        elif kind == "header":
            problems.extend(_text_problems(block.get("text"), f"{where}.text", 150, plain=True))
        elif kind == "divider":
            pass
        elif kind == "input" and inputs:
            problems.extend(_input_problems(block, where, action_ids))
        else:
            problems.append(f"{where}.type {kind!r} is not a block type this app uses")
    return problems


def _section_problems(block: dict[str, Any], where: str) -> list[str]:
    problems: list[str] = []
    text, fields = block.get("text"), block.get("fields")
    if text is None and fields is None:
        problems.append(f"{where} needs text or fields")
    if text is not None:
        problems.extend(_text_problems(text, f"{where}.text", 3000))
    if fields is not None:
        if not isinstance(fields, list) or not 1 <= len(fields) <= 10:
            problems.append(f"{where}.fields must hold 1-10 items")
        else:
            for j, item in enumerate(fields):
                problems.extend(_text_problems(item, f"{where}.fields[{j}]", 2000))
    return problems


def _text_problems(obj: Any, where: str, limit: int, *, plain: bool = False) -> list[str]:
    if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
        return [f"{where} must be a text object"]
    if plain and obj["type"] != "plain_text":
        return [f"{where} must be plain_text"]
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return [f"{where}.text must not be empty"]
    if len(text) > limit:
        return [f"{where}.text is {len(text)} characters; at most {limit}"]
    return []


def _button_problems(element: Any, where: str, action_ids: set[str]) -> list[str]:
    if not isinstance(element, dict) or element.get("type") != "button":
        return [f"{where} must be a button"]
    problems = _text_problems(element.get("text"), f"{where}.text", 75, plain=True)
    action_id = element.get("action_id")
    if not isinstance(action_id, str) or not 1 <= len(action_id) <= 255:
        problems.append(f"{where}.action_id must be 1-255 characters")
    elif action_id in action_ids:
        problems.append(f"{where}.action_id {action_id!r} is not unique")
    else:
        action_ids.add(action_id)
    value = element.get("value")
    if value is not None and (not isinstance(value, str) or len(value) > 2000):
        problems.append(f"{where}.value must be at most 2000 characters")
    return problems


def _input_problems(block: dict[str, Any], where: str, action_ids: set[str]) -> list[str]:  # noqa: C901  # over the limit before it was enforced: split it
    problems = _text_problems(block.get("label"), f"{where}.label", 2000, plain=True)
    if "hint" in block:
        problems.extend(_text_problems(block["hint"], f"{where}.hint", 2000, plain=True))
    if not isinstance(block.get("optional", False), bool):
        problems.append(f"{where}.optional must be a boolean")
    element = block.get("element")
    if not isinstance(element, dict) or element.get("type") != "plain_text_input":
        return [*problems, f"{where}.element must be a plain_text_input (the only one used)"]
    action_id = element.get("action_id")
    if not isinstance(action_id, str) or not 1 <= len(action_id) <= 255:
        problems.append(f"{where}.element.action_id must be 1-255 characters")
    elif action_id in action_ids:
        problems.append(f"{where}.element.action_id {action_id!r} is not unique")
    else:
        action_ids.add(action_id)
    for key, low in (("min_length", 0), ("max_length", 1)):
        value = element.get(key)
        if value is not None and (not isinstance(value, int) or not low <= value <= 3000):
            problems.append(f"{where}.element.{key} must be {low}-3000")
    if "placeholder" in element:
        problems.extend(
            _text_problems(element["placeholder"], f"{where}.element.placeholder", 150, plain=True)
        )
    if not isinstance(element.get("multiline", False), bool):
        problems.append(f"{where}.element.multiline must be a boolean")
    initial = element.get("initial_value")
    if initial is not None and len(str(initial)) > int(element.get("max_length") or 3000):
        problems.append(f"{where}.element.initial_value is longer than max_length")
    return problems


def view_problems(view: Any) -> list[str]:
    """Return what Slack would reject in a modal view (empty when it is valid)."""
    if not isinstance(view, dict):
        return ["view must be an object"]
    if view.get("type") != "modal":
        return ["view.type must be modal (the only view this app opens)"]
    problems = _text_problems(view.get("title"), "view.title", 24, plain=True)
    blocks = view.get("blocks")
    has_inputs = isinstance(blocks, list) and any(
        isinstance(b, dict) and b.get("type") == "input" for b in blocks
    )
    for key in ("submit", "close"):
        if key in view:
            problems.extend(_text_problems(view[key], f"view.{key}", 24, plain=True))
        elif key == "submit" and has_inputs:
            problems.append("view.submit is required when the view has input blocks")
    for key, limit in (("private_metadata", 3000), ("callback_id", 255), ("external_id", 255)):
        value = view.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            problems.append(f"view.{key} must be a string of at most {limit} characters")
    problems.extend(block_problems(blocks, max_blocks=100, inputs=True))
    return problems


def message_problems(body: Mapping[str, Any]) -> list[str]:
    """Return what Slack would reject in a message body (text and blocks)."""
    blocks = body.get("blocks")
    text = body.get("text")
    problems: list[str] = []
    if blocks is None and not text:
        problems.append("no_text")
    if blocks is not None:
        problems.extend(block_problems(blocks))
    if isinstance(text, str) and len(text) > 40_000:
        problems.append("msg_too_long")
    return problems


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class ApiCall:
    """One Web API call the app made: method, parsed body, request headers."""

    method: str
    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def token(self) -> str:
        """Return the bearer token the call carried ("" if none)."""
        auth = self.headers.get("Authorization", "")
        return auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else ""


@dataclass(frozen=True, slots=True)
class ResponseUrlPost:
    """One POST the app made to a `response_url`."""

    url_id: str
    body: dict[str, Any]


@dataclass(slots=True)
class SocketLink:
    """One Socket Mode websocket connection, as the fake server saw it."""

    ticket: str
    ws: web.WebSocketResponse
    pings: int = 0
    acks: list[dict[str, Any]] = field(default_factory=list)
    closed: asyncio.Event = field(default_factory=asyncio.Event)


# --------------------------------------------------------------------------- the fake


class FakeSlack(LocalServer):
    """A fake Slack on 127.0.0.1: Web API, response_url endpoints, Socket Mode websocket."""

    def __init__(
        self,
        *,
        bot_token: str = BOT_TOKEN,
        app_token: str = APP_TOKEN,
        post_delay_s: float = 0.0,
        post_rate: tuple[int, float] | None = None,
    ) -> None:
        """`post_rate` (off by default) is (posts, seconds): `chat.postMessage` calls beyond it
        get HTTP 429 with a whole-second `Retry-After`, as Slack answers; a retry that comes
        sooner is counted in `early_retries`."""
        super().__init__()
        self.post_rate = post_rate
        self.rate_limited: list[tuple[float, int]] = []  # (when, Retry-After) of each 429
        self.early_retries = 0
        self.not_in_channel: set[str] = set()  # posts there get `not_in_channel`
        self.accepted_posts: list[float] = []  # when each chat.postMessage was accepted
        self._posted_at: collections.deque[float] = collections.deque()
        self._blocked_until = 0.0
        self.bot_token = bot_token
        self.app_token = app_token
        self.post_delay_s = post_delay_s
        self.calls: list[ApiCall] = []
        self.completed: list[ApiCall] = []
        self.results: list[tuple[ApiCall, dict[str, Any]]] = []  # what each call was answered
        self.responses: list[ResponseUrlPost] = []
        self.links: list[SocketLink] = []
        self.rejected_links = 0
        self._tickets: set[str] = set()
        self._triggers: dict[str, float | None] = {}  # issued at (monotonic); None once used
        self._used_urls: dict[str, int] = {}
        self._pending_acks: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._changed = asyncio.Event()
        self._ts = itertools.count(1)

    # ---------------------------------------------------------------- lifecycle

    def build_app(self) -> web.Application:
        """Serve the Web API, response_url endpoints and the Socket Mode websocket."""
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)  # slack_sdk reads some methods by GET
        app.router.add_post("/response/{url_id}", self._response_url)
        app.router.add_get("/link/", self._socket)
        return app

    async def close_connections(self) -> None:
        """Close every websocket and cancel acknowledgements still awaited."""
        for link in self.links:
            if not link.ws.closed:
                await link.ws.close()
        for future in self._pending_acks.values():
            future.cancel()

    @property
    def base_url(self) -> str:
        """Return the Web API base URL (with its trailing slash, as slack-sdk needs)."""
        return f"http://127.0.0.1:{self.port}/api/"

    def new_response_url(self) -> str:
        """Return a fresh `response_url` served by this fake."""
        url_id = uuid.uuid4().hex
        self._used_urls[url_id] = 0
        return f"http://127.0.0.1:{self.port}/response/{url_id}"

    def new_trigger_id(self) -> str:
        """Return a fresh trigger id, valid for one `views.open` within 3 seconds."""
        trigger_id = f"{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex[:12]}"
        self._triggers[trigger_id] = time.monotonic()
        return trigger_id

    # ---------------------------------------------------------------- queries

    def api(self, *methods: str) -> list[ApiCall]:
        """Return the recorded Web API calls to any of `methods` (all calls if none given)."""
        return [c for c in self.calls if not methods or c.method in methods]

    def posts(self) -> list[ApiCall]:
        """Return every call that posts a message (public or ephemeral)."""
        return self.api("chat.postMessage", "chat.postEphemeral")

    def posted_texts(self) -> list[str]:
        """Return every piece of text the app sent towards users, for leak checks."""
        bodies = [c.body for c in self.posts()] + [r.body for r in self.responses]
        return [json.dumps(b, ensure_ascii=False) for b in bodies]

    async def wait_until(self, predicate: Callable[[], T | None], timeout: float = WAIT_S) -> T:
        """Wait until `predicate()` is truthy (re-checked on every recorded call) and return it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = predicate()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"condition not met within {timeout}s; calls={self.calls!r}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.05))

    async def wait_for_posts(self, count: int, timeout: float = WAIT_S) -> list[ApiCall]:
        """Wait until exactly `count` messages have been posted and return them."""
        await self.wait_until(lambda: len(self.posts()) >= count, timeout)
        return self.posts()

    async def wait_for_responses(
        self, count: int, timeout: float = WAIT_S
    ) -> list[ResponseUrlPost]:
        """Wait until `count` response_url posts have arrived and return them all."""
        await self.wait_until(lambda: len(self.responses) >= count, timeout)
        return list(self.responses)

    # ---------------------------------------------------------------- Web API

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body = await _parse_body(request)
        call = ApiCall(method, body, dict(request.headers))
        self.calls.append(call)
        self._changed.set()
        handler = _API_HANDLERS.get(method)
        if handler is None:
            return _slack_json({"ok": False, "error": "unknown_method"})
        expected = self.app_token if method.startswith("apps.connections") else self.bot_token
        if call.token != expected:
            return _slack_json({"ok": False, "error": "invalid_auth"})
        if self.post_delay_s and method.startswith("chat.post"):
            await asyncio.sleep(self.post_delay_s)  # a slow Slack, to catch replies in flight
        if method == "chat.postMessage" and (wait := self._retry_after()) is not None:
            self.results.append((call, {"ok": False, "error": "ratelimited"}))
            limited = _slack_json({"ok": False, "error": "ratelimited"})
            limited.set_status(429)
            limited.headers["Retry-After"] = str(wait)
            return limited
        answer = handler(self, call)
        if method == "chat.postMessage" and answer.get("ok"):
            self.accepted_posts.append(time.monotonic())
        self.completed.append(call)
        self.results.append((call, answer))
        self._changed.set()
        return _slack_json(answer)

    def _retry_after(self) -> int | None:
        """Count a post against `post_rate`; return the whole seconds to wait, if limited."""
        if self.post_rate is None:
            return None
        now = time.monotonic()
        if now < self._blocked_until:
            self.early_retries += 1
        count, window = self.post_rate
        while self._posted_at and now - self._posted_at[0] >= window:
            self._posted_at.popleft()
        if len(self._posted_at) < count:
            self._posted_at.append(now)
            return None
        wait = max(1, math.ceil(self._posted_at[0] + window - now))
        self._blocked_until = now + wait
        self.rate_limited.append((now, wait))
        return wait

    def _auth_test(self, call: ApiCall) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://accords-test.slack.com/",
            "team": "Accords Test",
            "user": "accords",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _post_message(self, call: ApiCall) -> dict[str, Any]:
        body = call.body
        if not body.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if body["channel"] in self.not_in_channel:
            return {"ok": False, "error": "not_in_channel"}
        if call.method == "chat.postEphemeral" and not body.get("user"):
            return {"ok": False, "error": "user_not_in_channel"}
        problems = message_problems(body)
        if problems:
            return {"ok": False, "error": "invalid_blocks", "errors": problems}
        ts = f"{1_700_000_000 + next(self._ts)}.000100"
        if call.method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        message = {"type": "message", "text": body.get("text", ""), "ts": ts, "bot_id": BOT_ID}
        if body.get("thread_ts"):
            message["thread_ts"] = body["thread_ts"]
        return {"ok": True, "channel": body["channel"], "ts": ts, "message": message}

    def _conversations_info(self, call: ApiCall) -> dict[str, Any]:
        channel = str(call.body.get("channel", ""))
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        return {
            "ok": True,
            "channel": {
                "id": channel,
                "is_channel": True,
                "is_member": channel not in self.not_in_channel,
            },
        }

    def _connections_open(self, call: ApiCall) -> dict[str, Any]:
        ticket = uuid.uuid4().hex
        self._tickets.add(ticket)
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}"}

    def _views_open(self, call: ApiCall) -> dict[str, Any]:
        view = call.body.get("view")
        if isinstance(view, str):
            view = json.loads(view)
        trigger_id = call.body.get("trigger_id")
        if not isinstance(view, dict) or not trigger_id:
            return {"ok": False, "error": "invalid_arguments"}
        if trigger_id not in self._triggers:
            return {"ok": False, "error": "invalid_trigger_id"}
        issued = self._triggers[trigger_id]
        if issued is None:
            return {"ok": False, "error": "exchanged_trigger_id"}
        self._triggers[trigger_id] = None
        if time.monotonic() - issued > TRIGGER_TTL_S:
            return {"ok": False, "error": "expired_trigger_id"}
        problems = view_problems(view)
        if problems:
            return {"ok": False, "error": "invalid_blocks", "errors": problems}
        opened = {
            "id": f"V{uuid.uuid4().hex[:10].upper()}",
            "team_id": TEAM_ID,
            "app_id": APP_ID,
            "bot_id": BOT_ID,
            "hash": uuid.uuid4().hex[:16],
            "state": {"values": {}},
            "private_metadata": "",
            "callback_id": "",
            **view,
        }
        return {"ok": True, "view": opened}

    def _ok(self, call: ApiCall) -> dict[str, Any]:
        return {"ok": True}

    # ---------------------------------------------------------------- response_url

    async def _response_url(self, request: web.Request) -> web.Response:
        url_id = request.match_info["url_id"]
        body = await _parse_body(request)
        self.responses.append(ResponseUrlPost(url_id, body))
        self._changed.set()
        if url_id not in self._used_urls:
            return web.Response(status=404, text="no_such_url")
        self._used_urls[url_id] += 1
        if self._used_urls[url_id] > 5:
            return web.Response(status=404, text="used_url")
        if not body.get("delete_original"):
            problems = message_problems(body)
            if problems:
                return web.Response(status=400, text="invalid_blocks")
        return web.Response(text="ok")

    # ---------------------------------------------------------------- Socket Mode

    async def _socket(self, request: web.Request) -> web.StreamResponse:
        ticket = request.query.get("ticket", "")
        if ticket not in self._tickets:
            # URLs from apps.connections.open are single-use.
            self.rejected_links += 1
            return web.Response(status=401, text="invalid ticket")
        self._tickets.discard(ticket)
        # autoping off so pings are seen, counted and answered here, as Slack answers them.
        ws = web.WebSocketResponse(autoping=False)
        await ws.prepare(request)
        link = SocketLink(ticket, ws)
        self.links.append(link)
        self._changed.set()
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": 1,
                "debug_info": {"host": "fake-slack", "approximate_connection_time": 3600},
                "connection_info": {"app_id": APP_ID},
            }
        )
        try:
            async for message in ws:
                if message.type == aiohttp.WSMsgType.PING:
                    link.pings += 1
                    await ws.pong(message.data)
                elif message.type == aiohttp.WSMsgType.TEXT:
                    ack = json.loads(message.data)
                    link.acks.append(ack)
                    future = self._pending_acks.pop(str(ack.get("envelope_id")), None)
                    if future is not None and not future.done():
                        future.set_result(ack)
                self._changed.set()
        finally:
            link.closed.set()
            self._changed.set()
        return ws

    async def wait_for_link(self, timeout: float = WAIT_S) -> SocketLink:
        """Wait until the app has an open Socket Mode connection and return it."""
        return await self.wait_until(
            lambda: next((k for k in reversed(self.links) if not k.ws.closed), None), timeout
        )

    async def send_envelope(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        retry_attempt: int | None = None,
        accepts_response_payload: bool | None = None,
        envelope_id: str | None = None,
        timeout: float = WAIT_S,
    ) -> dict[str, Any]:
        """Send one Socket Mode envelope and return the app's acknowledgement."""
        link = await self.wait_for_link(timeout)
        envelope_id = envelope_id or str(uuid.uuid4())
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": (
                kind == "slash_commands"
                if accepts_response_payload is None
                else accepts_response_payload
            ),
        }
        if retry_attempt is not None:
            envelope["retry_attempt"] = retry_attempt
            envelope["retry_reason"] = "timeout"
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending_acks[envelope_id] = future
        await link.ws.send_json(envelope)
        return await asyncio.wait_for(future, timeout)


_API_HANDLERS: Final[dict[str, Callable[[FakeSlack, ApiCall], dict[str, Any]]]] = {
    "auth.test": FakeSlack._auth_test,
    "chat.postMessage": FakeSlack._post_message,
    "chat.postEphemeral": FakeSlack._post_message,
    "apps.connections.open": FakeSlack._connections_open,
    "views.open": FakeSlack._views_open,
    "conversations.info": FakeSlack._conversations_info,
    "chat.update": FakeSlack._ok,
    "reactions.add": FakeSlack._ok,
}


async def _parse_body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    if not raw:
        return dict(request.query)
    if request.content_type == "application/json":
        parsed = json.loads(raw)
        return parsed if isinstance(parsed, dict) else {"_": parsed}
    body: dict[str, Any] = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    for key in ("blocks", "attachments", "view"):
        if isinstance(body.get(key), str) and body[key].startswith(("[", "{")):
            body[key] = json.loads(body[key])
    return body


def _slack_json(body: dict[str, Any]) -> web.Response:
    return web.json_response(body)


# --------------------------------------------------------------------------- signing


def sign_request(secret: str, timestamp: int | str, body: bytes) -> str:
    """Return Slack's `X-Slack-Signature` for `body` sent at `timestamp`."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class HttpReply:
    """What the app answered to one HTTP request."""

    status: int
    body: str
    content_type: str

    def json(self) -> Any:
        """Return the body parsed as JSON."""
        return json.loads(self.body)


class SignedPoster:
    """Send requests to an HTTP-mode app exactly as Slack does, signed with the secret."""

    def __init__(self, url: str, secret: str = SIGNING_SECRET) -> None:
        self.url = url
        self.secret = secret
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> SignedPoster:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WAIT_S))
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()

    async def post(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        sign: bool = True,
        headers: Mapping[str, str] | None = None,
    ) -> HttpReply:
        """POST `body`; sign it unless `sign` is False or a `signature` is forced."""
        assert self._session is not None, "use `async with SignedPoster(...)`"
        stamp = int(time.time()) if timestamp is None else timestamp
        sent = {"Content-Type": content_type, **(headers or {})}
        if sign:
            sent["X-Slack-Request-Timestamp"] = str(stamp)
            sent["X-Slack-Signature"] = signature or sign_request(self.secret, stamp, body)
        async with self._session.post(self.url, data=body, headers=sent) as resp:
            return HttpReply(resp.status, await resp.text(), resp.content_type)

    async def form(self, fields: Mapping[str, str], **kwargs: Any) -> HttpReply:
        """POST form-encoded fields (slash commands), signed."""
        return await self.post(
            urlencode(fields).encode(), "application/x-www-form-urlencoded", **kwargs
        )

    async def event(self, envelope: Mapping[str, Any], **kwargs: Any) -> HttpReply:
        """POST an Events API envelope as JSON, signed."""
        return await self.post(json.dumps(envelope).encode(), "application/json", **kwargs)

    async def interaction(self, payload: Mapping[str, Any], **kwargs: Any) -> HttpReply:
        """POST an interactivity payload as `payload=<json>`, form-encoded and signed."""
        return await self.form({"payload": json.dumps(payload)}, **kwargs)


# --------------------------------------------------------------------------- payloads


def slash_command(
    command: str,
    text: str,
    *,
    response_url: str,
    user: str = USER_ID,
    channel: str = CHANNEL_ID,
) -> dict[str, str]:
    """Return the form fields Slack sends for a slash command."""
    return {
        "token": "deprecated-verification-token",
        "team_id": TEAM_ID,
        "team_domain": "accords-test",
        "channel_id": channel,
        "channel_name": "general" if channel.startswith("C") else "directmessage",
        "user_id": user,
        "user_name": user.lower(),
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": f"{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex[:12]}",
    }


_event_ids = itertools.count(1)


def event_callback(event: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
    """Wrap `event` in the `event_callback` envelope the Events API delivers."""
    return {
        "token": "deprecated-verification-token",
        "team_id": TEAM_ID,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_event_ids):08d}",
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-fake",
    }


_ts = itertools.count(1)


def new_ts() -> str:
    """Return a fresh Slack message timestamp."""
    return f"{1_600_000_000 + next(_ts)}.{next(_ts):06d}"


def mention(
    text: str,
    *,
    ts: str | None = None,
    thread_ts: str | None = None,
    user: str = USER_ID,
    channel: str = CHANNEL_ID,
) -> dict[str, Any]:
    """Return an `app_mention` event: `text` is what follows the bot's mention."""
    stamp = ts or new_ts()
    event: dict[str, Any] = {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": stamp,
        "channel": channel,
        "event_ts": stamp,
        "team": TEAM_ID,
        "client_msg_id": str(uuid.uuid4()),
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return event


def direct_message(
    text: str, *, user: str = USER_ID, ts: str | None = None, **extra: Any
) -> dict[str, Any]:
    """Return a `message` event in a DM (`channel_type` "im"); `extra` adds or overrides keys."""
    stamp = ts or new_ts()
    event: dict[str, Any] = {
        "type": "message",
        "channel": DM_CHANNEL_ID,
        "user": user,
        "text": text,
        "ts": stamp,
        "event_ts": stamp,
        "channel_type": "im",
        "team": TEAM_ID,
    }
    event.update(extra)
    return event


def block_actions(
    action: Mapping[str, Any],
    *,
    response_url: str,
    ephemeral: bool,
    channel: str = CHANNEL_ID,
    user: str = USER_ID,
    message_ts: str | None = None,
    thread_ts: str | None = None,
    trigger_id: str | None = None,
) -> dict[str, Any]:
    """Return the `block_actions` payload Slack sends when a button in a message is pressed."""
    stamp = message_ts or new_ts()
    container: dict[str, Any] = {
        "type": "message",
        "message_ts": stamp,
        "channel_id": channel,
        "is_ephemeral": ephemeral,
    }
    if thread_ts is not None:
        container["thread_ts"] = thread_ts
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": "deprecated-verification-token",
        "container": container,
        "trigger_id": trigger_id or f"{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex[:12]}",
        "team": {"id": TEAM_ID, "domain": "accords-test"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel, "name": "general"},
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [{**action, "action_ts": f"{time.time():.6f}"}],
    }
    if not ephemeral:
        message: dict[str, Any] = {"type": "message", "ts": stamp, "bot_id": BOT_ID, "text": ""}
        if thread_ts is not None:
            message["thread_ts"] = thread_ts
        payload["message"] = message
    return payload


def button_action(button: Mapping[str, Any], block_id: str) -> dict[str, Any]:
    """Return the `actions[0]` entry Slack sends for a rendered button."""
    return {
        "type": "button",
        "block_id": block_id,
        "action_id": button["action_id"],
        "text": button["text"],
        "value": button.get("value", ""),
    }


def view_submission(
    opened: Mapping[str, Any], values: Mapping[str, str | None], *, user: str = USER_ID
) -> dict[str, Any]:
    """Return the `view_submission` payload Slack sends when `opened` (a view as returned by
    `views.open`) is submitted with `values` typed into its inputs, keyed by action_id.

    Inputs not in `values` are submitted empty (value None), as Slack reports them.
    """
    state: dict[str, dict[str, Any]] = {}
    for block in opened.get("blocks") or []:
        if block.get("type") != "input":
            continue
        element = block["element"]
        typed = values.get(element["action_id"])
        state[block["block_id"]] = {element["action_id"]: {"type": element["type"], "value": typed}}
    unknown = set(values) - {a for block in state.values() for a in block}
    if unknown:
        raise AssertionError(f"the view has no inputs {sorted(unknown)}")
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": "accords-test"},
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": "deprecated-verification-token",
        "trigger_id": f"{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex[:12]}",
        "view": {**opened, "state": {"values": state}},
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }
