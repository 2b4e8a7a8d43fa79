"""Slack payloads in: markup becomes plain text, and every payload names its conversation."""

from __future__ import annotations

import pytest

from adapters.slack_bot.payload import (
    Conversation,
    delivery_keys,
    from_a_bot,
    parse_share_value,
    plain_text_from_slack,
)


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("hey <@U024BE7LH|sam> when did bahrain join", "hey when did bahrain join"),
        ("<@U024BE7LH> when did bahrain sign up", "when did bahrain sign up"),
        ("<!channel> <@U0OTHER99> when were the accords signed", "when were the accords signed"),
        ("<!here> <!everyone> <!here|here> who signed?", "who signed?"),
        ("<!subteam^S012AB3CD|@editors> who signed?", "who signed?"),
        ("in <#C024BE7LR|general> who signed?", "in general who signed?"),
        ("see <https://example.org/a?b=1|the page> why?", "see the page why?"),
        ("see <https://example.org/x> why?", "see https://example.org/x why?"),
        ("mail <mailto:a@example.org|a@example.org> why?", "mail a@example.org why?"),
        ("on <!date^1600128000^{date}|15 Sep 2020> what?", "on 15 Sep 2020 what?"),
        ("Israel &amp; UAE &lt;3 &gt; Bahrain?", "Israel & UAE <3 > Bahrain?"),
        ("  many\n\n spaces\there ", "many spaces here"),
    ],
)
def test_slack_markup_becomes_plain_text(raw: str, plain: str) -> None:
    """Mentions and pings disappear; channels, links and dates become their text."""
    assert plain_text_from_slack(raw) == plain


def test_nothing_of_a_ping_survives() -> None:
    """Whatever markup a message holds, no `<@`, `<!` or user id reaches the core."""
    raw = "<@U1|a> <!channel> <!subteam^S1|@t> <@W2> x"
    plain = plain_text_from_slack(raw)
    assert plain == "x"


def test_each_payload_names_its_conversation() -> None:
    """Commands, events, button presses and shares give the documented keys."""
    command = {"team_id": "T1", "channel_id": "C1", "user_id": "U1"}
    assert Conversation.from_command(command) == Conversation("T1", "C1", "", "U1")
    event = {"channel": "C1", "user": "U1", "ts": "1.5"}
    assert Conversation.from_event({}, event, "T1", mention=True).thread_ts == "1.5"
    assert Conversation.from_event({}, event, "T1", mention=False).thread_ts == ""
    assert Conversation.from_event({"team_id": "T9"}, event, None, mention=True).team == "T9"
    press = {
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "container": {"channel_id": "C1", "message_ts": "2.5"},
        "message": {},
    }
    assert Conversation.from_action(press) == Conversation("T1", "C1", "2.5", "U1")
    ephemeral = {**press, "container": {"channel_id": "C1", "is_ephemeral": True}}
    assert Conversation.from_action(ephemeral).thread_ts == ""
    share = {"team": {"id": "T1"}, "channel": {"id": "C1"}, "user": {"id": "U1"}}
    assert Conversation.from_share(share).key == "slack:T1:C1::U1"


def test_retried_deliveries_share_their_keys() -> None:
    """An event's id and its message's channel and ts are what a retry repeats."""
    keys = delivery_keys({"event_id": "Ev1"}, {"channel": "C1", "ts": "1.5"})
    assert keys == ("event:Ev1", "msg:C1:1.5")
    assert delivery_keys({}, {}) == ()


def test_share_values_that_are_not_ours_read_as_empty() -> None:
    """Only a JSON object of strings is a share value."""
    assert parse_share_value('{"id": "x", "n": 1}') == {"id": "x"}
    assert parse_share_value("[1]") == {} == parse_share_value("nope")
    assert from_a_bot({"user": "U1", "bot_id": "B1"}) and not from_a_bot({"user": "U1"})
