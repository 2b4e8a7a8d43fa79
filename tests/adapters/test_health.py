"""`adapters.health` on HEALTH_PORT: liveness, readiness, and strangers' bytes kept quiet."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import pytest

from adapters.health import serving_health
from bot.service import ChatService
from tests.helpers import facts_engine
from tests.redis_server import free_port


async def _send(port: int, raw: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(raw)
        await writer.drain()
        async with asyncio.timeout(5):
            return await reader.read()
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


async def test_a_request_that_is_not_http_is_one_short_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Bytes that are not HTTP sent to HEALTH_PORT get 400 and one WARNING line naming the
    kind, with no ERROR, no traceback and none of the bytes; readiness still answers."""
    caplog.set_level(logging.DEBUG)
    engine = facts_engine()
    service = ChatService(lambda: engine)
    port = free_port()
    bad = b"GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: SECRET\r\n\r\n"
    async with serving_health(service, port, "127.0.0.1"):
        replies = [await _send(port, bad) for _ in range(3)]
        ready = await _send(port, b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert all(r.startswith((b"HTTP/1.0 400 ", b"HTTP/1.1 400 ")) for r in replies), replies
    assert ready.startswith(b"HTTP/1.1 200 ")
    shown = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert all(r.levelno < logging.ERROR and r.exc_info is None for r in shown)
    assert not any("SECRET" in r.getMessage() for r in shown)
    assert [r.getMessage() for r in shown if r.levelno == logging.WARNING] == [
        "http: refused a request that is not valid HTTP (400, BadHttpMessage)"
    ]
