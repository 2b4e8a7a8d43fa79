"""Parts of the Slack front end tested alone: keys, suggestions, the factory.

The TTL store they use is tested once, with the service layer (tests/service/test_store.py).
"""

from __future__ import annotations

import pytest
from slack_bolt.async_app import AsyncApp

from adapters.slack_bot import Conversation, build_app
from adapters.slack_bot.payload import from_a_bot
from bot.config import Settings
from bot.engine import Engine
from bot.errors import ConfigError
from bot.knowledge.commands import command_from_suggestion
from bot.service import ChatService


def test_conversation_keys_follow_the_documented_shape() -> None:
    """Follow-up state is per team, channel, thread and user; the rate limit per user."""
    where = Conversation(team="T1", channel="C1", thread_ts="1.2", user="U1")
    assert where.key == "slack:T1:C1:1.2:U1"
    assert where.user_key == "slack:T1:U1"
    assert Conversation("T1", "D1", "", "U1").key == "slack:T1:D1::U1"
    assert Conversation("T1", "D1", "", "U1").is_dm and not where.is_dm


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/member Morocco", ("member", "Morocco")),
        ("/timeline  2021 ", ("timeline", "2021")),
        ("/members", ("members", "")),
        ("/nosuch thing", ("ask", "/nosuch thing")),
        ("When did Sudan join?", ("ask", "When did Sudan join?")),
    ],
)
def test_suggestions_written_as_commands_run_the_command(
    text: str, expected: tuple[str, str]
) -> None:
    """A suggestion like "/member Morocco" runs that shared command; anything else is asked."""
    assert command_from_suggestion(text) == expected


@pytest.mark.parametrize(
    ("event", "is_bot"),
    [
        ({"user": "U1", "text": "hi"}, False),
        ({"user": "U1", "bot_id": "B1"}, True),
        ({"subtype": "bot_message", "bot_id": "B1"}, True),
        ({"user": "U1", "bot_profile": {"id": "B1"}}, True),
        ({"user": "U1", "app_id": "A1"}, True),
        ({"text": "no user at all"}, True),
    ],
)
def test_messages_from_bots_and_apps_are_recognised(event: dict[str, object], is_bot: bool) -> None:
    """Any sign of a bot or app author (or no human author) marks a message as a bot's."""
    assert from_a_bot(event) is is_bot


def test_build_app_needs_the_bot_token_and_no_network(engine: Engine) -> None:
    """`build_app` names a missing bot token; with one it builds without contacting Slack."""
    service = ChatService(lambda: engine)
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
        build_app(Settings(), service)
    app = build_app(
        Settings(slack_bot_token="xoxb-x"), service, client_base_url="http://127.0.0.1:9/api/"
    )
    assert isinstance(app, AsyncApp)
    assert app.client.base_url == "http://127.0.0.1:9/api/"
