"""Prometheus metrics: questions by status and language, latency, announcements, store errors,
served on their own port only when METRICS_PORT is set."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from bot.config import Settings
from bot.infra.metrics import Metrics, counting_store
from bot.infra.runtime import build_runtime
from bot.knowledge import load_knowledge
from bot.knowledge.models import KnowledgeBase
from bot.service import ChatService, ServiceLimits
from bot.service.announce import Announcer, Outcome, Posted
from bot.service.chat import Channel
from bot.service.statestore import MemoryStore, Subscription
from tests.factedits import sign_kazakhstan
from tests.helpers import FACTS_DIR, facts_engine
from tests.redis_server import free_port


def _value(metrics: Metrics, name: str, **labels: str) -> float:
    value = metrics.registry.get_sample_value(name, labels)
    return 0.0 if value is None else value


def test_questions_are_counted_by_status_and_language_with_their_latency() -> None:
    """An answered English question, an unanswered one and a German one each count under
    their own labels, and each adds one latency sample."""
    metrics = Metrics()
    engine = facts_engine()
    service = ChatService(
        lambda: engine, ServiceLimits(rate_count=100), platform="slack", metrics=metrics
    )
    service.ask("a", "u", "when did Morocco join?")
    service.ask("b", "u", "what's the weather in Rabat today?")
    service.ask("c", "u", "Wann ist Marokko beigetreten?")
    service.command("d", "u", "members")  # a command, not a question: not counted
    questions = "accords_questions_total"
    assert _value(metrics, questions, platform="slack", status="answered", language="en") == 1
    assert _value(metrics, questions, platform="slack", status="no_answer", language="en") == 1
    assert _value(metrics, questions, platform="slack", status="answered", language="de") == 1
    assert _value(metrics, "accords_answer_seconds_count", platform="slack") == 3
    assert 0 < _value(metrics, "accords_answer_seconds_sum", platform="slack") < 3


def test_a_rate_limited_question_counts_under_its_kind() -> None:
    """Past the rate limit a question counts as rate_limited, not as unanswered."""
    metrics = Metrics()
    engine = facts_engine()
    service = ChatService(lambda: engine, ServiceLimits(rate_count=1), metrics=metrics)
    service.ask("a", "u", "when did Morocco join?")
    service.ask("a", "u", "when did Sudan join?")
    labels = {"platform": "none", "language": "en"}
    assert _value(metrics, "accords_questions_total", status="rate_limited", **labels) == 1


async def test_announcement_rounds_count_their_posts_by_outcome(
    kb: KnowledgeBase, knowledge_copy: Path
) -> None:
    """A round that posts to one channel and finds another gone counts one of each."""
    metrics = Metrics()
    store = MemoryStore()
    service = ChatService(lambda: facts_engine(), store=store)
    for target in ("1", "2"):
        channel = Channel(f"discord:{target}", "discord", target)
        await service.respond("c", "u", "subscribe", channel=channel)

    async def post(sub: Subscription, _answer: object) -> Posted:
        return Posted(Outcome.GONE, "50001") if sub.target == "2" else Posted(Outcome.SENT)

    announcer = Announcer(store, "discord", post, rounds=metrics)
    await announcer.announce(kb)
    sign_kazakhstan(knowledge_copy)
    await announcer.announce(load_knowledge(knowledge_copy))
    sent = _value(metrics, "accords_announcements_total", platform="discord", outcome="sent")
    paused = _value(metrics, "accords_announcements_total", platform="discord", outcome="paused")
    assert (sent, paused) == (1, 1)


class _Outage(MemoryStore):
    """A store whose rate-limit table is down."""

    async def hit(self, key: str, now: float, count: int, window_s: float) -> float:
        raise ConnectionError("store down")


async def test_store_errors_are_counted_by_operation_and_still_raised() -> None:
    """A failing store operation is counted under its name and its error still propagates;
    the service's catch-all then apologises."""
    metrics = Metrics()
    store = counting_store(_Outage(), metrics)
    with pytest.raises(ConnectionError):
        await store.hit("u", 0.0, 5, 30.0)
    assert await store.load_conversation("c", 0.0) is None  # a working operation passes
    assert _value(metrics, "accords_store_errors_total", operation="hit") == 1
    assert _value(metrics, "accords_store_errors_total", operation="load_conversation") == 0


def test_metrics_are_off_by_default_and_served_on_their_own_port() -> None:
    """Without METRICS_PORT no metrics exist; with it `/metrics` on that port shows the
    questions the runtime answered."""
    assert Settings.from_env({}).metrics_port is None
    assert Settings.from_env({"METRICS_PORT": "9464"}).metrics_port == 9464
    off = build_runtime(Settings(knowledge_dir=FACTS_DIR, state_url="memory://"), "slack")
    assert off.metrics is None
    port = free_port()
    settings = Settings(knowledge_dir=FACTS_DIR, state_url="memory://", metrics_port=port)
    runtime = build_runtime(settings, "slack")
    assert runtime.metrics is not None
    runtime.service.ask("a", "u", "when did Bahrain join?")
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only
    try:
        with direct.open(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
            text = response.read().decode()
    finally:
        runtime.metrics.close()
    assert 'accords_questions_total{language="en",platform="slack",status="answered"} 1.0' in text
    assert "accords_answer_seconds_bucket" in text
