"""The Slack front end: a slack-bolt `AsyncApp` over the shared `ChatService`.

It translates Slack payloads in (question text, conversation key, user key), calls the core,
and renders the `Answer` out with `adapters.slack_render`. It holds no facts, thresholds or
answer wording. What lives here is Slack's own business: the 3-second acknowledgement,
ephemeral versus in-channel replies, threads, retried events, other bots' messages, the
signature check (bolt's, always on), Socket Mode versus HTTP, and shutting down cleanly.
Every answered answer carries a "Report a wrong fact" button: it opens a modal, and the
submitted report is logged and, when SLACK_REPORT_CHANNEL is set, posted to that channel.

Run it with `accords-bot slack` (Socket Mode) or `accords-bot slack --http` (HTTP); either way
the facts are served live (file watcher and SIGHUP, via `bot.runtime`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import signal
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_render import (
    ACTION_REPORT,
    ACTION_SHARE,
    ACTION_SUGGEST_PATTERN,
    REPORT_CALLBACK_ID,
    SlackMessage,
    inert_json,
    plain_text_from_slack,
    render_answer,
    render_notice,
    render_report,
    render_report_form,
    render_thanks,
    report_from_form,
    report_from_value,
)
from bot.answer import Answer, Status
from bot.commands import COMMANDS, find_command
from bot.config import Settings
from bot.reload import KnowledgeHolder
from bot.reports import Report, ReportLog
from bot.runtime import Runtime, build_runtime, serve_knowledge
from bot.service import ChatService

_log = logging.getLogger(__name__)

SLACK_API_URL: Final = "https://slack.com/api/"
EVENTS_PATH: Final = "/slack/events"
HEALTH_PATH: Final = "/healthz"

# Slack waits 3 s for an acknowledgement; an answer ready within this budget rides in it.
ACK_BUDGET_S: Final = 2.0
# Slack retries an event up to three times over about five minutes.
DEDUPE_TTL_S: Final = 900.0
DEDUPE_MAX_KEYS: Final = 20_000
# A response_url works for 30 minutes, so a "Share" press can only come within that time.
SHARE_TTL_S: Final = 1800.0
SHARE_MAX_ANSWERS: Final = 2_000
# How long a SIGTERM waits for replies already being written.
DRAIN_S: Final = 5.0

RATE_LIMITED_INTENT: Final = "rate_limited"
ERROR_INTENT: Final = "error"
_APOLOGY: Final = "Sorry, something went wrong on our side while answering. Please try again."
_WORKING: Final = "Looking that up…"
_EXPIRED: Final = "That answer can no longer be shared; ask again and share the new one."

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


class TtlCache(Generic[K, V]):
    """A bounded map whose entries expire `ttl_s` seconds after they were stored."""

    def __init__(
        self, ttl_s: float, max_keys: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._ttl = ttl_s
        self._max = max_keys
        self._clock = clock
        self._items: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: K) -> V | None:
        """Return the live value stored under `key`, or None."""
        self._expire()
        item = self._items.get(key)
        return None if item is None else item[1]

    def put(self, key: K, value: V) -> None:
        """Store `value` under `key`, forgetting the oldest entries beyond the bound."""
        self._expire()
        self._items[key] = (self._clock(), value)
        self._items.move_to_end(key)
        while len(self._items) > self._max:
            self._items.popitem(last=False)

    def add(self, key: K, value: V) -> bool:
        """Store `value` under `key` unless a live entry exists; return True if stored."""
        if self.get(key) is not None:
            return False
        self.put(key, value)
        return True

    def _expire(self) -> None:
        cutoff = self._clock() - self._ttl
        while self._items:
            stamp = next(iter(self._items.values()))[0]
            if stamp > cutoff:
                break
            self._items.popitem(last=False)


@dataclass(frozen=True, slots=True)
class Conversation:
    """Where a question was asked: Slack team, channel, thread (or "") and user."""

    team: str
    channel: str
    thread_ts: str
    user: str

    @property
    def key(self) -> str:
        """Return the conversation key follow-up state is kept under."""
        return f"slack:{self.team}:{self.channel}:{self.thread_ts}:{self.user}"

    @property
    def user_key(self) -> str:
        """Return the key the per-user rate limit counts under."""
        return f"slack:{self.team}:{self.user}"

    @property
    def is_dm(self) -> bool:
        """Return True in a direct message with the bot."""
        return self.channel.startswith("D")


@dataclass(frozen=True, slots=True)
class _Shareable:
    """An ephemeral answer kept until its "Share in channel" button is pressed."""

    answer: Answer
    command: str
    argument: str


class SlackFrontEnd:
    """The listeners of the Slack app: payloads in, rendered answers out.

    Every listener returns quickly, so bolt (run with `process_before_response=True`)
    acknowledges as soon as it does: a slash command's answer rides in its acknowledgement;
    anything slower (posting to a thread, a button's reply) runs in a task this object owns
    and waits for on shutdown.
    """

    def __init__(
        self,
        service: ChatService,
        *,
        reports: ReportLog,
        report_channel: str | None = None,
        ack_budget_s: float = ACK_BUDGET_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._service = service
        self._reports = reports
        self._report_channel = report_channel
        self._ack_budget_s = ack_budget_s
        self._seen: TtlCache[str, bool] = TtlCache(DEDUPE_TTL_S, DEDUPE_MAX_KEYS, clock)
        self._shareable: TtlCache[str, _Shareable] = TtlCache(SHARE_TTL_S, SHARE_MAX_ANSWERS, clock)
        # The core runs in worker threads so the event loop keeps acknowledging; one call at
        # a time keeps a burst from piling up threads (ChatService itself is thread-safe).
        self._core_lock = threading.Lock()
        self._tasks: set[asyncio.Task[None]] = set()

    def register(self, app: AsyncApp) -> None:
        """Attach every listener to `app`."""
        for spec in COMMANDS:
            app.command(f"/{spec.name}")(self.on_command)
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)
        app.action(ACTION_SUGGEST_PATTERN)(self.on_suggestion)
        app.action(ACTION_SHARE)(self.on_share)
        app.action(ACTION_REPORT)(self.on_report)
        app.view(REPORT_CALLBACK_ID)(self.on_report_submit)

    async def drain(self, timeout: float = DRAIN_S) -> bool:
        """Wait until no reply is being written; return False if `timeout` passed first."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._tasks:  # replies may start while earlier ones finish
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            await asyncio.wait(set(self._tasks), timeout=remaining)
        return True

    # ------------------------------------------------------------------ listeners

    async def on_command(
        self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond
    ) -> None:
        """Answer a slash command ephemerally, in the acknowledgement when it is quick."""
        spec = find_command(str(command.get("command", "")))
        if spec is None:
            await ack()
            return
        where = Conversation(
            team=str(command.get("team_id", "")),
            channel=str(command.get("channel_id", "")),
            thread_ts="",
            user=str(command.get("user_id", "")),
        )
        argument = plain_text_from_slack(str(command.get("text", "")))
        work = asyncio.ensure_future(self._answer(where, spec.name, argument))
        try:
            answer = await asyncio.wait_for(asyncio.shield(work), self._ack_budget_s)
        except TimeoutError:
            await ack(response_type="ephemeral", **render_notice(_WORKING).payload())
            self._spawn(self._respond_late(work, respond, spec.name, argument))
            return
        message = self._ephemeral(answer, spec.name, argument)
        await ack(response_type="ephemeral", **message.payload())

    async def on_mention(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        """Answer a mention in a thread under it (or in the thread it was made in)."""
        channel = str(event.get("channel", ""))
        if _from_a_bot(event) or channel.startswith("D") or not self._first_delivery(body, event):
            return  # DMs arrive as message.im events; that listener answers them.
        where = Conversation(
            team=_team_of(body, event, context),
            channel=channel,
            thread_ts=str(event.get("thread_ts") or event.get("ts") or ""),
            user=str(event.get("user", "")),
        )
        question = plain_text_from_slack(str(event.get("text", "")), context.bot_user_id)
        self._spawn(self._reply(client, where, "ask", question))

    async def on_message(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        """Answer a direct message in the DM (in its thread if it was sent in one)."""
        if event.get("channel_type") != "im" or event.get("subtype") or _from_a_bot(event):
            return  # edits, joins, bot posts, and channel messages are not questions to us
        if not self._first_delivery(body, event):
            return
        where = Conversation(
            team=_team_of(body, event, context),
            channel=str(event.get("channel", "")),
            thread_ts=str(event.get("thread_ts") or ""),
            user=str(event.get("user", "")),
        )
        question = plain_text_from_slack(str(event.get("text", "")), context.bot_user_id)
        self._spawn(self._reply(client, where, "ask", question))

    async def on_suggestion(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
    ) -> None:
        """Answer the question a suggestion button carries, where the button was."""
        await ack()
        container = body.get("container") or {}
        channel = str(container.get("channel_id") or (body.get("channel") or {}).get("id", ""))
        user = body.get("user") or {}
        ephemeral = bool(container.get("is_ephemeral")) or "message" not in body
        message = body.get("message") or {}
        thread = ""
        if not ephemeral:
            thread = str(container.get("thread_ts") or message.get("thread_ts") or "")
            if not thread and not channel.startswith("D"):
                thread = str(container.get("message_ts") or "")
        where = Conversation(
            team=str((body.get("team") or {}).get("id") or user.get("team_id", "")),
            channel=channel,
            thread_ts=thread,
            user=str(user.get("id", "")),
        )
        command, argument = _as_command(str(action.get("value", "")))
        if ephemeral:
            self._spawn(self._respond_privately(respond, where, command, argument))
        else:
            self._spawn(self._reply(client, where, command, argument))

    async def on_share(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        """Post an ephemeral answer in the channel for everyone, then remove the private copy."""
        await ack()
        where = Conversation(
            team=str((body.get("team") or {}).get("id", "")),
            channel=str((body.get("channel") or {}).get("id", "")),
            thread_ts="",
            user=str((body.get("user") or {}).get("id", "")),
        )
        value = _parse_share_value(str(action.get("value", "")))
        self._spawn(self._share(respond, where, value))

    async def on_report(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
    ) -> None:
        """Open the report modal for whoever pressed "Report a wrong fact"."""
        await ack()
        report = report_from_value(str(action.get("value", "")))
        if report is None:
            _log.warning("slack: a report button carried an unreadable value")
            return
        view = render_report_form(report, str(body.get("response_url") or ""))
        self._spawn(self._open_view(client, str(body.get("trigger_id", "")), view))

    async def on_report_submit(
        self, ack: AsyncAck, view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """Close the modal, then file the report and thank the reporter privately."""
        await ack()
        found = report_from_form(view)
        if found is None:
            _log.warning("slack: a report form carried unreadable metadata; nothing filed")
            return
        report, response_url = found
        self._spawn(self._file_report(client, report, response_url))

    # ------------------------------------------------------------------ replies (tasks)

    async def _reply(
        self, client: AsyncWebClient, where: Conversation, command: str, argument: str
    ) -> None:
        """Answer in the conversation's thread or DM (a rate-limit notice to the asker only)."""
        answer = await self._answer(where, command, argument)
        message = self._render(answer)
        thread = where.thread_ts or None
        try:
            if answer.intent == RATE_LIMITED_INTENT and not where.is_dm:
                await client.chat_postEphemeral(
                    channel=where.channel, user=where.user, thread_ts=thread, **message.payload()
                )
            else:
                await client.chat_postMessage(
                    channel=where.channel,
                    thread_ts=thread,
                    unfurl_links=False,
                    unfurl_media=False,
                    **message.payload(),
                )
        except SlackApiError as error:
            # e.g. not_in_channel or invalid_blocks: log Slack's error code, not the message.
            _log.warning("slack: could not post a reply (%s)", error.response.get("error"))

    async def _respond_privately(
        self, respond: AsyncRespond, where: Conversation, command: str, argument: str
    ) -> None:
        """Answer with a new ephemeral message, under the one whose button was pressed."""
        answer = await self._answer(where, command, argument)
        message = self._ephemeral(answer, command, argument)
        await respond(response_type="ephemeral", replace_original=False, **message.payload())

    async def _respond_late(
        self, work: asyncio.Future[Answer], respond: AsyncRespond, command: str, argument: str
    ) -> None:
        """Replace the "Looking that up…" acknowledgement with the answer once it is ready."""
        message = self._ephemeral(await work, command, argument)
        await respond(response_type="ephemeral", replace_original=True, **message.payload())

    async def _share(
        self, respond: AsyncRespond, where: Conversation, value: dict[str, str]
    ) -> None:
        """Post the kept answer in the channel, credited, and delete the ephemeral original."""
        kept = self._shareable.get(value.get("id", ""))
        if kept is not None:
            answer = kept.answer
        elif find_command(value.get("command", "")) is not None:
            # Kept answers do not survive a restart; asking again gives the same answer
            # unless it was a follow-up, whose context only the kept copy has.
            answer = await self._answer(where, value["command"], value.get("argument", ""))
        else:
            notice = render_notice(_EXPIRED)
            await respond(response_type="ephemeral", replace_original=False, **notice.payload())
            return
        if not _shareable(answer):
            reply = self._render(answer)
            await respond(response_type="ephemeral", replace_original=False, **reply.payload())
            return
        shared = self._render(answer, shared_by=where.user, suggestions=False)
        await respond(response_type="in_channel", replace_original=False, **shared.payload())
        await respond(delete_original=True)

    async def _open_view(
        self, client: AsyncWebClient, trigger_id: str, view: dict[str, Any]
    ) -> None:
        """Open a modal; Slack allows it within 3 seconds of the press it answers."""
        try:
            await client.views_open(trigger_id=trigger_id, view=view)
        except SlackApiError as error:
            _log.warning("slack: could not open the report form (%s)", error.response.get("error"))

    async def _file_report(self, client: AsyncWebClient, report: Report, response_url: str) -> None:
        """Log the report, thank the reporter, and post it in the maintainers' channel.

        No user or channel id goes into the report; the response_url only carries the thanks.
        """
        await asyncio.to_thread(self._reports.record, report)
        if response_url:
            thanks = render_thanks().payload()
            try:
                sent = await AsyncRespond(response_url=response_url)(
                    response_type="ephemeral", replace_original=False, **thanks
                )
                if sent.status_code != 200:  # e.g. 404 once the URL's 30 minutes are over
                    _log.warning("slack: could not thank a reporter (HTTP %d)", sent.status_code)
            except (aiohttp.ClientError, TimeoutError) as error:
                _log.warning("slack: could not thank a reporter (%s)", type(error).__name__)
        if self._report_channel:
            try:
                await client.chat_postMessage(
                    channel=self._report_channel,
                    unfurl_links=False,
                    unfurl_media=False,
                    **render_report(report).payload(),
                )
            except SlackApiError as error:
                _log.warning(
                    "slack: could not post a report to the maintainers' channel (%s)",
                    error.response.get("error"),
                )

    # ------------------------------------------------------------------ helpers

    def _render(self, answer: Answer, **options: Any) -> SlackMessage:
        """Render an answer; its report button records the knowledge version serving now."""
        version = self._service.engine.kb.content_hash
        return render_answer(answer, knowledge_version=version, **options)

    def _spawn(self, reply: Coroutine[Any, Any, None]) -> None:
        """Run a reply after the acknowledgement, in a task kept until it finishes."""
        task = asyncio.ensure_future(reply)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            _log.error("slack: a reply failed (%s)", type(error).__name__, exc_info=error)

    def _first_delivery(self, body: dict[str, Any], event: dict[str, Any]) -> bool:
        """Return True the first time an event (and the message it carries) is seen."""
        event_id = str(body.get("event_id") or "")
        message = f"msg:{event.get('channel', '')}:{event.get('ts', '')}"
        fresh_event = not event_id or self._seen.add(f"event:{event_id}", True)
        fresh_message = not event.get("ts") or self._seen.add(message, True)
        if not (fresh_event and fresh_message):
            _log.info("slack: skipped a repeated delivery of event %s", event_id or message)
            return False
        return True

    async def _answer(self, where: Conversation, command: str, argument: str) -> Answer:
        """Run `command` in the core, off the event loop, and never raise."""
        return await asyncio.to_thread(self._answer_now, where, command, argument)

    def _answer_now(self, where: Conversation, command: str, argument: str) -> Answer:
        with self._core_lock:
            try:
                answer = self._service.command(where.key, where.user_key, command, argument)
            except Exception:
                _log.exception("slack: the core failed on a /%s request", command)
                return Answer(
                    question=argument,
                    status=Status.NO_ANSWER,
                    title="",
                    body=_APOLOGY,
                    intent=ERROR_INTENT,
                )
        _log.info(
            "slack: /%s intent=%s status=%s facts=%s score=%.2f",
            command,
            answer.intent,
            answer.status,
            ",".join(answer.fact_ids),
            answer.score,
        )
        return answer

    def _ephemeral(self, answer: Answer, command: str, argument: str) -> SlackMessage:
        """Render an ephemeral answer, with a "Share in channel" button when worth sharing."""
        if not _shareable(answer):
            return self._render(answer)
        share_id = secrets.token_urlsafe(12)
        self._shareable.put(share_id, _Shareable(answer, command, argument))
        value = {"id": share_id, "command": command, "argument": argument[:1500]}
        return self._render(answer, share_value=inert_json(value))


def _as_command(text: str) -> tuple[str, str]:
    """Split a suggestion such as "/member Morocco" into a shared command and its argument."""
    if text.startswith("/"):
        name, _, argument = text[1:].partition(" ")
        spec = find_command(name)
        if spec is not None:
            return spec.name, argument.strip()
    return "ask", text


def _shareable(answer: Answer) -> bool:
    return answer.intent not in (RATE_LIMITED_INTENT, ERROR_INTENT)


def _parse_share_value(raw: str) -> dict[str, str]:
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if isinstance(v, str)}


def _from_a_bot(event: dict[str, Any]) -> bool:
    """Return True for messages posted by any bot or app, ours included."""
    return bool(
        event.get("bot_id")
        or event.get("bot_profile")
        or event.get("subtype") == "bot_message"
        or event.get("app_id")
        or not event.get("user")
    )


def _team_of(body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext) -> str:
    return str(context.team_id or body.get("team_id") or event.get("team") or "")


# ---------------------------------------------------------------------- factories


def build_app(
    settings: Settings,
    service: ChatService,
    *,
    reports: ReportLog | None = None,
    client_base_url: str | None = None,
    ack_budget_s: float = ACK_BUDGET_S,
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
        reports=reports or ReportLog(settings.reports_log, settings.gaps_log_max_bytes),
        report_channel=settings.slack_report_channel,
        ack_budget_s=ack_budget_s,
    )


def _bolt_app(settings: Settings, front: SlackFrontEnd, client_base_url: str | None) -> AsyncApp:
    settings.require("SLACK_BOT_TOKEN")
    client = AsyncWebClient(
        token=settings.slack_bot_token, base_url=client_base_url or SLACK_API_URL
    )
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
    ack_budget_s: float = ACK_BUDGET_S,
) -> web.Application:
    """Build the aiohttp app of HTTP mode: `POST /slack/events` and `GET /healthz`."""
    settings.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    front = _front_end(settings, service, reports, ack_budget_s)
    bolt = _bolt_app(settings, front, client_base_url)

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    async def healthz(request: web.Request) -> web.Response:
        kb = service.engine.kb
        return web.json_response({"ok": True, "as_of": kb.as_of, "knowledge": kb.content_hash})

    async def drain(app: web.Application) -> None:
        if not await front.drain():
            _log.warning("slack: shutting down with replies still being written")

    web_app = web.Application()
    web_app.router.add_post(EVENTS_PATH, events)
    web_app.router.add_get(HEALTH_PATH, healthz)
    web_app.on_shutdown.append(drain)
    return web_app


@dataclass(frozen=True, slots=True)
class SocketModeConnection:
    """A live Socket Mode connection and the listeners behind it."""

    handler: AsyncSocketModeHandler
    front_end: SlackFrontEnd

    async def close(self, drain_s: float = DRAIN_S) -> None:
        """Let replies in progress finish (up to `drain_s`), then disconnect and clean up."""
        if not await self.front_end.drain(drain_s):
            _log.warning("slack: shutting down with replies still being written")
        await self.handler.close_async()  # type: ignore[no-untyped-call]  # bolt leaves it unannotated


async def connect_socket_mode(
    settings: Settings,
    service: ChatService,
    *,
    reports: ReportLog | None = None,
    client_base_url: str | None = None,
    ack_budget_s: float = ACK_BUDGET_S,
    ping_interval_s: float = 10.0,
) -> SocketModeConnection:
    """Open a Socket Mode connection (needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN)."""
    settings.require("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
    front = _front_end(settings, service, reports, ack_budget_s)
    bolt = _bolt_app(settings, front, client_base_url)
    handler = AsyncSocketModeHandler(
        bolt, app_token=settings.slack_app_token, ping_interval=ping_interval_s
    )
    try:
        await handler.connect_async()  # type: ignore[no-untyped-call]  # bolt leaves it unannotated
    except BaseException:
        await handler.close_async()  # type: ignore[no-untyped-call]  # bolt leaves it unannotated
        raise
    return SocketModeConnection(handler, front)


# ---------------------------------------------------------------------- entry point


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
    serve = (
        _serve_http(settings, runtime, client_base_url, host)
        if http
        else _serve_socket(settings, runtime, client_base_url)
    )
    return asyncio.run(_with_live_knowledge(runtime.knowledge, serve))


async def _with_live_knowledge(knowledge: KnowledgeHolder, serve: Awaitable[int]) -> int:
    """Run `serve` while the fact files are watched (and SIGHUP reloads them)."""
    stop = asyncio.Event()
    watcher = asyncio.create_task(serve_knowledge(knowledge, stop), name="knowledge-watch")
    try:
        return await serve
    finally:
        stop.set()
        await watcher


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


async def _until(stop: asyncio.Event, work: Awaitable[T]) -> T | None:
    """Await `work` unless `stop` is set first, in which case cancel it and return None."""
    task = asyncio.ensure_future(work)
    stopping = asyncio.ensure_future(stop.wait())
    await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if task.done():
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return None


async def _serve_socket(settings: Settings, runtime: Runtime, client_base_url: str | None) -> int:
    stop = _stop_on_signals()
    base_url = client_base_url or SLACK_API_URL
    accepted = await _until(stop, _tokens_accepted(settings, base_url, socket_mode=True))
    if not accepted:
        return 0 if stop.is_set() else 1
    connect = connect_socket_mode(
        settings, runtime.service, reports=runtime.reports, client_base_url=client_base_url
    )
    connection = await _until(stop, connect)
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
    stop = _stop_on_signals()
    base_url = client_base_url or SLACK_API_URL
    accepted = await _until(stop, _tokens_accepted(settings, base_url, socket_mode=False))
    if not accepted:
        return 0 if stop.is_set() else 1
    web_app = build_http_app(
        settings, runtime.service, reports=runtime.reports, client_base_url=client_base_url
    )
    runner = web.AppRunner(web_app, handle_signals=False, access_log=None)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, host, settings.port).start()
        except OSError as error:
            _log.error("slack: cannot listen on %s:%d (%s)", host, settings.port, error.strerror)
            return 1
        _log.info("slack: listening on http://%s:%d%s", host, bound_port(runner), EVENTS_PATH)
        await stop.wait()
        _log.info("slack: stopping")
    finally:
        await runner.cleanup()
    return 0


def bound_port(runner: web.AppRunner) -> int:
    """Return the TCP port a started runner listens on (useful after binding port 0)."""
    for site in runner.sites:
        server = getattr(site, "_server", None)
        sockets = getattr(server, "sockets", None)
        if sockets:
            return int(sockets[0].getsockname()[1])
    raise RuntimeError("the runner has no listening socket")


def _stop_on_signals() -> asyncio.Event:
    """Return an event set by SIGTERM or SIGINT."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    return stop
