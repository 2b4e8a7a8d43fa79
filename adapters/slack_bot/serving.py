"""Serving the Slack app: bolt over HTTP (aiohttp) or Socket Mode, and the process around it.

`build_app` wires the listeners into a bolt `AsyncApp` with its request checks on;
`build_http_app` serves it at `POST /slack/events` (plus `GET /healthz` and `GET /readyz`,
`adapters.health`, which every mode also serves on HEALTH_PORT);
`connect_socket_mode` opens a Socket Mode connection; `run` is the `accords-bot slack` entry
point, with signals, live knowledge and a clean shutdown from `bot.infra.lifecycle`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Final

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from adapters.health import LIVE_PATH, add_health_routes, serving_health
from adapters.server_log import ServerLog
from adapters.slack_bot.announcing import slack_announcer, web_client
from adapters.slack_bot.gate import BODY_TIMEOUT_S, IDLE_TIMEOUT_S, LINGER_S, SlackGate
from adapters.slack_bot.listeners import SlackFrontEnd
from adapters.slack_bot.reply_tasks import DRAIN_S
from adapters.slack_bot.shape import payload_problem
from bot.config import Settings
from bot.infra.lifecycle import running, unless_stopped
from bot.infra.reportlog import ReportLog
from bot.infra.runtime import Runtime, build_runtime
from bot.service import ChatService
from bot.service.deadline import REPLY_BUDGET_S
from bot.service.reports import ReportDesk
from bot.service.storehealth import LogLimiter

_log = logging.getLogger(__name__)

SLACK_API_URL: Final = "https://slack.com/api/"
EVENTS_PATH: Final = "/slack/events"
HEALTH_PATH: Final = LIVE_PATH


def build_app(
    settings: Settings,
    service: ChatService,
    *,
    reports: ReportLog | None = None,
    client_base_url: str | None = None,
    ack_budget_s: float = REPLY_BUDGET_S,
) -> AsyncApp:
    """Build the bolt app: the shared commands, mentions, DMs and buttons, bolt's checks on.

    `client_base_url` is the Web API root the app talks to (with its trailing slash), by
    default Slack's own. Reports go to `reports`, by default the log at
    `settings.reports_log`, and to the channel `settings.slack_report_channel` when set.
    """
    front = _front_end(settings, service, reports, ack_budget_s)
    return _bolt_app(settings, front, client_base_url)


def _front_end(
    settings: Settings, service: ChatService, reports: ReportLog | None, ack_budget_s: float
) -> SlackFrontEnd:
    return SlackFrontEnd(
        service,
        desk=ReportDesk(reports or ReportLog(settings.reports_log, settings.gaps_log_max_bytes)),
        report_channel=settings.slack_report_channel,
        ack_budget_s=ack_budget_s,
    )


def _bolt_app(settings: Settings, front: SlackFrontEnd, client_base_url: str | None) -> AsyncApp:
    settings.require("SLACK_BOT_TOKEN")
    client = web_client(settings.slack_bot_token, client_base_url or SLACK_API_URL)
    app = AsyncApp(
        name="accords-bot",
        client=client,
        # Only HTTP mode needs the secret (build_http_app insists on it); Socket Mode requests
        # are authenticated by the app-level token instead. Passing "" keeps bolt from
        # reading the environment itself.
        signing_secret=settings.slack_signing_secret or "",
        request_verification_enabled=True,
        ignoring_self_events_enabled=True,
        # Listeners return as soon as the acknowledgement is decided (the rest runs in
        # SlackFrontEnd's own tasks), so the response need not wait for bolt's 10 ms polling.
        process_before_response=True,
    )
    front.register(app)
    return app


def build_http_app(
    settings: Settings,
    service: ChatService,
    *,
    reports: ReportLog | None = None,
    client_base_url: str | None = None,
    ack_budget_s: float = REPLY_BUDGET_S,
    body_timeout_s: float = BODY_TIMEOUT_S,
) -> web.Application:
    """Build the aiohttp app of HTTP mode: `POST /slack/events`, `GET /healthz` and `/readyz`.

    Every request passes `adapters.slack_bot.gate` before bolt sees it; serve the app with
    `http_runner`, which closes idle and half-sent connections.
    """
    settings.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    front = _front_end(settings, service, reports, ack_budget_s)
    bolt = _bolt_app(settings, front, client_base_url)

    gate = SlackGate(settings.slack_signing_secret or "", bolt.async_dispatch, body_timeout_s)

    async def drain(app: web.Application) -> None:
        if not await front.drain():
            _log.warning("slack: shutting down with replies still being written")
        front.close()

    web_app = web.Application()
    web_app.router.add_post(EVENTS_PATH, gate.handle)
    add_health_routes(web_app, service)
    web_app.on_shutdown.append(drain)
    return web_app


class CheckedSocketModeHandler(AsyncSocketModeHandler):
    """Socket Mode with HTTP mode's shape check (`adapters.slack_bot.shape`): a payload bolt or
    a listener would fail on is acknowledged and dropped, with one warning line a minute,
    instead of an ERROR traceback."""

    def __init__(self, app: AsyncApp, app_token: str | None, ping_interval: float) -> None:
        super().__init__(app, app_token=app_token, ping_interval=ping_interval)
        self._logs = LogLimiter()

    async def handle(  # type: ignore[override]  # as in bolt: it is given the aiohttp client
        self, client: SocketModeClient, req: SocketModeRequest
    ) -> None:
        """Dispatch one envelope to bolt, unless its payload is not as Slack sends it."""
        problem = payload_problem(req.payload)
        if not problem:
            await super().handle(client, req)
            return
        held = self._logs.allow(problem)
        if held is not None:
            more = f"; {held} more since the last line" if held else ""
            _log.warning("slack: dropped a Socket Mode request (%s)%s", problem, more)
        await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))


@dataclass(frozen=True, slots=True)
class SocketModeConnection:
    """A live Socket Mode connection and the listeners behind it."""

    handler: CheckedSocketModeHandler
    front_end: SlackFrontEnd

    async def close(self, drain_s: float = DRAIN_S) -> None:
        """Let replies in progress finish (up to `drain_s`), then disconnect and clean up."""
        if not await self.front_end.drain(drain_s):
            _log.warning("slack: shutting down with replies still being written")
        await self.handler.close_async()  # type: ignore[no-untyped-call]  # bolt leaves it unannotated
        self.front_end.close()


async def connect_socket_mode(
    settings: Settings,
    service: ChatService,
    *,
    reports: ReportLog | None = None,
    client_base_url: str | None = None,
    ack_budget_s: float = REPLY_BUDGET_S,
    ping_interval_s: float = 10.0,
) -> SocketModeConnection:
    """Open a Socket Mode connection (needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN)."""
    settings.require("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
    front = _front_end(settings, service, reports, ack_budget_s)
    bolt = _bolt_app(settings, front, client_base_url)
    handler = CheckedSocketModeHandler(
        bolt, app_token=settings.slack_app_token, ping_interval=ping_interval_s
    )
    try:
        await handler.connect_async()  # type: ignore[no-untyped-call]  # bolt leaves it unannotated
    except BaseException:
        await handler.close_async()  # type: ignore[no-untyped-call]  # bolt leaves it unannotated
        raise
    return SocketModeConnection(handler, front)


def run(
    settings: Settings,
    *,
    http: bool = False,
    client_base_url: str | None = None,
    host: str = "0.0.0.0",
) -> int:
    """Run the Slack bot until SIGTERM or SIGINT; return the process exit status.

    Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN; HTTP mode (`http=True`) needs
    SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET and listens on `host`:`settings.port`. A
    missing variable raises ConfigError before any network traffic, invalid fact files raise
    KnowledgeErrors. While it runs, edited fact files are reloaded (on change and on SIGHUP);
    invalid edits are refused and logged, and the last good facts keep serving.
    """
    settings.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET" if http else "SLACK_APP_TOKEN")
    runtime = build_runtime(settings, "slack")
    serve = _serve_http if http else _serve_socket
    return asyncio.run(_with_announcer(serve, settings, runtime, client_base_url, host))


async def _with_announcer(
    serve: Callable[[Settings, Runtime, str | None, str], Awaitable[int]],
    settings: Settings,
    runtime: Runtime,
    client_base_url: str | None,
    host: str,
) -> int:
    """Serve, announcing fact updates to subscribed channels meanwhile; close the store after."""
    stop = asyncio.Event()
    client = web_client(settings.slack_bot_token, client_base_url or SLACK_API_URL)
    announcer = slack_announcer(client, runtime.store, runtime.metrics)
    announcing = asyncio.create_task(
        announcer.run(runtime.knowledge.engine, stop), name="slack-announce"
    )
    try:
        async with serving_health(runtime.service, settings.health_port, settings.health_host):
            return await serve(settings, runtime, client_base_url, host)
    finally:
        stop.set()
        await announcing
        await runtime.store.close()


async def _tokens_accepted(settings: Settings, base_url: str, *, socket_mode: bool) -> bool:
    """Try the tokens once, so a wrong one stops the start instead of failing every reply."""
    client = AsyncWebClient(token=settings.slack_bot_token, base_url=base_url)
    try:
        await client.auth_test()
        if socket_mode:
            # The URL this returns is single-use and simply left unused; the handler asks for
            # its own. Without this check a refused app token makes slack-sdk retry forever.
            await client.apps_connections_open(app_token=settings.slack_app_token or "")
    except SlackApiError as error:
        _log.error("slack: Slack refused a token (%s)", error.response.get("error"))
        return False
    except (aiohttp.ClientError, TimeoutError) as error:
        _log.error("slack: could not reach the Slack Web API (%s)", type(error).__name__)
        return False
    return True


async def _serve_socket(
    settings: Settings, runtime: Runtime, client_base_url: str | None, host: str
) -> int:
    async with running(runtime.knowledge, runtime.check_store) as stop:
        base_url = client_base_url or SLACK_API_URL
        accepted = await unless_stopped(
            stop, _tokens_accepted(settings, base_url, socket_mode=True)
        )
        if not accepted:
            return 0 if stop.is_set() else 1
        connect = connect_socket_mode(
            settings, runtime.service, reports=runtime.reports, client_base_url=client_base_url
        )
        connection = await unless_stopped(stop, connect)
        if connection is None:
            return 0
        _log.info("slack: connected in Socket Mode")
        try:
            await stop.wait()
            _log.info("slack: stopping")
        finally:
            await connection.close()
        return 0


async def _serve_http(
    settings: Settings, runtime: Runtime, client_base_url: str | None, host: str
) -> int:
    async with running(runtime.knowledge, runtime.check_store) as stop:
        base_url = client_base_url or SLACK_API_URL
        accepted = await unless_stopped(
            stop, _tokens_accepted(settings, base_url, socket_mode=False)
        )
        if not accepted:
            return 0 if stop.is_set() else 1
        web_app = build_http_app(
            settings, runtime.service, reports=runtime.reports, client_base_url=client_base_url
        )
        runner = http_runner(web_app)
        await runner.setup()
        try:
            try:
                await web.TCPSite(runner, host, settings.port).start()
            except OSError as error:
                _log.error(
                    "slack: cannot listen on %s:%d (%s)", host, settings.port, error.strerror
                )
                return 1
            _log.info("slack: listening on http://%s:%d%s", host, bound_port(runner), EVENTS_PATH)
            await stop.wait()
            _log.info("slack: stopping")
        finally:
            await runner.cleanup()
        return 0


def http_runner(web_app: web.Application, idle_timeout_s: float = IDLE_TIMEOUT_S) -> web.AppRunner:
    """Return the runner HTTP mode serves with: idle and half-sent connections closed after
    `idle_timeout_s`, no access log (it would log every stranger's request), requests that
    are not HTTP logged in one short line a minute (`adapters.server_log`), and bodies left
    as sent (Slack never compresses them; the gate refuses one that says it is)."""
    return web.AppRunner(
        web_app,
        handle_signals=False,
        access_log=None,
        logger=ServerLog(),  # a request that is not HTTP: one short line, not a traceback
        keepalive_timeout=idle_timeout_s,
        lingering_time=min(LINGER_S, idle_timeout_s),
        auto_decompress=False,
    )


def bound_port(runner: web.AppRunner) -> int:
    """Return the TCP port a started runner listens on (useful after binding port 0)."""
    for site in runner.sites:
        server = getattr(site, "_server", None)
        sockets = getattr(server, "sockets", None)
        if sockets:
            return int(sockets[0].getsockname()[1])
    raise RuntimeError("the runner has no listening socket")
