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


def _not_http(head: bytes, body: bytes = b"") -> bytes:
    return b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n" + head + b"\r\n\r\n" + body


@pytest.mark.parametrize(
    "raw",
    [
        _not_http(b"Transfer-Encoding: chunked", b"SECRET\r\nab\r\n0\r\n\r\n"),
        _not_http(b"Content-Length: SECRET"),
        _not_http(b"Content-Length: 5\r\nTransfer-Encoding: chunked", b"0\r\n\r\n"),
        _not_http(b"X-Long: SECRET" + b"a" * 10_000),
        _not_http(b"SECRET Header: x"),
    ],
    ids=["chunk size", "Content-Length", "both lengths", "long header", "header name"],
)
async def test_requests_that_are_not_http_get_400_and_one_short_line(
    door: Door, caplog: pytest.LogCaptureFixture, raw: bytes
) -> None:
    """A request whose HTTP framing cannot be parsed (anyone can send one) gets 400 and one
    short WARNING line a minute: no ERROR, no traceback, none of the bytes it sent."""
    caplog.set_level(logging.DEBUG)
    for _ in range(3):
        reply = await door.send(raw)
        assert reply.startswith((b"HTTP/1.0 400 ", b"HTTP/1.1 400 ")), reply[:80]
    shown = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert [r.getMessage() for r in shown if r.levelno >= logging.ERROR] == []
    assert all(r.exc_info is None and "SECRET" not in r.getMessage() for r in shown)
    warnings = [r.getMessage() for r in shown if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and len(warnings[0]) < 120, warnings


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


def _interactive(payload: object) -> bytes:
    """Return `payload` as Slack posts an interactive payload: the JSON in a form field."""
    return urlencode({"payload": json.dumps(payload)}).encode()


def _press(**changes: object) -> dict[str, object]:
    """Return a well-formed button press, with `changes` made at its top level."""
    press: dict[str, object] = {
        "type": "block_actions",
        "user": {"id": USER_ID, "team_id": "T0TEAM"},
        "team": {"id": "T0TEAM"},
        "channel": {"id": "C0GENERAL"},
        "container": {"type": "message", "channel_id": "C0GENERAL", "is_ephemeral": True},
        "response_url": "http://127.0.0.1:9/unused",
        "actions": [{"type": "button", "action_id": "more_record", "value": "member morocco"}],
    }
    return {**press, **changes}


def _report_form(view: dict[str, object]) -> dict[str, object]:
    """Return a submitted report form whose view is `view`."""
    return {"type": "view_submission", "user": {"id": USER_ID}, "view": view}


NESTED = [
    ("actions empty", _press(actions=[])),
    ("action without action_id", _press(actions=[{"type": "button", "value": "x"}])),
    ("action_id a number", _press(actions=[{"action_id": 5}])),
    ("action_id an object", _press(actions=[{"action_id": {"id": "more_record"}}])),
    ("user an id in a press", _press(user="U0ALICE")),
    ("team a list", _press(team=["T0TEAM"])),
    ("container flag a word", _press(container={"is_ephemeral": "yes"})),
    ("view without its type", _report_form({"callback_id": "report_wrong_fact"})),
    (
        "view state not an object",
        _report_form({"type": "modal", "callback_id": "report_wrong_fact", "state": "x"}),
    ),
    (
        "view input not an object",
        _report_form(
            {"type": "modal", "callback_id": "report_wrong_fact", "state": {"values": {"n": 5}}}
        ),
    ),
    ("suggestion action_id a number", {"type": "block_suggestion", "action_id": 5}),
    ("shortcut callback_id a list", {"type": "shortcut", "callback_id": ["x"]}),
]


@pytest.mark.parametrize(("name", "payload"), NESTED, ids=[name for name, _ in NESTED])
async def test_signed_payloads_wrong_inside_get_400_and_no_error(
    door: Door, caplog: pytest.LogCaptureFixture, name: str, payload: object
) -> None:
    """An interactive payload that is JSON with the wrong type (or nothing) where bolt or a
    listener reads, however deep, is refused with 400 and one short line: never a 500 or an
    ERROR traceback."""
    caplog.set_level(logging.DEBUG)
    reply = await door.send(_signed(_interactive(payload), "application/x-www-form-urlencoded"))
    await asyncio.sleep(0.1)  # nothing left running after the reply may fail either
    assert _status(reply) == 400, (name, reply[:300])
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert all(r.exc_info is None for r in caplog.records if r.levelno >= logging.WARNING)
    refusals = [r.getMessage() for r in caplog.records if "refused a request" in r.getMessage()]
    assert len(refusals) == 1 and "not shaped as Slack sends it" in refusals[0], refusals


EVENTS = [
    ("event without its type", {"type": "event_callback", "event": {}}),
    ("event a list", {"type": "event_callback", "event": [{"type": "app_mention"}]}),
    (
        "mention text a number",
        {"type": "event_callback", "event": {"type": "app_mention", "text": 5, "user": "U1"}},
    ),
    (
        "authorization's enterprise a number",
        {"type": "event_callback", "authorizations": [{"enterprise": 5}], "event": {"type": "x"}},
    ),
    (
        "reaction's channel a number",
        {"type": "event_callback", "event": {"type": "reaction_added", "item": {"channel": 5}}},
    ),
    ("JSON nested past Python's limit", "deep"),
]


@pytest.mark.parametrize(("name", "envelope"), EVENTS, ids=[name for name, _ in EVENTS])
async def test_signed_events_wrong_inside_get_400_and_no_error(
    door: Door, caplog: pytest.LogCaptureFixture, name: str, envelope: object
) -> None:
    """An Events API envelope whose event is missing, not an object, or has the wrong type
    where it is read gets 400 and no ERROR, and so does JSON nested too deep to parse."""
    caplog.set_level(logging.DEBUG)
    body = b"[" * 100_000 + b"]" * 100_000 if envelope == "deep" else json.dumps(envelope).encode()
    reply = await door.send(_signed(body, "application/json"))
    await asyncio.sleep(0.1)
    assert _status(reply) == 400, (name, reply[:300])
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_unsigned_payloads_wrong_inside_get_401(door: Door) -> None:
    """The same payloads unsigned are refused at the signature, before anything is parsed."""
    for _, payload in NESTED[:3]:
        raw = _request(_interactive(payload), {"Content-Type": "application/x-www-form-urlencoded"})
        assert _status(await door.send(raw)) == 401


async def test_a_question_with_the_word_payload_is_answered(door: Door) -> None:
    """bolt reads a form mentioning "payload" anywhere as an empty interactive payload (404);
    the door reads only a field named `payload` that way, so the question is answered."""
    body = _form("SECRET-QUESTION what payload did the UAE get")
    reply = await door.send(_signed(body, "application/x-www-form-urlencoded"))
    assert _status(reply) == 200, reply[:300]
    assert b"UAE" in reply.split(b"\r\n\r\n", 1)[1]
