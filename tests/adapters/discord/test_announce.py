"""Fact updates announced on Discord, end to end: `accords-bot discord` as a real process.

The bot runs in a child process (real signals, its SQLite state file, live reload of a copy
of the fact files) against the fake Discord in this one. A channel subscribes, a maintainer
edits a fact file, the channel gets one "What changed in the facts"; a channel the bot may
not post in (403, code 50013) is paused without stopping the next; a restart on the same
state sends nothing again. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import signal
from pathlib import Path

from bot import wording
from tests.adapters.discord.test_run import PROCESS_TIMEOUT_S, _finish, _start
from tests.factedits import sign_kazakhstan
from tests.fakes.discord_server import JSON, MANAGER_PERMISSIONS, FakeDiscord, pings

QUIET_S = 2.0
"""How long a restarted bot is watched for a second post: four announcer rounds."""


def _updates(fake: FakeDiscord, channel: str) -> list[JSON]:
    return [
        m
        for m in fake.bot_messages(channel)
        for e in m.get("embeds") or []
        if e.get("title") == wording.CHANGES_TITLE
    ]


async def _command(fake: FakeDiscord, name: str, channel: str) -> str:
    """Run a slash command in `channel` as a member with Manage Channels; return its text."""
    done = await fake.slash(name, channel_id=channel, permissions=MANAGER_PERMISSIONS)
    await asyncio.wait_for(done.responded.wait(), PROCESS_TIMEOUT_S)
    return json.dumps(done.response["data"], ensure_ascii=False)


async def test_one_update_per_channel_across_a_restart_and_a_403_pauses_only_its_channel(
    tmp_path: Path, knowledge_copy: Path
) -> None:
    """Subscribe two channels (the bot may not post in the first), edit a fact file: the
    second channel gets exactly one update naming the change and its source, pinging nobody;
    the first is paused and logged; a new process on the same state posts nothing again."""
    env = {
        "KNOWLEDGE_DIR": str(knowledge_copy),
        "STATE_URL": f"sqlite:///{tmp_path / 'state.db'}",
        "REPORTS_LOG_PATH": str(tmp_path / "reports.jsonl"),
        "RATE_LIMIT_COUNT": "1000",
    }
    async with FakeDiscord() as fake:
        refused = fake.add_channel()
        fake.forbidden_channels.add(refused)
        channel = fake.channel_id
        first = await _start(fake, **env)
        try:
            await fake.wait_ready(timeout=PROCESS_TIMEOUT_S)
            for target in (refused, channel):
                assert wording.SUBSCRIBED_TITLE in await _command(fake, "subscribe", target)
            await asyncio.sleep(1.0)  # an announcer round: subscribing is not an update
            assert _updates(fake, channel) == []
            sign_kazakhstan(knowledge_copy)
            await fake.wait_until(lambda: bool(_updates(fake, channel)), PROCESS_TIMEOUT_S)
            (update,) = _updates(fake, channel)
            shown = json.dumps(update["embeds"], ensure_ascii=False)
            assert "Kazakhstan: status accession announced" in shown
            assert "Reuters: Kazakhstan signs the Abraham Accords" in shown
            assert "reuters.com/world/kazakhstan-signs-abraham-accords" in shown
            (post,) = [r for r in fake.message_posts() if r.path == f"/channels/{channel}/messages"]
            assert post.body["allowed_mentions"] == {"parse": []} and not pings(post.body)
            refusals = [r for r in fake.requests if r.path == f"/channels/{refused}/messages"]
            assert [r.status for r in refusals] == [403]
        finally:
            if first.returncode is None:
                first.send_signal(signal.SIGTERM)
        code, stderr = await _finish(first)
        assert code == 0, stderr
        assert f"paused updates to discord:{refused}" in stderr and "50013" in stderr

        second = await _start(fake, **env)
        try:
            await fake.wait_ready(timeout=PROCESS_TIMEOUT_S)
            about = await _command(fake, "about", channel)
            assert "subscribed: the bot posts here" in about
            assert "paused" in await _command(fake, "about", refused)
            await asyncio.sleep(QUIET_S)
            assert len(_updates(fake, channel)) == 1
            assert len([r for r in fake.requests if r.path == f"/channels/{refused}/messages"]) == 1
        finally:
            if second.returncode is None:
                second.send_signal(signal.SIGTERM)
        code, stderr = await _finish(second)
        assert code == 0, stderr
        assert "Traceback" not in stderr, stderr
        assert not fake.problems, fake.problems
