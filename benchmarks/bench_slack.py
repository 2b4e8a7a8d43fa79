"""Benchmark the Slack HTTP mode on loopback: signed slash commands at a fixed rate.

The app runs as in production (`adapters.slack_bot.run(..., http=True)`) in a child process;
this process plays Slack: a fake Web API for the app's `auth.test`, and an open-loop client
that sends signed, form-encoded slash commands at a fixed rate, timing each acknowledgement
from the moment it was due to be sent (so a stalled server cannot hide its queue). It then
times the core alone (`Engine.ask` / `Engine.run_command`) on the same questions.

    .venv/bin/python benchmarks/bench_slack.py [--rate 200] [--duration 10]

Targets: p99 acknowledgement <= 50 ms and no errors. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shlex
import signal
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import wording  # noqa: E402
from bot.config import DEFAULT_KNOWLEDGE_DIR  # noqa: E402  (after the path fix above)
from bot.engine import Engine  # noqa: E402
from tests.fakes.slack_server import (  # noqa: E402
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    sign_request,
    slash_command,
)

LINES = (
    "/ask when did Morocco join?",
    "/ask who signed for Bahrain?",
    "/ask is Saudi Arabia a member?",
    "/ask what are the Abraham Accords?",
    "/ask what did Sudan get in return?",
    "/ask why is it called Abraham?",
    "/members",
    "/member Morocco",
    "/member Kazakhstan",
    "/timeline",
    "/timeline 2020",
    "/critiques",
    "/critiques Western Sahara",
    "/sources",
    "/about",
)

CHILD = """
import logging, sys
from adapters.slack_bot import run
from bot.config import Settings
logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
settings = Settings(slack_bot_token=sys.argv[1], slack_signing_secret=sys.argv[2], port=0)
raise SystemExit(run(settings, http=True, client_base_url=sys.argv[3], host="127.0.0.1"))
"""


@dataclass(frozen=True, slots=True)
class Result:
    """One request: latency from its due time (seconds) and whether it was a good ack."""

    latency_s: float
    ok: bool
    rate_limited: bool = False


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
    return ordered[index]


def _signed(line: str, user: int, response_url: str) -> tuple[bytes, dict[str, str]]:
    name, _, text = line.partition(" ")
    fields = slash_command(name, text, response_url=response_url, user=f"U{user:08d}")
    body = urlencode(fields).encode()
    stamp = int(time.time())
    return body, {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": str(stamp),
        "X-Slack-Signature": sign_request(SIGNING_SECRET, stamp, body),
    }


async def _send(
    session: aiohttp.ClientSession,
    url: str,
    body: bytes,
    headers: dict[str, str],
    due: float,
    polite: str,
) -> Result:
    loop = asyncio.get_running_loop()
    try:
        async with session.post(url, data=body, headers=headers) as resp:
            text = await resp.text()
        reply = json.loads(text) if resp.status == 200 else {}
        ok = reply.get("response_type") == "ephemeral" and bool(reply.get("blocks"))
        return Result(loop.time() - due, ok, str(reply.get("text", "")).startswith(polite))
    except (aiohttp.ClientError, TimeoutError, ValueError):
        return Result(loop.time() - due, False)


async def _load(
    url: str, fake: FakeSlack, rate: float, duration: float, first_user: int, polite: str
) -> list[Result]:
    count = int(rate * duration)
    requests = [
        _signed(LINES[i % len(LINES)], first_user + i, fake.new_response_url())
        for i in range(count)
    ]
    timeout = aiohttp.ClientTimeout(total=3.0)  # Slack gives up after 3 s
    connector = aiohttp.TCPConnector(limit=256)
    loop = asyncio.get_running_loop()
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        start = loop.time() + 0.1
        tasks = []
        for i, (body, headers) in enumerate(requests):
            due = start + i / rate
            await asyncio.sleep(max(0.0, due - loop.time()))
            tasks.append(asyncio.ensure_future(_send(session, url, body, headers, due, polite)))
        return list(await asyncio.gather(*tasks))


async def _drain(stream: asyncio.StreamReader, lines: list[str], port: asyncio.Future[int]) -> None:
    async for raw in stream:
        line = raw.decode("utf-8", "replace").rstrip()
        lines.append(line)
        found = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
        if found and not port.done():
            port.set_result(int(found[1]))


def _core_times(engine: Engine, lines: tuple[str, ...], repeat: int) -> list[float]:
    times: list[float] = []
    for _ in range(repeat):
        for line in lines:
            name, _, argument = line[1:].partition(" ")
            began = time.perf_counter()
            if name == "ask":
                engine.ask(argument)
            else:
                engine.run_command(name, argument)
            times.append(time.perf_counter() - began)
    return times


async def main(rate: float, duration: float, warmup: int) -> int:
    """Run the benchmark and print its table; return 0 when the targets are met."""
    engine = Engine.from_dir(DEFAULT_KNOWLEDGE_DIR)
    polite = wording.RATE_LIMITED_TITLE  # how a rate-limited answer starts
    env = {k: v for k, v in os.environ.items() if not re.match(r"(?i)^(https?|all)_proxy$", k)}
    async with FakeSlack() as fake:
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-c", CHILD, BOT_TOKEN, SIGNING_SECRET, fake.base_url,
            cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        assert child.stderr is not None
        log: list[str] = []
        port: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        reader = asyncio.ensure_future(_drain(child.stderr, log, port))
        try:
            url = f"http://127.0.0.1:{await asyncio.wait_for(port, 60)}/slack/events"
            await _load(url, fake, 50, warmup / 50, 10_000_000, polite)
            results = await _load(url, fake, rate, duration, 0, polite)
        finally:
            child.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(child.wait(), 15)
            await asyncio.wait_for(reader, 15)
    core = _core_times(engine, LINES, repeat=max(1, int(rate * duration) // len(LINES)))

    good = [r.latency_s * 1000 for r in results if r.ok]
    errors = sum(not r.ok for r in results)
    limited = sum(r.rate_limited for r in results)
    core_ms = [t * 1000 for t in core]
    p99 = _percentile(good, 99)
    print(f"command: {shlex.join([os.path.relpath(sys.executable, ROOT), *sys.argv])}")
    print(
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; app in a child process, loopback"
    )
    print(f"load: {rate:g} signed slash commands/s for {duration:g} s, open loop, "
          f"{len(LINES)} questions in rotation, one user per request")  # fmt: skip
    print()
    print(f"{'measure':<34}{'n':>7}{'p50 ms':>10}{'p90 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    for label, values in (
        ("ack latency (HTTP, end to end)", good),
        ("core alone (Engine)", core_ms),
    ):
        print(
            f"{label:<34}{len(values):>7}{_percentile(values, 50):>10.2f}"
            f"{_percentile(values, 90):>10.2f}{_percentile(values, 99):>10.2f}"
            f"{max(values, default=float('nan')):>10.2f}"
        )
    print()
    print(f"requests: {len(results)}  ok: {len(good)}  errors: {errors}  rate-limited: {limited}")
    print(f"mean core time: {statistics.fmean(core_ms):.3f} ms; child exit status: {code}")
    met = p99 <= 50.0 and errors == 0 and code == 0
    print(f"target p99 <= 50 ms and no errors: {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load")
    parser.add_argument("--warmup", type=int, default=50, help="unmeasured requests first")
    args = parser.parse_args()
    raise SystemExit(asyncio.run(main(args.rate, args.duration, args.warmup)))
