"""The fake Discord itself: it must fail where Discord fails, or the end-to-end tests prove little.

These drive the fake with a bare aiohttp client, the way discord.py would.
"""

from __future__ import annotations

import asyncio
import json
import zlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.fakes.discord_server import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    INTENT_GUILDS,
    INTENT_MESSAGE_CONTENT,
    JSON,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    FakeDiscord,
    FakeDiscordError,
    pings,
)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A running fake Discord."""
    async with FakeDiscord() as running:
        yield running


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """An HTTP session that sends the bot token, as discord.py does."""
    headers = {"Authorization": f"Bot {FakeDiscord.TOKEN}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        yield session


async def _post(
    http: aiohttp.ClientSession, url: str, body: Any
) -> tuple[int, JSON | None, aiohttp.ClientResponse]:
    async with http.post(url, json=body) as response:
        data = await response.json(content_type=None) if response.status != 204 else None
        return response.status, data, response


async def test_rest_answers_with_exactly_application_json(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    """discord.py only parses Content-Type "application/json", with no charset appended."""
    async with http.get(fake.api_base + "/users/@me") as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/json"
        assert (await response.json())["id"] == fake.bot["id"]


async def test_wrong_token_is_unauthorized(fake: FakeDiscord) -> None:
    """A request with another token gets 401, which discord.py turns into LoginFailure."""
    async with (
        aiohttp.ClientSession(headers={"Authorization": "Bot nope"}) as session,
        session.get(fake.api_base + "/users/@me") as response,
    ):
        assert response.status == 401


async def test_interaction_can_be_acknowledged_once(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    """A second initial response gets 400 / 40060 "already acknowledged"."""
    interaction = fake.open_interaction(APPLICATION_COMMAND, {"name": "about", "type": 1})
    url = f"{fake.api_base}/interactions/{interaction.id}/{interaction.token}/callback"
    body = {"type": 4, "data": {"content": "hi", "allowed_mentions": {"parse": []}}}
    status, data, _ = await _post(http, url + "?with_response=1", body)
    assert status == 200
    assert data is not None
    assert data["interaction"]["id"] == interaction.id
    assert data["resource"]["message"]["content"] == "hi"
    status, data, _ = await _post(http, url + "?with_response=1", body)
    assert (status, data and data["code"]) == (400, 40060)


async def test_late_interaction_response_is_unknown(http: aiohttp.ClientSession) -> None:
    """A response after the deadline (3 s on Discord) gets 404 / 10062 "Unknown interaction"."""
    async with FakeDiscord(interaction_deadline_s=0.05) as fake:
        interaction = fake.open_interaction(APPLICATION_COMMAND, {"name": "about", "type": 1})
        await asyncio.sleep(0.1)
        url = f"{fake.api_base}/interactions/{interaction.id}/{interaction.token}/callback"
        status, data, _ = await _post(http, url, {"type": 5})
        assert (status, data and data["code"]) == (404, 10062)
        fake.problems.clear()  # the fake also notes it as a problem for the bot's tests


async def test_autocomplete_accepts_only_a_type_8_of_at_most_25_choices(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    """An autocomplete answered with a message, or with 26 choices, is refused."""
    interaction = fake.open_interaction(AUTOCOMPLETE, {"name": "member", "type": 1})
    url = f"{fake.api_base}/interactions/{interaction.id}/{interaction.token}/callback"
    status, _, _ = await _post(http, url, {"type": 4, "data": {"content": "x"}})
    assert status == 400
    choices = [{"name": str(i), "value": str(i)} for i in range(26)]
    status, data, _ = await _post(http, url, {"type": 8, "data": {"choices": choices}})
    assert (status, data and data["code"]) == (400, 50035)
    status, _, _ = await _post(http, url, {"type": 8, "data": {"choices": choices[:25]}})
    assert status == 204


@pytest.mark.parametrize(
    ("body", "path", "code"),
    [
        ({"content": "x" * 2001}, ["content"], "BASE_TYPE_MAX_LENGTH"),
        ({"embeds": [{"title": "t" * 257}]}, ["embeds", "0", "title"], "BASE_TYPE_MAX_LENGTH"),
        (
            {"embeds": [{"description": "d" * 4000}, {"description": "d" * 2001}]},
            ["embeds"],
            "MAX_EMBED_SIZE_EXCEEDED",
        ),
        (
            {"embeds": [{"fields": [{"name": "n", "value": "v" * 1025}]}]},
            ["embeds", "0", "fields", "0", "value"],
            "BASE_TYPE_MAX_LENGTH",
        ),
        (
            {"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]},
            ["embeds", "0", "fields"],
            "BASE_TYPE_MAX_LENGTH",
        ),
        (
            {
                "content": "x",
                "components": [
                    {
                        "type": 1,
                        "components": [
                            {"type": 2, "style": 2, "label": "a", "custom_id": "ask:a"},
                            {"type": 2, "style": 2, "label": "b", "custom_id": "ask:a"},
                        ],
                    }
                ],
            },
            ["components", "0", "components", "1", "custom_id"],
            "COMPONENT_CUSTOM_ID_DUPLICATED",
        ),
    ],
)
async def test_messages_beyond_discord_limits_are_refused_with_50035(
    fake: FakeDiscord, http: aiohttp.ClientSession, body: JSON, path: list[str], code: str
) -> None:
    """Oversized content, embeds, fields or duplicate button ids get 400 / 50035, as on Discord."""
    url = f"{fake.api_base}/channels/{fake.channel_id}/messages"
    status, data, _ = await _post(http, url, body)
    assert status == 400
    assert data is not None
    assert data["code"] == 50035
    node = data["errors"]
    for part in path:
        node = node[part]
    assert node["_errors"][0]["code"] == code


async def test_reply_to_an_unknown_message_is_refused(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    """A reply to a message that does not exist fails unless fail_if_not_exists is false."""
    url = f"{fake.api_base}/channels/{fake.channel_id}/messages"
    reference = {"message_id": "1", "channel_id": fake.channel_id}
    status, _, _ = await _post(http, url, {"content": "x", "message_reference": reference})
    assert status == 400
    lenient = {**reference, "fail_if_not_exists": False}
    status, _, _ = await _post(http, url, {"content": "x", "message_reference": lenient})
    assert status == 200


def _modal(**changes: Any) -> JSON:
    note = {"type": 4, "custom_id": "note", "style": 2, "required": False, "max_length": 10}
    data: JSON = {
        "custom_id": "report-form:x",
        "title": "Report a wrong fact",
        "components": [{"type": 18, "label": "What is wrong?", "component": note}],
    }
    data.update(changes)
    return {"type": 9, "data": data}


@pytest.mark.parametrize(
    "modal",
    [
        _modal(title="t" * 46),
        _modal(custom_id="c" * 101),
        _modal(components=[]),
        _modal(components=[{"type": 18, "label": "l" * 46, "component": {"type": 4}}]),
        _modal(
            components=[
                {
                    "type": 18,
                    "label": "Note",
                    "component": {"type": 4, "custom_id": "n", "style": 2, "label": "Note"},
                }
            ]
        ),
        _modal(components=[{"type": 1, "components": [{"type": 4, "custom_id": "n"}]}]),
    ],
    ids=["title", "custom_id", "empty", "label", "label twice", "row without label"],
)
async def test_modals_beyond_discord_limits_are_refused(
    fake: FakeDiscord, http: aiohttp.ClientSession, modal: JSON
) -> None:
    """A modal with a long title or id, no inputs, or malformed labels gets 400 / 50035."""
    interaction = fake.open_interaction(MESSAGE_COMPONENT, {"custom_id": "x", "component_type": 2})
    url = f"{fake.api_base}/interactions/{interaction.id}/{interaction.token}/callback"
    status, data, _ = await _post(http, url, modal)
    assert (status, data and data["code"]) == (400, 50035)
    status, _, _ = await _post(http, url, _modal())
    assert status == 204


async def test_a_modal_submit_cannot_open_another_modal(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    """A type-5 interaction may be answered with a message, never with a modal."""
    interaction = fake.open_interaction(MODAL_SUBMIT, {"custom_id": "x", "components": []})
    url = f"{fake.api_base}/interactions/{interaction.id}/{interaction.token}/callback"
    status, _, _ = await _post(http, url, _modal())
    assert status == 400
    body = {"type": 4, "data": {"content": "thanks", "flags": 64}}
    status, _, _ = await _post(http, url, body)
    assert status == 204


@pytest.mark.parametrize(
    ("values", "problem"),
    [({"note": "x" * 11}, "does not allow 11"), ({"other": "x"}, "has no inputs")],
)
async def test_submitting_what_the_client_would_refuse_fails_loudly(
    fake: FakeDiscord, http: aiohttp.ClientSession, values: dict[str, str], problem: str
) -> None:
    """A note past max_length, or a value for an input the modal lacks, is a test bug."""
    interaction = fake.open_interaction(MESSAGE_COMPONENT, {"custom_id": "x", "component_type": 2})
    url = f"{fake.api_base}/interactions/{interaction.id}/{interaction.token}/callback"
    status, _, _ = await _post(http, url, _modal())
    assert status == 204
    with pytest.raises(FakeDiscordError, match=problem):
        await fake.submit_modal(interaction, values)


def test_pings_follows_discords_allowed_mentions_rules() -> None:
    """Without allowed_mentions everything pings; with parse [] nothing does."""
    assert pings({"content": "@everyone"})
    assert pings({"content": "<@123>"})
    assert not pings({"content": "@everyone <@123> <@&4>", "allowed_mentions": {"parse": []}})
    assert pings({"content": "<@123>", "allowed_mentions": {"parse": [], "users": ["123"]}})


class _Gateway:
    """A bare gateway client that inflates zlib-stream frames as discord.py does."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self._inflate = zlib.decompressobj()
        self._buffer = bytearray()

    async def receive(self) -> JSON:
        while True:
            msg = await asyncio.wait_for(self.ws.receive(), 5)
            if msg.type is aiohttp.WSMsgType.TEXT:
                data: JSON = json.loads(msg.data)
                return data
            if msg.type is not aiohttp.WSMsgType.BINARY:
                raise AssertionError(f"gateway closed: {msg.type} {self.ws.close_code}")
            self._buffer.extend(msg.data)
            if self._buffer[-4:] == b"\x00\x00\xff\xff":
                text = self._inflate.decompress(bytes(self._buffer)).decode()
                self._buffer.clear()
                decoded: JSON = json.loads(text)
                return decoded

    async def send(self, payload: JSON) -> None:
        await self.ws.send_str(json.dumps(payload))


async def test_gateway_handshake_over_zlib_stream(fake: FakeDiscord) -> None:
    """HELLO, heartbeat ACK, IDENTIFY → READY (with resume_gateway_url) → GUILD_CREATE."""
    url = fake.gateway_url.with_query(v="10", encoding="json", compress="zlib-stream")
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        gateway = _Gateway(ws)
        hello = await gateway.receive()
        assert hello["op"] == 10 and hello["d"]["heartbeat_interval"] > 0
        await gateway.send({"op": 1, "d": None})
        assert (await gateway.receive())["op"] == 11
        await gateway.send(
            {"op": 2, "d": {"token": FakeDiscord.TOKEN, "intents": INTENT_GUILDS, "properties": {}}}
        )
        ready = await gateway.receive()
        assert (ready["t"], ready["s"]) == ("READY", 1)
        assert ready["d"]["resume_gateway_url"] == fake.resume_gateway_url
        guild = await gateway.receive()
        assert (guild["t"], guild["d"]["id"]) == ("GUILD_CREATE", fake.guild_id)


async def test_gateway_refuses_other_compression_loudly(fake: FakeDiscord) -> None:
    """zstd-stream (what discord.py uses if `zstandard` is installed) fails, with a reason."""
    url = fake.gateway_url.with_query(v="10", encoding="json", compress="zstd-stream")
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        msg = await asyncio.wait_for(ws.receive(), 5)
        assert msg.type is aiohttp.WSMsgType.CLOSE
        assert ws.close_code == 1011
    assert fake.problems == ["gateway asked for compress=zstd-stream; fake speaks zlib"]
    fake.problems.clear()


async def test_gateway_refuses_a_privileged_intent_the_app_lacks(fake: FakeDiscord) -> None:
    """Asking for message content without it enabled closes the gateway with 4014."""
    url = fake.gateway_url.with_query(v="10", encoding="json")
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        gateway = _Gateway(ws)
        await gateway.receive()
        intents = INTENT_GUILDS | INTENT_MESSAGE_CONTENT
        await gateway.send({"op": 2, "d": {"token": FakeDiscord.TOKEN, "intents": intents}})
        msg = await asyncio.wait_for(ws.receive(), 5)
        assert msg.type is aiohttp.WSMsgType.CLOSE
        assert ws.close_code == 4014
