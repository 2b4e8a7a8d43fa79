"""HTTP mode with strangers: forged, malformed, slow and vanishing requests, sent as raw bytes
over real sockets on 127.0.0.1 to the real aiohttp server and bolt app."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from aiohttp import web

from adapters.slack_bot import bound_port, build_http_app
from adapters.slack_bot.serving import http_runner
from bot.config import Settings
from bot.engine import Engine
from bot.service import ChatService, ServiceLimits
from tests.fakes.slack_server import (
    BOT_TOKEN,
    SIGNING_SECRET,
    USER_ID,
    FakeSlack,
    sign_request,
    slash_command,
)

IDLE_S = 0.5
QUESTION = "SECRET-QUESTION when did Morocco join"


@dataclass
class Door:
    """A running HTTP-mode app and the fake Slack it talks to."""

    port: int
    slack: FakeSlack

    async def send(self, raw: bytes, *, close_after: bool = False) -> bytes:
        """Write `raw` on a fresh connection and return everything the server answers."""
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            writer.write(raw)
            await writer.drain()
            if close_after:
                return b""
            async with asyncio.timeout(5):
                return await reader.read()
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()


def _request(body: bytes, headers: dict[str, str]) -> bytes:
    lines = ["POST /slack/events HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if "Content-Length" not in headers:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _signed(body: bytes, content_type: str, **extra: str) -> bytes:
    stamp = str(int(time.time()))
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": sign_request(SIGNING_SECRET, stamp, body),
        **extra,
    }
    return _request(body, headers)


def _status(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/1.1 ") else 0


@pytest.fixture
async def door(engine: Engine) -> AsyncIterator[Door]:
    """The HTTP-mode app with short idle and body timeouts, on 127.0.0.1:0."""
    async with FakeSlack() as slack:
        service = ChatService(lambda: engine, ServiceLimits(rate_count=1000))
        settings = Settings(slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET)
        app = build_http_app(
            settings, service, client_base_url=slack.base_url, body_timeout_s=IDLE_S
        )
        runner = http_runner(app, idle_timeout_s=IDLE_S)
        await runner.setup()
        try:
            await web.TCPSite(runner, "127.0.0.1", 0).start()
            yield Door(bound_port(runner), slack)
        finally:
            await runner.cleanup()


def _form(question: str = QUESTION) -> bytes:
    fields = slash_command("/ask", question, response_url="http://127.0.0.1:9/unused")
    return urlencode(fields).encode()


async def test_forged_requests_are_refused_in_one_short_line(
    door: Door, caplog: pytest.LogCaptureFixture
) -> None:
    """Three forged 1 MiB requests get 401; the log has one short line, no body, no user id."""
    caplog.set_level(logging.DEBUG)
    big = _form(QUESTION + " " + "x" * (1024 * 1024 - 600))
    for _ in range(3):
        forged = _request(
            big,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Slack-Request-Timestamp": str(int(time.time())),
                "X-Slack-Signature": "v0=" + "0" * 64,
            },
        )
        assert _status(await door.send(forged)) == 401
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "SECRET-QUESTION" not in text and USER_ID not in text
    refusals = [r for r in caplog.records if "refused a request" in r.getMessage()]
    assert len(refusals) == 1 and len(refusals[0].getMessage()) < 120
    assert all(r.levelno < logging.ERROR for r in caplog.records)


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        (
            "timestamp abc",
            _request(
                _form(),
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Slack-Request-Timestamp": "abc",
                    "X-Slack-Signature": "v0=abc",
                },
            ),
            401,
        ),
        ("no signature", _request(_form(), {"Content-Type": "text/plain"}), 401),
        ("truncated JSON", _signed(b'{"type": "event_callback", "ev', "application/json"), 400),
        (
            "invalid UTF-8",
            _signed(b"payload=\xff\xfe\xfd", "application/x-www-form-urlencoded"),
            400,
        ),
        (
            "bad payload JSON",
            _signed(b"payload=%7B%22ty", "application/x-www-form-urlencoded"),
            400,
        ),
        (
            "event not an object",
            _signed(b'{"type": "event_callback", "event": "x"}', "application/json"),
            400,
        ),
        (
            "actions not objects",
            _signed(
                b"payload=%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3A%22x%22%7D",
                "application/x-www-form-urlencoded",
            ),
            400,
        ),
        (
            "bogus charset",
            _signed(b'{"type": "url_verification"', "application/json; charset=no-such-charset"),
            400,
        ),
        (
            "fake gzip",
            _signed(b"not gzip at all", "application/json", **{"Content-Encoding": "gzip"}),
            400,
        ),
    ],
)
async def test_malformed_requests_get_400_or_401_and_no_error(
    door: Door, caplog: pytest.LogCaptureFixture, name: str, raw: bytes, expected: int
) -> None:
    """Each malformed request, signed or not, is refused with 400 or 401, never 500, and
    nothing is logged at ERROR (no traceback)."""
    caplog.set_level(logging.DEBUG)
    reply = await door.send(raw)
    assert _status(reply) == expected, (name, reply[:200])
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert all(r.exc_info is None for r in caplog.records if r.levelno >= logging.WARNING)


async def test_a_client_hanging_up_mid_body_is_not_an_error(
    door: Door, caplog: pytest.LogCaptureFixture
) -> None:
    """A client that sends half its body and hangs up leaves no ERROR and no traceback."""
    caplog.set_level(logging.DEBUG)
    body = _form()
    raw = _signed(body, "application/x-www-form-urlencoded")
    await door.send(raw[: len(raw) - len(body) // 2], close_after=True)
    await asyncio.sleep(0.3)
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    reply = await door.send(
        _signed(b'{"type": "url_verification", "challenge": "c"}', "application/json")
    )
    assert _status(reply) == 200  # and the server goes on serving


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n",
        b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 500\r\n\r\nhalf",
    ],
    ids=["idle", "half-sent headers", "half-sent body"],
)
async def test_idle_and_half_sent_connections_are_closed(door: Door, raw: bytes) -> None:
    """A connection that sends nothing, half its headers or half its body is closed by the
    server within its timeout (plus a margin), not kept open forever."""
    reader, writer = await asyncio.open_connection("127.0.0.1", door.port)
    try:
        writer.write(raw)
        await writer.drain()
        started = time.monotonic()
        async with asyncio.timeout(IDLE_S * 6):
            while await reader.read(65536):
                pass
        assert time.monotonic() - started < IDLE_S * 6
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


async def test_a_signed_url_verification_still_passes(door: Door) -> None:
    """The door lets a correct, signed request through to bolt (Slack's URL check)."""
    reply = await door.send(
        _signed(
            json.dumps({"type": "url_verification", "challenge": "abc"}).encode(),
            "application/json",
        )
    )
    assert _status(reply) == 200 and b"abc" in reply
