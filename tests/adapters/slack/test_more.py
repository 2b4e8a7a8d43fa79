"""The More button on Slack, end to end: the real bolt app (HTTP mode) against the fake Slack.

A short answer whose whole record adds something carries a More button; pressing it shows
the whole record privately (by the press's response_url), with its sources as links, every
piece of text escaped so nothing pings. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from adapters.slack_bot.render import (
    ACTION_MORE,
    MAX_BLOCKS,
    MAX_BUTTON_VALUE,
    MAX_SECTION_TEXT,
    TOOLS_BLOCK_ID,
    render_answer,
)
from bot import wording
from bot.engine import Engine
from bot.knowledge.commands import more_token
from bot.service.more import record_answer
from tests.adapters.slack.test_http import PINGS, PROXY_VARIABLES, Http, running_http
from tests.fakes.slack_server import (
    block_actions,
    button_action,
    mention,
    message_problems,
    new_ts,
)


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every request on loopback, whatever proxy the environment names."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def _more_button(message: dict[str, Any]) -> dict[str, Any]:
    button: dict[str, Any]
    (button,) = [
        e
        for b in message["blocks"]
        if b["type"] == "actions" and b.get("block_id") == TOOLS_BLOCK_ID
        for e in b["elements"]
        if e["action_id"] == ACTION_MORE
    ]
    return button


async def _press_more(http: Http, message: dict[str, Any], *, ephemeral: bool) -> dict[str, Any]:
    button = _more_button(message)
    assert button["text"]["text"] == wording.MORE_LABEL
    url = http.slack.new_response_url()
    action = button_action(button, TOOLS_BLOCK_ID)
    before = len(http.slack.responses)
    assert (await http.press(block_actions(action, response_url=url, ephemeral=ephemeral))).status
    responses = await http.slack.wait_for_responses(before + 1)
    body: dict[str, Any] = responses[-1].body
    return body


async def test_more_under_a_private_answer_shows_the_whole_record(engine: Engine) -> None:
    """/ask's short answer has More; the press shows every detail, note and source, privately."""
    async with running_http(engine) as http:
        reply = await http.command("ask", "when did morocco join?")
        shown = await _press_more(http, reply.json(), ephemeral=True)
        assert shown["response_type"] == "ephemeral" and shown["replace_original"] is False
        assert message_problems(shown) == []
        text = json.dumps(shown, ensure_ascii=False)
        assert "Morocco: the whole record" in text
        assert "Negev Summit" in text and "Not verified in the reviewed sources" in text
        # a whole record's many sources read one line per publisher, each page a link
        assert "<https://en.wikipedia.org/wiki/Negev_Summit|Negev Summit>" in text
        assert "Wikipedia: <https://en.wikipedia.org/wiki/" in text
        assert http.slack.posts() == []  # nothing in the channel


async def test_more_under_a_public_thread_reply_answers_only_the_presser(engine: Engine) -> None:
    """More under an answer in a thread replies ephemerally, not in the thread."""
    async with running_http(engine) as http:
        await http.event(mention("how did sudan join?", ts=new_ts()))
        [post] = await http.slack.wait_for_posts(1)
        shown = await _press_more(http, post.body, ephemeral=False)
        assert shown["response_type"] == "ephemeral"
        assert "Sudan: the whole record" in json.dumps(shown, ensure_ascii=False)
        assert len(http.slack.posts()) == 1


async def test_more_after_a_restart_and_for_a_record_that_is_gone(engine: Engine) -> None:
    """A More value from an earlier run is answered from the facts served now; a record that
    no longer exists gets a clear notice, and the question's pings stay inert."""
    async with running_http(engine) as http:
        for value, expected in (
            ("member_where:bahrain", "Bahrain: the whole record"),
            ("member_when:atlantis <!channel>", wording.RECORD_GONE),
        ):
            button = {"action_id": ACTION_MORE, "value": value,
                      "text": {"type": "plain_text", "text": "More"}}  # fmt: skip
            message = {"blocks": [{"type": "actions", "block_id": TOOLS_BLOCK_ID,
                                   "elements": [button]}]}  # fmt: skip
            shown = await _press_more(http, message, ephemeral=True)
            text = json.dumps(shown, ensure_ascii=False)
            assert expected in text
            assert not any(ping in text for ping in PINGS)


def test_every_record_fits_slack(engine: Engine) -> None:
    """Every More value fits a button, and every whole record renders within Slack's limits
    (sections of at most 3000 characters, at most 50 blocks, no More under More)."""
    tokens = {t for a in engine.every_answer() if (t := more_token(a))}
    assert tokens
    for token in tokens:
        assert len(token) <= MAX_BUTTON_VALUE
        message = render_answer(record_answer(engine, token, engine.kb.content_hash)).payload()
        assert message_problems(message) == [], token
        assert len(message["blocks"]) <= MAX_BLOCKS
        for block in message["blocks"]:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= MAX_SECTION_TEXT
        assert ACTION_MORE not in json.dumps(message)
