"""The Slack manifest matches the shared command set and what the front end listens to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.commands import ALL_COMMANDS

MANIFEST = Path(__file__).resolve().parents[3] / "manifest.yml"


def _manifest() -> dict[str, Any]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_manifest_commands_equal_the_shared_command_set() -> None:
    """Every command in ALL_COMMANDS is in the manifest, in order, with its description and hint."""
    listed = [
        (c["command"], c["description"], c.get("usage_hint", ""))
        for c in _manifest()["features"]["slash_commands"]
    ]
    assert listed == [(f"/{c.name}", c.description, c.usage_hint) for c in ALL_COMMANDS]


def test_manifest_commands_send_plain_text() -> None:
    """Slack is asked not to rewrite mentions in command text (`should_escape: false`)."""
    assert all(c["should_escape"] is False for c in _manifest()["features"]["slash_commands"])


def test_manifest_subscribes_to_mentions_and_dms_with_minimal_scopes() -> None:
    """Events are app_mention and message.im; scopes are exactly what those, replies and the
    /subscribe check (is the bot in the channel?) need."""
    manifest = _manifest()
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == [
        "app_mention",
        "message.im",
    ]
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == [
        "app_mentions:read",
        "channels:read",
        "chat:write",
        "commands",
        "groups:read",
        "im:history",
    ]


def test_manifest_turns_on_interactivity_socket_mode_and_the_messages_tab() -> None:
    """Buttons need interactivity; Socket Mode is the default; users can DM the bot."""
    manifest = _manifest()
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True
    home = manifest["features"]["app_home"]
    assert home["messages_tab_enabled"] is True and home["messages_tab_read_only_enabled"] is False
