"""Health over HTTP for every long-running front end: liveness and readiness.

`GET /healthz` is liveness: 200 while the process serves (with the facts' date and version);
it says nothing of the state store, because answers do not depend on it. `GET /readyz` is
readiness: it makes one real write through the state store and answers 200 when it worked,
503 with what is failing when it did not. Slack's HTTP mode serves both on its own port; every
mode (Slack HTTP, Socket Mode, Discord) also serves them on `HEALTH_PORT` when it is set.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import AsyncIterator
from typing import Final

from aiohttp import web

from adapters.server_log import ServerLog
from bot.errors import ConfigError
from bot.service import ChatService

_log = logging.getLogger(__name__)

LIVE_PATH: Final = "/healthz"
READY_PATH: Final = "/readyz"


def add_health_routes(app: web.Application, service: ChatService) -> None:
    """Serve `/healthz` and `/readyz` for `service` from `app`."""

    async def live(request: web.Request) -> web.Response:
        kb = service.engine.kb
        return web.json_response({"ok": True, "as_of": kb.as_of, "knowledge": kb.content_hash})

    async def ready(request: web.Request) -> web.Response:
        if await service.check_store():
            return web.json_response({"ready": True, "store": "ok"})
        problem = service.health.problem or "failing"
        return web.json_response({"ready": False, "store": problem}, status=503)

    app.router.add_get(LIVE_PATH, live)
    app.router.add_get(READY_PATH, ready)


@contextlib.asynccontextmanager
async def serving_health(
    service: ChatService, port: int | None, host: str = "0.0.0.0"
) -> AsyncIterator[None]:
    """Serve the health endpoints on `port` while the block runs (nothing when it is None).

    A port that cannot be listened on raises ConfigError naming HEALTH_PORT (exit status 2).
    """
    if port is None:
        yield
        return
    app = web.Application()
    add_health_routes(app, service)
    runner = web.AppRunner(app, handle_signals=False, access_log=None, logger=ServerLog())
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as error:
            reason = os.strerror(error.errno) if error.errno else str(error)
            problem = f"cannot listen on {host}:{port} ({reason})"
            raise ConfigError("HEALTH_PORT", problem) from None
        _log.info("health: serving %s and %s on port %d", LIVE_PATH, READY_PATH, port)
        yield
    finally:
        await runner.cleanup()
