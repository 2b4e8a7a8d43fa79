"""`adapters.slack_bot.shape`: what a Slack payload must look like, checked without a server."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.slack_bot.shape import payload_problem
from tests.fakes.slack_server import (
    block_actions,
    button_action,
    direct_message,
    event_callback,
    mention,
    slash_command,
)

URL = "http://127.0.0.1:9/unused"
BUTTON = button_action({"action_id": "more_record", "text": "More", "value": "v"}, "tools")


@pytest.mark.parametrize(
    "payload",
    [
        slash_command("/ask", "when did Morocco join?", response_url=URL),
        event_callback(mention("when did Sudan join?")),
        event_callback(direct_message("members?", subtype=None, bot_id=None)),
        event_callback({"type": "team_join", "user": {"id": "U1", "name": "new"}}),
        block_actions(BUTTON, response_url=URL, ephemeral=True),
        block_actions(BUTTON, response_url=URL, ephemeral=False, thread_ts="1.2"),
        {"type": "url_verification", "challenge": "abc", "token": "t"},
        {"type": "view_closed", "view": {"type": "modal", "callback_id": "x"}, "team": None},
        {**block_actions(BUTTON, response_url=URL, ephemeral=True), "new_field": [1, {"a": 2}]},
        {},
    ],
    ids=[
        "slash command",
        "mention",
        "dm",
        "an event nobody answers",
        "private press",
        "press in a thread",
        "url check",
        "closed view",
        "a field Slack adds",
        "empty form",
    ],
)
def test_payloads_as_slack_sends_them_pass(payload: dict[str, Any]) -> None:
    """Every payload the fakes build as Slack does passes, and so do fields nobody reads."""
    assert payload_problem(payload) == ""


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        ([], "the body is not an object"),
        ({"type": 5}, "type is not text"),
        ({"type": "block_actions"}, "actions is missing"),
        ({"type": "block_actions", "actions": [{}]}, "actions[].action_id is missing"),
        ({"type": "event_callback", "event": {"type": "message", "ts": 1}}, "event.ts is not text"),
        (
            {"type": "view_submission", "view": {"type": "modal", "callback_id": "x", "state": {}}}
            | {"user": "U1"},
            "user is not an object",
        ),
        (
            {"type": "view_submission", "view": {"type": "modal", "callback_id": "x"}}
            | {"response_urls": [{"response_url": None}]},
            "response_urls[].response_url is not text",
        ),
    ],
)
def test_the_first_wrong_field_is_named(payload: object, problem: str) -> None:
    """The problem names the field by its place, never by anything the payload carries."""
    assert payload_problem(payload) == problem
