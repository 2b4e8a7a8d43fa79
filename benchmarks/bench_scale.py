"""Benchmark the bot at scale on loopback: two Slack workers on Redis, and 1000 announcements.

1. HTTP mode, two workers sharing a real redis-server (started here on 127.0.0.1): signed
   slash commands at a fixed rate, alternating between the workers as a load balancer would,
   each acknowledgement timed from the moment it was due. Baseline in the same run: one
   worker on the in-memory store at the same rate. Target: p99 ack <= 50 ms, no errors.
2. A thousand subscribed channels on Discord and on Slack get one fact update, posted by the
   real announcers through discord.py and slack-sdk to the fakes, which answer 429 with
   `retry_after` beyond their rate limit (Discord's global 50 requests per second; Slack's
   per-workspace limit, which Slack does not publish as a number: 100 per second here, with
   Slack's whole-second `Retry-After`). Baseline in the same run: the fakes with no
   limit. Target: every channel gets its post once, no request beats a `retry_after`, no
   window of the limit's length holds more posts than the limit.

    .venv/bin/python benchmarks/bench_scale.py [--rate 200] [--duration 5] [--channels 1000]

Nothing leaves 127.0.0.1; the run takes about half a minute.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import platform
import re
import shlex
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import discord  # noqa: E402  (after the path fix above)
from bench_slack import LINES, Result, _drain, _percentile, _send, _signed  # noqa: E402
from redis.asyncio import Redis  # noqa: E402

from adapters.discord_bot.announcing import discord_announcer  # noqa: E402
from adapters.slack_bot.announcing import slack_announcer, web_client  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.knowledge import load_knowledge  # noqa: E402
from bot.knowledge.models import KnowledgeBase  # noqa: E402
from bot.service.announce import Announcer, Round, record_version  # noqa: E402
from bot.service.statestore import MemoryStore  # noqa: E402
from tests.factedits import sign_kazakhstan  # noqa: E402
from tests.fakes.discord_harness import pointed_at  # noqa: E402
from tests.fakes.discord_server import FakeDiscord  # noqa: E402
from tests.fakes.slack_server import BOT_TOKEN, SIGNING_SECRET, FakeSlack  # noqa: E402
from tests.helpers import FACTS_DIR  # noqa: E402
from tests.redis_server import redis_server  # noqa: E402

CHILD = """
import dataclasses, logging, sys
from adapters.slack_bot import run
from bot.config import Settings
logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
logging.getLogger("adapters.slack_bot.serving").setLevel(logging.INFO)
settings = dataclasses.replace(Settings.from_env(), slack_bot_token=sys.argv[1],
                               slack_signing_secret=sys.argv[2], port=0)
raise SystemExit(run(settings, http=True, client_base_url=sys.argv[3], host="127.0.0.1"))
"""

DISCORD_LIMIT = (50, 1.0)
"""Discord's global rate limit: 50 requests per second per bot."""


# --- 1. two HTTP workers on Redis ---------------------------------------------------------


async def _workers(fake: FakeSlack, state_url: str, count: int) -> list[asyncio.subprocess.Process]:
    env = {k: v for k, v in os.environ.items() if not re.match(r"(?i)^(https?|all)_proxy$", k)}
    env.update(STATE_URL=state_url, GAPS_LOG="off", RATE_LIMIT_COUNT="1000")
    env.update(REPORTS_LOG_PATH=os.devnull)
    return [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            CHILD,
            BOT_TOKEN,
            SIGNING_SECRET,
            fake.base_url,
            cwd=ROOT,
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(count)
    ]


async def _load(
    urls: Sequence[str], fake: FakeSlack, rate: float, duration: float, first_user: int
) -> list[Result]:
    count = int(rate * duration)
    requests = [
        _signed(LINES[i % len(LINES)], first_user + i, fake.new_response_url())
        for i in range(count)
    ]
    timeout = aiohttp.ClientTimeout(total=3.0)  # Slack gives up after 3 s
    loop = asyncio.get_running_loop()
    async with aiohttp.ClientSession(
        timeout=timeout, connector=aiohttp.TCPConnector(limit=256)
    ) as session:
        start = loop.time() + 0.1
        tasks = []
        for i, (body, headers) in enumerate(requests):
            due = start + i / rate
            await asyncio.sleep(max(0.0, due - loop.time()))
            url = urls[i % len(urls)]
            tasks.append(asyncio.ensure_future(_send(session, url, body, headers, due, "\0")))
        return list(await asyncio.gather(*tasks))


async def _serve_and_load(
    state_url: str, workers: int, rate: float, duration: float
) -> tuple[list[float], int, list[int]]:
    """Return the good acks' latencies (ms), the error count and the workers' exit codes."""
    async with FakeSlack() as fake:
        children = await _workers(fake, state_url, workers)
        readers, urls = [], []
        try:
            for child in children:
                assert child.stderr is not None
                port: asyncio.Future[int] = asyncio.get_running_loop().create_future()
                readers.append(asyncio.ensure_future(_drain(child.stderr, [], port)))
                urls.append(f"http://127.0.0.1:{await asyncio.wait_for(port, 60)}/slack/events")
            await _load(urls, fake, 50, 1.0, 10_000_000)  # warm up, unmeasured
            results = await _load(urls, fake, rate, duration, 0)
        finally:
            for child in children:
                if child.returncode is None:
                    child.send_signal(signal.SIGTERM)
            codes = [await asyncio.wait_for(child.wait(), 15) for child in children]
            await asyncio.wait_for(asyncio.gather(*readers), 15)
    good = [r.latency_s * 1000 for r in results if r.ok]
    return good, sum(not r.ok for r in results), codes


# --- 2. a thousand subscribed channels ------------------------------------------------------


async def _subscribed(
    old: KnowledgeBase, platform_name: str, targets: Sequence[str]
) -> MemoryStore:
    store = MemoryStore()
    version = await record_version(store, old, time.time())
    for target in targets:
        key = f"{platform_name}:{target}"
        await store.subscribe(key, platform_name, target, time.time(), version.seq)
    return store


def _busiest_window(stamps: Sequence[float], window: float) -> int:
    ordered = sorted(stamps)
    best = start = 0
    for end, at in enumerate(ordered):
        while at - ordered[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


async def _discord_round(
    old: KnowledgeBase, new: KnowledgeBase, channels: int, limited: bool
) -> tuple[float, Round, int, int, int]:
    """Announce to `channels` Discord channels; return seconds, the round, 429s, early
    retries and the busiest second's posts."""
    async with FakeDiscord(rate_limit=DISCORD_LIMIT if limited else None) as fake:
        targets = [fake.add_channel() for _ in range(channels)]
        store = await _subscribed(old, "discord", targets)
        with pointed_at(fake):
            client = discord.Client(intents=discord.Intents.none())
            async with client:
                await client.login(FakeDiscord.TOKEN)
                began = time.perf_counter()
                done = await discord_announcer(client, store).announce(new)
                elapsed = time.perf_counter() - began
        stamps = [r.at for r in fake.message_posts()]
        busiest = _busiest_window(stamps, DISCORD_LIMIT[1])
        return elapsed, done, len(fake.rate_limited), fake.early_retries, busiest


async def _slack_round(
    old: KnowledgeBase, new: KnowledgeBase, channels: int, limit: tuple[int, float] | None
) -> tuple[float, Round, int, int, int]:
    """Announce to `channels` Slack channels; the same figures as `_discord_round`."""
    async with FakeSlack(post_rate=limit) as fake:
        targets = [f"C{n:08d}" for n in range(channels)]
        store = await _subscribed(old, "slack", targets)
        announcer: Announcer = slack_announcer(web_client(BOT_TOKEN, fake.base_url), store)
        began = time.perf_counter()
        done = await announcer.announce(new)
        elapsed = time.perf_counter() - began
        busiest = _busiest_window(fake.accepted_posts, (limit or DISCORD_LIMIT)[1])
        return elapsed, done, len(fake.rate_limited), fake.early_retries, busiest


# --- the run -------------------------------------------------------------------------------


def _row(label: str, values: Sequence[float]) -> str:
    return (
        f"{label:<38}{len(values):>7}{_percentile(list(values), 50):>9.2f}"
        f"{_percentile(list(values), 90):>9.2f}{_percentile(list(values), 99):>9.2f}"
        f"{max(values, default=float('nan')):>9.2f}"
    )


async def main(rate: float, duration: float, channels: int, slack_per_s: int) -> int:
    """Run both parts and print their tables; return 0 when every target is met."""
    logging.basicConfig(level=logging.ERROR)  # the announcers' per-channel lines are noise here
    print(f"command: {shlex.join([os.path.relpath(sys.executable, ROOT), *sys.argv])}")
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; everything on 127.0.0.1")  # fmt: skip
    met = True

    with redis_server() as redis_url:
        flush = Redis.from_url(redis_url)
        await flush.flushdb()
        await flush.aclose()
        two, two_errors, two_codes = await _serve_and_load(redis_url, 2, rate, duration)
    one, one_errors, one_codes = await _serve_and_load("memory://", 1, rate, duration)
    print(f"\n1. HTTP mode: {rate:g} signed slash commands/s for {duration:g} s, open loop")
    print(f"{'ack latency (ms)':<38}{'n':>7}{'p50':>9}{'p90':>9}{'p99':>9}{'max':>9}")
    print(_row("two workers, shared Redis", two))
    print(_row("baseline: one worker, memory://", one))
    p99_two, p99_one = _percentile(two, 99), _percentile(one, 99)
    print(f"errors: {two_errors} (two workers), {one_errors} (baseline); exit codes "
          f"{two_codes + one_codes}; p99 ratio two-on-Redis / baseline: "
          f"{p99_two / p99_one:.2f}")  # fmt: skip
    ok = p99_two <= 50.0 and two_errors == 0 and not any(two_codes)
    print(f"target p99 <= 50 ms with two workers on Redis, no errors: {'met' if ok else 'NOT met'}")
    met &= ok

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "knowledge"
        shutil.copytree(FACTS_DIR, copy)  # the frozen facts: the edit helper knows them
        old = Engine.from_dir(FACTS_DIR).kb
        sign_kazakhstan(copy)
        new = load_knowledge(copy)
    slack_limit = (slack_per_s, 1.0)
    rounds = await asyncio.gather(
        _discord_round(old, new, channels, limited=True),
        _slack_round(old, new, channels, slack_limit),
    )
    baselines = await asyncio.gather(
        _discord_round(old, new, channels, limited=False),
        _slack_round(old, new, channels, None),
    )
    limits = f"Discord {DISCORD_LIMIT[0]}/s global; Slack {slack_per_s}/s per workspace"
    print(f"\n2. One fact update to {channels} subscribed channels per platform ({limits})")
    print(f"{'':<30}{'seconds':>9}{'sent':>7}{'429s':>7}{'early':>7}{'max/s':>7}{'x base':>8}")
    for name, (limited, base), limit in (
        ("Discord", (rounds[0], baselines[0]), DISCORD_LIMIT[0]),
        ("Slack", (rounds[1], baselines[1]), slack_per_s),
    ):
        for label, (seconds, done, hits, early, busiest) in (
            (f"{name}, limited (429s honoured)", limited),
            (f"{name}, baseline: no limit", base),
        ):
            ratio = seconds / base[0]
            print(f"{label:<30}{seconds:>9.2f}{done.sent:>7}{hits:>7}{early:>7}"
                  f"{busiest:>7}{ratio:>8.2f}")  # fmt: skip
        seconds, done, hits, early, busiest = limited
        floor = (channels - limit) / limit  # the least time the limit allows
        ok = done.sent == channels and done.failed == 0 and early == 0 and busiest <= limit
        verdict = "met" if ok else "NOT met"
        print(f"  {name}: every channel once, no early retry, at most {limit} posts in any "
              f"second ({floor:.1f} s is the limit's floor): {verdict}")  # fmt: skip
        met &= ok
    return 0 if met else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds of load")
    parser.add_argument("--channels", type=int, default=1000, help="subscribed channels")
    parser.add_argument("--slack-per-s", type=int, default=100, help="Slack's simulated limit")
    args = parser.parse_args()
    raise SystemExit(asyncio.run(main(args.rate, args.duration, args.channels, args.slack_per_s)))
