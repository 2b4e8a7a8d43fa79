"""The Slack manifest matches the shared command set and what the front end listens to."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.commands import ALL_COMMANDS

ROOT = Path(__file__).resolve().parents[3]
MANIFEST = ROOT / "manifest.yml"
HTTP_MANIFEST = ROOT / "manifest-http.yml"
EVENTS_URL = "https://YOUR-HOST/slack/events"


def _manifest(path: Path = MANIFEST) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
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


def test_the_http_manifest_is_the_same_app_with_request_urls() -> None:
    """manifest-http.yml equals manifest.yml but for Socket Mode off and one request URL on
    every slash command, the events and the interactivity."""
    http = _manifest(HTTP_MANIFEST)
    settings = http["settings"]
    assert settings["socket_mode_enabled"] is False
    assert settings["event_subscriptions"].pop("request_url") == EVENTS_URL
    assert settings["interactivity"].pop("request_url") == EVENTS_URL
    for command in http["features"]["slash_commands"]:
        assert command.pop("url") == EVENTS_URL
    settings["socket_mode_enabled"] = True
    assert http == _manifest()


def test_the_manifest_header_names_files_that_exist() -> None:
    """Every repository path a manifest's header comment names exists."""
    for path in (MANIFEST, HTTP_MANIFEST):
        header = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] == "#"]
        named = re.findall(r"[\w./-]+\.(?:py|yml|md)\b", "\n".join(header))
        assert named, path
        for name in named:
            assert (ROOT / name).exists() or (ROOT / "docs" / name).exists(), (path.name, name)


def test_the_slack_guide_names_every_command_and_no_stale_count() -> None:
    """docs/slack.md lists every registered command and says no number of them."""
    guide = (ROOT / "docs" / "slack.md").read_text(encoding="utf-8")
    for spec in ALL_COMMANDS:
        assert f"`/{spec.name}`" in guide, spec.name
    assert not re.search(r"\b(seven|eight|nine|ten|eleven|twelve) slash\b", guide)
