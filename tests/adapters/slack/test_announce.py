"""Fact updates and shared state on Slack, end to end: `accords-bot slack --http` as real
processes against the fake Slack.

A channel subscribes, a maintainer edits a fact file (live reload), the channel gets one
"What changed in the facts"; a channel the bot was removed from (`not_in_channel`) is paused
without stopping the next; a restart on the same SQLite state posts nothing again. Two
workers sharing a real Redis answer an event once when Slack's retry lands on the other
worker. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from redis.asyncio import Redis

from bot import wording
from tests.adapters.slack.test_run import START_S, child
from tests.factedits import sign_kazakhstan
from tests.fakes.slack_server import (
    BOT_TOKEN,
    CHANNEL_ID,
    SIGNING_SECRET,
    ApiCall,
    FakeSlack,
    SignedPoster,
    event_callback,
    mention,
    message_problems,
    slash_command,
)

REFUSED = "C0REMOVED"
LISTENING = r"listening on http://127\.0\.0\.1:(\d+)/slack/events"
QUIET_S = 2.0
"""How long a restarted worker is watched for a second post: four announcer rounds."""
PINGS = ("<!channel>", "<!here>", "<!everyone>")


def _updates(slack: FakeSlack, channel: str) -> list[ApiCall]:
    return [
        c
        for c in slack.api("chat.postMessage")
        if c.body.get("channel") == channel and wording.CHANGES_TITLE in str(c.body.get("text"))
    ]


async def _subscribe(poster: SignedPoster, slack: FakeSlack, channel: str) -> str:
    fields = slash_command("/subscribe", "", response_url=slack.new_response_url(), channel=channel)
    reply = await poster.form(fields)
    assert reply.status == 200, reply.body
    return json.dumps(reply.json(), ensure_ascii=False)


async def test_one_update_per_channel_across_a_restart_and_a_removed_channel_is_paused(
    tmp_path: Path, knowledge_copy: Path
) -> None:
    """Subscribe two channels (the bot was removed from the first), edit a fact file: the
    second gets exactly one update naming the change and its source, pinging nobody; the
    first is paused and logged; a new process on the same state posts nothing again."""
    env = {
        "KNOWLEDGE_DIR": str(knowledge_copy),
        "STATE_URL": f"sqlite:///{tmp_path / 'state.db'}",
        "REPORTS_LOG_PATH": str(tmp_path / "reports.jsonl"),
        "RATE_LIMIT_COUNT": "1000",
    }
    args = (BOT_TOKEN, "", SIGNING_SECRET, "http")
    async with FakeSlack() as slack:
        async with child(*args, slack.base_url, **env) as first:
            port = (await first.wait_for_line(LISTENING))[1]
            async with SignedPoster(f"http://127.0.0.1:{port}/slack/events") as poster:
                for channel in (REFUSED, CHANNEL_ID):
                    reply = await _subscribe(poster, slack, channel)
                    assert '"response_type": "in_channel"' in reply
                    assert wording.SUBSCRIBED_TITLE in reply and "Subscribed by <@" in reply
            slack.not_in_channel.add(REFUSED)  # then someone removes the bot from it
            sign_kazakhstan(knowledge_copy)
            await slack.wait_until(lambda: _updates(slack, CHANNEL_ID), START_S)
            (update,) = _updates(slack, CHANNEL_ID)
            shown = json.dumps(update.body, ensure_ascii=False)
            assert "Kazakhstan: status accession announced" in shown
            assert "Reuters: Kazakhstan signs the Abraham Accords" in shown
            assert "<https://www.reuters.com/world/kazakhstan-signs-abraham-accords" in shown
            assert message_problems(update.body) == []
            assert not any(ping in shown for ping in PINGS)
            await first.wait_for_line(f"paused updates to slack:.*{REFUSED}.*not_in_channel")
            assert await first.stop() == 0
        async with child(*args, slack.base_url, **env) as second:
            await second.wait_for_line(LISTENING)
            await asyncio.sleep(QUIET_S)
            assert len(_updates(slack, CHANNEL_ID)) == 1
            assert len(_updates(slack, REFUSED)) == 1  # the one refused post, never retried
            assert await second.stop() == 0
        assert not [line for line in first.lines + second.lines if "Traceback" in line]


@pytest.fixture
async def clean_redis(redis_url: str) -> str:
    """The shared redis-server, emptied for this test."""
    client = Redis.from_url(redis_url)
    await client.flushdb()
    await client.aclose()
    return redis_url


async def test_a_retry_landing_on_the_other_worker_is_answered_once(
    clean_redis: str, tmp_path: Path
) -> None:
    """Two HTTP workers share one Redis: an event delivered to the first, then retried by
    Slack to the second, gets exactly one answer; a new event on the second is answered."""
    env = {"STATE_URL": clean_redis, "REPORTS_LOG_PATH": str(tmp_path / "reports.jsonl")}
    args = (BOT_TOKEN, "", SIGNING_SECRET, "http")
    async with (
        FakeSlack() as slack,
        child(*args, slack.base_url, **env) as one,
        child(*args, slack.base_url, **env) as two,
    ):
        ports = [(await worker.wait_for_line(LISTENING))[1] for worker in (one, two)]
        async with (
            SignedPoster(f"http://127.0.0.1:{ports[0]}/slack/events") as first,
            SignedPoster(f"http://127.0.0.1:{ports[1]}/slack/events") as second,
        ):
            envelope = event_callback(mention("when did Bahrain join?"))
            assert (await first.event(envelope)).status == 200
            retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
            assert (await second.event(envelope, headers=retry)).status == 200
            await slack.wait_for_posts(1)
            assert (await second.event(event_callback(mention("who signed for Sudan?")))).status
            await slack.wait_for_posts(2)
            await asyncio.sleep(0.3)
        posts = slack.posts()
        assert len(posts) == 2
        assert sum("Bahrain" in json.dumps(p.body) for p in posts) == 1
        assert any("skipped a repeated delivery" in line for line in two.lines)
        assert await one.stop() == 0 and await two.stop() == 0
