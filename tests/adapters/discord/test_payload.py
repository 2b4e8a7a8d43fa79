"""Discord payloads in: markup becomes plain text, keys follow the documented shape."""

from __future__ import annotations

import pytest

from adapters.discord_bot.payload import Conversation, plain_text_from_discord


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("<@123456789012345678> when did bahrain join", "when did bahrain join"),
        ("<@!123456789012345678> when did bahrain join", "when did bahrain join"),
        ("<@&555> <#666> who signed?", "who signed?"),
        ("@everyone @here who signed?", "who signed?"),
        ("</ask:1234> who signed?", "who signed?"),
        ("<:flag_bh:111> <a:wave:222> who signed?", "who signed?"),
        ("what happened on <t:1600128000:D>?", "what happened on 15 September 2020 ?"),
        ("what happened <t:1600128000>", "what happened 15 September 2020"),
        ("<t:99999999999999:R> when?", "when?"),
        ("everyone@here.org stays", "everyone@here.org stays"),
    ],
)
def test_discord_markup_becomes_plain_text(raw: str, plain: str) -> None:
    """Mentions, roles, channels, emoji and pings disappear; a timestamp becomes a date."""
    assert plain_text_from_discord(raw) == plain


def test_keys_are_per_channel_and_user_and_per_user() -> None:
    """Follow-ups are kept per channel and user (DMs without a channel as "dm")."""
    assert Conversation(1, 2).key == "discord:1:2"
    assert Conversation(None, 2).key == "discord:dm:2"
    assert Conversation(1, 2).user_key == "discord:2"
