"""The listeners of the Slack app: payloads in, rendered answers out.

Each listener reads its payload with `adapters.slack_bot.payload`, hands the request to the
shared service (through the one `CoreRunner`, under the one reply budget), and renders the
`Answer` with `adapters.slack_bot.render`. What stays here is Slack's own business: the
3-second acknowledgement, ephemeral versus in-channel replies, threads, retried events and
other bots' messages. Replies written after the acknowledgement run as `reply_tasks`; the
"Share in channel" button is `sharing`'s, the report form's calls `report_filing`'s. No
wording, no thresholds, no facts.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Final

import aiohttp
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_bot.components import (
    ACTION_REPORT,
    REPORT_CALLBACK_ID,
    render_report_form,
    report_from_form,
    report_from_value,
)
from adapters.slack_bot.payload import (
    Conversation,
    delivery_keys,
    from_a_bot,
    is_ephemeral_action,
    parse_share_value,
    plain_text_from_slack,
)
from adapters.slack_bot.render import (
    ACTION_MORE,
    ACTION_SHARE,
    ACTION_SUGGEST_PATTERN,
    render_answer,
    render_notice,
)
from adapters.slack_bot.reply_tasks import DRAIN_S, ReplyTasks
from adapters.slack_bot.report_filing import file_report, open_report_form
from adapters.slack_bot.sharing import ShareShelf
from bot import wording
from bot.answer import Answer, Status
from bot.knowledge.commands import (
    ALL_COMMANDS,
    command_from_more,
    command_from_suggestion,
    find_any_command,
)
from bot.service import ChatService
from bot.service.chat import Channel
from bot.service.deadline import REPLY_BUDGET_S, CoreRunner
from bot.service.reports import ReportDesk

_log = logging.getLogger(__name__)

# Slack retries an event up to three times over about five minutes.
DEDUPE_TTL_S: Final = 900.0


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
        desk: ReportDesk,
        report_channel: str | None = None,
        ack_budget_s: float = REPLY_BUDGET_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._service = service
        self._desk = desk
        self._report_channel = report_channel
        self._core = CoreRunner(ack_budget_s)
        self._shelf = ShareShelf(self._ask, clock)
        self._tasks = ReplyTasks()

    def register(self, app: AsyncApp) -> None:
        """Attach every listener to `app`."""
        for spec in ALL_COMMANDS:
            app.command(f"/{spec.name}")(self.on_command)
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)
        app.action(ACTION_SUGGEST_PATTERN)(self.on_suggestion)
        app.action(ACTION_SHARE)(self.on_share)
        app.action(ACTION_MORE)(self.on_more)
        app.action(ACTION_REPORT)(self.on_report)
        app.view(REPORT_CALLBACK_ID)(self.on_report_submit)

    async def drain(self, timeout: float = DRAIN_S) -> bool:
        """Wait until no reply is being written; return False if `timeout` passed first."""
        return await self._tasks.drain(timeout)

    def close(self) -> None:
        """Stop the core's worker thread."""
        self._core.close()

    # ------------------------------------------------------------------ listeners

    async def on_command(
        self,
        ack: AsyncAck,
        command: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
    ) -> None:
        """Answer a slash command ephemerally, in the acknowledgement when it is quick."""
        spec = find_any_command(str(command.get("command", "")))
        if spec is None:
            await ack()
            return
        where = Conversation.from_command(command)
        argument = plain_text_from_slack(str(command.get("text", "")))
        channel = where.channel_ref
        if spec.name == "subscribe" and channel is not None:
            channel = replace(channel, can_post=await self._bot_is_in(client, channel.target))
        work = asyncio.ensure_future(self._ask(where, spec.name, argument, channel))
        answer = await self._core.wait(work)
        if answer is None:
            await ack(response_type="ephemeral", **render_notice(wording.WORKING).payload())
            self._tasks.spawn(self._respond_late(work, respond, spec.name, argument))
            return
        changed = answer.status is Status.ANSWERED and not answer.is_notice
        if spec.manage_channel and where.channel_ref is not None and changed:
            # The channel sees who changed its subscription.
            credit = wording.subscribed_by if spec.name == "subscribe" else wording.unsubscribed_by
            shown = render_answer(answer, shared_by=where.user, credit=credit, suggestions=False)
            await ack(response_type="in_channel", **shown.payload())
            return
        message = self._shelf.ephemeral(answer, spec.name, argument)
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
        if from_a_bot(event) or channel.startswith("D"):
            return  # DMs arrive as message.im events; that listener answers them.
        await self._answer_event(body, event, context, client, mention=True)

    async def on_message(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        """Answer a direct message in the DM (in its thread if it was sent in one)."""
        if event.get("channel_type") != "im" or event.get("subtype") or from_a_bot(event):
            return  # edits, joins, bot posts, and channel messages are not questions to us
        await self._answer_event(body, event, context, client, mention=False)

    async def _answer_event(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
        *,
        mention: bool,
    ) -> None:
        """Answer a mention or DM once, however often Slack delivers it."""
        if not await self._first_delivery(body, event):
            return
        where = Conversation.from_event(body, event, context.team_id, mention=mention)
        question = plain_text_from_slack(str(event.get("text", "")))
        self._tasks.spawn(self._reply(client, where, "ask", question))

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
        where = Conversation.from_action(body)
        command, argument = command_from_suggestion(str(action.get("value", "")))
        if is_ephemeral_action(body):
            self._tasks.spawn(self._respond_privately(respond, where, command, argument))
        else:
            self._tasks.spawn(self._reply(client, where, command, argument))

    async def on_more(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        """Show the whole record a More button names, privately, under the pressed message."""
        await ack()
        where = Conversation.from_action(body)
        command, argument = command_from_more(str(action.get("value", "")))
        self._tasks.spawn(self._respond_privately(respond, where, command, argument, share=False))

    async def on_share(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        """Post an ephemeral answer in the channel for everyone, then remove the private copy."""
        await ack()
        where = Conversation.from_share(body)
        value = parse_share_value(str(action.get("value", "")))
        self._tasks.spawn(self._shelf.share(respond, where, value))

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
        self._tasks.spawn(open_report_form(client, str(body.get("trigger_id", "")), view))

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
        self._tasks.spawn(
            file_report(self._desk, client, report, response_url, self._report_channel)
        )

    # ------------------------------------------------------------------ replies (tasks)

    async def _reply(
        self, client: AsyncWebClient, where: Conversation, command: str, argument: str
    ) -> None:
        """Answer in the conversation's thread or DM (a notice to the asker only)."""
        answer = await self._ask(where, command, argument)
        message = render_answer(answer)
        thread = where.thread_ts or None
        try:
            if answer.is_notice and not where.is_dm:
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
        self,
        respond: AsyncRespond,
        where: Conversation,
        command: str,
        argument: str,
        *,
        share: bool = True,
    ) -> None:
        """Answer with a new ephemeral message, under the one whose button was pressed."""
        answer = await self._ask(where, command, argument)
        message = (
            self._shelf.ephemeral(answer, command, argument) if share else render_answer(answer)
        )
        await respond(response_type="ephemeral", replace_original=False, **message.payload())

    async def _respond_late(
        self, work: asyncio.Future[Answer], respond: AsyncRespond, command: str, argument: str
    ) -> None:
        """Replace the "Looking that up…" acknowledgement with the answer once it is ready."""
        message = self._shelf.ephemeral(await work, command, argument)
        await respond(response_type="ephemeral", replace_original=True, **message.payload())

    # ------------------------------------------------------------------ helpers

    async def _first_delivery(self, body: dict[str, Any], event: dict[str, Any]) -> bool:
        """Return True the first time an event (and the message it carries) is seen.

        Kept in the state store, so a retry that lands on another worker is skipped too.
        """
        keys = delivery_keys(body, event)
        if not await self._service.first_delivery(keys, DEDUPE_TTL_S):
            _log.info(
                "slack: skipped a repeated delivery of %s", ", ".join(delivery_keys(body, event))
            )
            return False
        return True

    async def _ask(
        self,
        where: Conversation,
        command: str,
        argument: str,
        channel: Channel | None = None,
    ) -> Answer:
        """Run `command` for `where` in the service (the core on its worker thread)."""
        return await self._service.respond(
            where.key,
            where.user_key,
            command,
            argument,
            channel=channel or where.channel_ref,
            run=self._core.run,
        )

    async def _bot_is_in(self, client: AsyncWebClient, channel: str) -> bool:
        """Return whether the bot is a member of `channel`, so it can post updates there.

        A channel the bot cannot see (`channel_not_found`) counts as not; when Slack cannot
        tell (an install without the `channels:read` scope, a network error) the subscription
        goes ahead, and a later refused post pauses it as before.
        """
        try:
            reply = await client.conversations_info(channel=channel)
        except SlackApiError as error:
            data = error.response.data
            code = str(data.get("error", "")) if isinstance(data, dict) else "error"
            if code == "channel_not_found":
                return False
            _log.warning("slack: cannot tell whether the bot is in a channel (%s)", code)
            return True
        except (aiohttp.ClientError, TimeoutError) as error:
            _log.warning("slack: cannot tell whether the bot is in a channel (%s)", error)
            return True
        info = reply.get("channel") or {}
        return bool(info.get("is_member", True)) if isinstance(info, dict) else True
