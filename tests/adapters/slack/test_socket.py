"""End to end, Socket Mode: the real bolt app connects to a fake Socket Mode server on
127.0.0.1 (found through the fake `apps.connections.open`) and posts to a fake Web API."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from adapters.slack_bot import SocketModeConnection, connect_socket_mode
from adapters.slack_bot.components import ACTION_REPORT
from adapters.slack_bot.render import ACTION_MORE, ACTION_SHARE, TOOLS_BLOCK_ID
from bot.config import Settings
from bot.engine import Engine
from bot.knowledge.commands import COMMANDS
from bot.service import ChatService, ServiceLimits
from tests.fakes.slack_server import (
    APP_TOKEN,
    BOT_TOKEN,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    WAIT_S,
    FakeSlack,
    block_actions,
    button_action,
    direct_message,
    event_callback,
    mention,
    message_problems,
    slash_command,
)

PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY")


@dataclass
class Socket:
    """A Socket Mode app connected to the fake Slack."""

    slack: FakeSlack
    connection: SocketModeConnection

    async def command(self, name: str, text: str = "") -> dict[str, Any]:
        """Send a slash command envelope and return the app's acknowledgement."""
        payload = slash_command(f"/{name}", text, response_url=self.slack.new_response_url())
        return await self.slack.send_envelope("slash_commands", payload)


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every connection on loopback, whatever proxy the environment names."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def socket(engine: Engine) -> AsyncIterator[Socket]:
    """The fake Slack, and the app connected to it in Socket Mode."""
    async with FakeSlack() as slack:
        service = ChatService(lambda: engine, ServiceLimits(rate_count=1000))
        settings = Settings(slack_bot_token=BOT_TOKEN, slack_app_token=APP_TOKEN)
        connection = await asyncio.wait_for(
            connect_socket_mode(
                settings, service, client_base_url=slack.base_url, ping_interval_s=0.2
            ),
            WAIT_S,
        )
        try:
            await slack.wait_for_link()
            yield Socket(slack, connection)
        finally:
            await asyncio.wait_for(connection.close(drain_s=1.0), WAIT_S)


async def test_connects_with_the_app_token_and_answers_pings(socket: Socket) -> None:
    """The app opens a connection with its xapp token, gets hello, pings and is answered."""
    [opened] = socket.slack.api("apps.connections.open")
    assert opened.token == APP_TOKEN
    link = await socket.slack.wait_for_link()
    await socket.slack.wait_until(lambda: link.pings >= 2)
    client = socket.connection.handler.client
    assert await client.is_connected()
    assert socket.slack.rejected_links == 0


@pytest.mark.parametrize("spec", COMMANDS, ids=[c.name for c in COMMANDS])
async def test_every_slash_command_rides_in_the_envelope_ack(socket: Socket, spec: Any) -> None:
    """Each command is acknowledged with its ephemeral answer as the ack's payload."""
    ack = await socket.command(spec.name, spec.usage_hint)
    payload = ack["payload"]
    assert payload["response_type"] == "ephemeral"
    assert message_problems(payload) == []
    tools = [b for b in payload["blocks"] if b.get("block_id") == TOOLS_BLOCK_ID]
    shown = [e["action_id"] for e in tools[0]["elements"]]
    assert shown in ([ACTION_SHARE, ACTION_REPORT], [ACTION_MORE, ACTION_SHARE, ACTION_REPORT])
    assert socket.slack.posts() == []


async def test_mention_is_acked_then_answered_in_its_thread(socket: Socket) -> None:
    """An events_api envelope is acked at once (no payload), then answered in the thread."""
    event = mention("when did Sudan join?")
    ack = await socket.slack.send_envelope("events_api", event_callback(event))
    assert "payload" not in ack
    [post] = await socket.slack.wait_for_posts(1)
    assert post.body["channel"] == CHANNEL_ID and post.body["thread_ts"] == event["ts"]
    assert post.token == BOT_TOKEN
    assert "Sudan" in post.body["blocks"][0]["text"]["text"]


async def test_direct_message_is_answered_in_the_dm(socket: Socket) -> None:
    """A DM over Socket Mode is answered in the DM."""
    await socket.slack.send_envelope("events_api", event_callback(direct_message("members?")))
    [post] = await socket.slack.wait_for_posts(1)
    assert post.body["channel"] == DM_CHANNEL_ID and post.body.get("thread_ts") is None


async def test_retried_envelope_is_answered_once(socket: Socket) -> None:
    """One event delivered three times (retry_attempt 0, 1, 2) is acked thrice, answered once."""
    envelope = event_callback(mention("when did Morocco join?"))
    for attempt in (0, 1, 2):
        ack = await socket.slack.send_envelope("events_api", envelope, retry_attempt=attempt)
        assert ack["envelope_id"]
    await socket.slack.wait_for_posts(1)
    sentinel = event_callback(direct_message("who are the members?"))
    await socket.slack.send_envelope("events_api", sentinel)
    posts = await socket.slack.wait_for_posts(2)
    await asyncio.sleep(0.1)
    assert len(socket.slack.posts()) == 2
    assert [p.body["channel"] for p in posts] == [CHANNEL_ID, DM_CHANNEL_ID]


async def test_share_button_over_socket_posts_in_channel(socket: Socket) -> None:
    """An interactive envelope for Share is acked, then the answer is posted in channel."""
    ack = await socket.command("members")
    [tools] = [b for b in ack["payload"]["blocks"] if b.get("block_id") == TOOLS_BLOCK_ID]
    [share] = [e for e in tools["elements"] if e["action_id"] == ACTION_SHARE]
    url = socket.slack.new_response_url()
    payload = block_actions(button_action(share, TOOLS_BLOCK_ID), response_url=url, ephemeral=True)
    await socket.slack.send_envelope("interactive", payload)
    shared, deleted = await socket.slack.wait_for_responses(2)
    assert shared.body["response_type"] == "in_channel"
    assert deleted.body["delete_original"] is True


async def test_a_payload_wrong_inside_is_acked_and_dropped_without_an_error(
    socket: Socket, caplog: pytest.LogCaptureFixture
) -> None:
    """A button press whose action has no action_id (bolt would raise matching it) is acked,
    dropped with one warning line, and logs no ERROR; the next envelope is served as usual."""
    caplog.set_level(logging.DEBUG)
    url = socket.slack.new_response_url()
    payload = block_actions({"type": "button", "value": "x"}, response_url=url, ephemeral=True)
    for _ in range(3):
        ack = await socket.slack.send_envelope("interactive", payload)
        assert ack["envelope_id"] and "payload" not in ack
    await socket.slack.send_envelope("events_api", event_callback(direct_message("members?")))
    await socket.slack.wait_for_posts(1)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    dropped = [r.getMessage() for r in caplog.records if "dropped a Socket Mode" in r.getMessage()]
    assert dropped == ["slack: dropped a Socket Mode request (actions[].action_id is missing)"]


async def test_reconnects_with_a_fresh_url_after_disconnect(socket: Socket) -> None:
    """On a `disconnect` message the app fetches a new single-use URL and keeps answering."""
    first = await socket.slack.wait_for_link()
    await first.ws.send_json({"type": "disconnect", "reason": "refresh_requested"})
    await asyncio.wait_for(first.closed.wait(), WAIT_S)
    await socket.slack.wait_until(lambda: len(socket.slack.links) == 2)
    assert len(socket.slack.api("apps.connections.open")) == 2
    assert socket.slack.rejected_links == 0
    ack = await socket.command("about")
    assert ack["payload"]["response_type"] == "ephemeral"


async def test_close_disconnects_the_websocket(socket: Socket) -> None:
    """Closing the connection closes the websocket the fake server sees."""
    link = await socket.slack.wait_for_link()
    await socket.connection.close(drain_s=1.0)
    await asyncio.wait_for(link.closed.wait(), WAIT_S)
    assert json.dumps(link.acks) == "[]"
