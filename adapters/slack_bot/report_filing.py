"""Wrong-fact reports on Slack: opening the report form, and filing what it sends.

The desk (`bot.service.reports.ReportDesk`) decides what is filed and worded; here are only
Slack's calls: `views.open` for the form, the response_url for the reporter's thanks, and a
message to the maintainers' channel when one is configured.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_bot.render import render_notice
from bot.service.reports import Report, ReportDesk

_log = logging.getLogger(__name__)


async def open_report_form(client: AsyncWebClient, trigger_id: str, view: dict[str, Any]) -> None:
    """Open the report modal; Slack allows it within 3 seconds of the press it answers."""
    try:
        await client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as error:
        _log.warning("slack: could not open the report form (%s)", error.response.get("error"))


async def file_report(
    desk: ReportDesk,
    client: AsyncWebClient,
    report: Report,
    response_url: str,
    report_channel: str | None,
) -> None:
    """File the report at the desk: thanks by the response_url, summary to the channel.

    No user or channel id goes into the report; the response_url only carries the thanks.
    """

    async def thank(text: str) -> None:
        if not response_url:
            return
        try:
            sent = await AsyncRespond(response_url=response_url)(
                response_type="ephemeral",
                replace_original=False,
                **render_notice(text).payload(),
            )
            if sent.status_code != 200:  # e.g. 404 once the URL's 30 minutes are over
                _log.warning("slack: could not thank a reporter (HTTP %d)", sent.status_code)
        except (aiohttp.ClientError, TimeoutError) as error:
            _log.warning("slack: could not thank a reporter (%s)", type(error).__name__)

    async def post(summary: str) -> None:
        try:
            await client.chat_postMessage(
                channel=report_channel or "",
                unfurl_links=False,
                unfurl_media=False,
                **render_notice(summary).payload(),
            )
        except SlackApiError as error:
            _log.warning(
                "slack: could not post a report to the maintainers' channel (%s)",
                error.response.get("error"),
            )

    await desk.file(report, report.note, thank=thank, post=post if report_channel else None)
