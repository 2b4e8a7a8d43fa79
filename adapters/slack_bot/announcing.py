"""Posting "What changed in the facts" to subscribed Slack channels.

The service's `Announcer` decides who gets what, once; this module only posts, and tells it
how the post went: `not_in_channel`, `channel_not_found`, `is_archived` and the like mean the
bot cannot post there any more, so the channel is paused; anything else is retried later.
The Web API client waits out 429 responses for their `Retry-After` (`web_client`).
"""

from __future__ import annotations

import logging
from typing import Final

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_bot.render import render_answer
from bot.answer import Answer
from bot.service.announce import Announcer, Outcome, Posted, Poster, RoundSink
from bot.service.statestore import StateStore, Subscription

_log = logging.getLogger(__name__)

GONE_ERRORS: Final = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "restricted_action",
        "ekm_access_denied",
        "team_access_not_granted",
        "account_inactive",
        "invalid_auth",
        "token_revoked",
    }
)
"""Errors after which posting to the channel cannot work until someone acts: pause it."""

RATE_LIMIT_RETRIES: Final = 10


def web_client(token: str | None, base_url: str) -> AsyncWebClient:
    """Return a Web API client that waits out rate limits (HTTP 429 and its Retry-After)."""
    client = AsyncWebClient(token=token, base_url=base_url)
    client.retry_handlers.append(
        AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)
    )
    return client


def slack_poster(client: AsyncWebClient) -> Poster:
    """Return the function that posts an announcement to one subscribed channel."""

    async def post(sub: Subscription, answer: Answer) -> Posted:
        try:
            await client.chat_postMessage(
                channel=sub.target,
                unfurl_links=False,
                unfurl_media=False,
                **render_answer(answer).payload(),
            )
        except SlackApiError as error:
            code = str(error.response.get("error", ""))
            if code in GONE_ERRORS:
                return Posted(Outcome.GONE, code)
            return Posted(Outcome.FAILED, code or "error")
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            return Posted(Outcome.FAILED, type(error).__name__)
        return Posted(Outcome.SENT)

    return post


def slack_announcer(
    client: AsyncWebClient, store: StateStore, rounds: RoundSink | None = None
) -> Announcer:
    """Return the announcer for Slack's subscribed channels (its rounds counted in `rounds`,
    the metrics, when given)."""
    return Announcer(store, "slack", slack_poster(client), rounds=rounds)
