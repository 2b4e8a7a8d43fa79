"""Benchmark the Discord front end: interaction dispatched → callback received, against the core.

    .venv/bin/python benchmarks/bench_discord.py [--count 400] [--warmup 20]

Runs the real bot (discord.py + adapter + core) against the local fake Discord, sends `/ask`
interactions one at a time with varied questions, and measures, on the fake's clock, the time
from writing INTERACTION_CREATE to the gateway until the callback request arrives. In the same
run it times `Engine.ask` alone on the same questions, so the table shows what the Discord
path adds (gateway decode, discord.py dispatch, worker thread, rendering, HTTP) over the core.
Nothing leaves 127.0.0.1. A script, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import platform
import shlex
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a plain script from anywhere
    sys.path.insert(0, str(ROOT))

import discord  # noqa: E402

from bot.engine import Engine  # noqa: E402
from bot.service import ServiceLimits  # noqa: E402
from tests.fakes.discord_harness import make_service, running_bot  # noqa: E402
from tests.helpers import facts_engine  # noqa: E402

_HAND_WRITTEN = (
    "When did Morocco join?",
    "who signed for bahrain",
    "Is Saudi Arabia a member?",
    "what did sudan get in return",
    "What are the Abraham Accords?",
    "why is it called abraham",
    "What happened in 2021?",
    "What do critics say about Western Sahara?",
    "Did Kazakhstan join?",
    "status of the UAE now",
    "who is jared kushner",
    "what is the latest?",
    "is egypt part of it",
    "bananas and kiwis",
    "@everyone when did the emirates sign?",
)


def _questions(engine: Engine) -> list[str]:
    """Return varied questions: hand-written, templated over every country, year and topic,
    and every suggestion the core makes."""
    countries = engine.complete("member", "")
    templates = ("When did {} join?", "who signed for {}", "Is {} a member?", "{} status now")
    templated = [t.format(c) for c in countries for t in templates]
    templated += [f"What happened in {year}?" for year in engine.complete("timeline", "")]
    templated += [f"what do critics say about {t}" for t in engine.complete("critiques", "")]
    suggested = [q for a in engine.every_answer() for q in a.suggestions]
    return list(dict.fromkeys([*_HAND_WRITTEN, *templated, *suggested]))


def _percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _core_times(engine: Engine, questions: Sequence[str]) -> list[float]:
    times = []
    for question in questions:
        start = time.perf_counter()
        engine.ask(question)
        times.append(time.perf_counter() - start)
    return times


async def _discord_times(questions: Sequence[str], warmup: int) -> list[float]:
    service = make_service(ServiceLimits(rate_count=1_000_000, rate_window_s=1.0))
    times: list[float] = []
    async with running_bot(service=service) as bot:
        for index, question in enumerate(questions):
            interaction = await bot.fake.slash("ask", {"question": question})
            await bot.answer(interaction)
            if index >= warmup:
                times.append(interaction.latency_s)
    return times


def _row(name: str, values: Sequence[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"| {name:<38} | {len(ms):>5} | {_percentile(ms, 50):>8.2f} | "
        f"{_percentile(ms, 99):>8.2f} | {statistics.fmean(ms):>8.2f} | {max(ms):>8.2f} |"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the command, the environment and a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=400, help="interactions to time")
    parser.add_argument("--warmup", type=int, default=20, help="untimed interactions first")
    args = parser.parse_args(argv)

    engine = facts_engine()
    pool = _questions(engine)
    questions = list(itertools.islice(itertools.cycle(pool), args.count + args.warmup))
    timed = questions[args.warmup :]

    discord_s = asyncio.run(_discord_times(questions, args.warmup))
    _core_times(engine, questions[: args.warmup])  # warm the core the same way
    core_s = _core_times(engine, timed)
    overhead = [d - c for d, c in zip(discord_s, core_s, strict=True)]

    print("command: " + shlex.join([Path(sys.executable).name, *sys.argv]))
    print(
        f"python {platform.python_version()}, discord.py {discord.__version__}, "
        f"{len(pool)} distinct questions, {len(timed)} timed /ask interactions "
        f"(after {args.warmup} warm-up), sequential, fake Discord on 127.0.0.1"
    )
    print()
    header = ("path", "n", "p50 ms", "p99 ms", "mean ms", "max ms")
    print("| {:<38} | {:>5} | {:>8} | {:>8} | {:>8} | {:>8} |".format(*header))
    print(f"|{'-' * 40}|{'-' * 7}|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 10}|")
    print(_row("interaction dispatched → callback", discord_s))
    print(_row("core only: Engine.ask", core_s))
    print(_row("per-question difference (Discord path)", overhead))
    return 0


if __name__ == "__main__":
    sys.exit(main())
