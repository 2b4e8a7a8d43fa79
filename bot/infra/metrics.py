"""Prometheus metrics: questions, answer latency, announcements and state-store errors.

Off unless `METRICS_PORT` is set; then `build_runtime` creates one `Metrics`, serves it on
its own port (`/metrics`, plain Prometheus text, never on the Slack or health port), hands it
to the service and the announcers as their sinks, and wraps the state store so its errors are
counted. The registry is the instance's own, not the process-wide default, so every runtime
(and every test) counts only what it did. Labels carry no user, channel or question text.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast
from wsgiref.simple_server import WSGIServer

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import start_http_server

from bot.answer import Answer
from bot.service.announce import Round
from bot.service.statestore import StateStore

_log = logging.getLogger(__name__)

LATENCY_BUCKETS = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
"""Seconds: the core answers in about a millisecond, the platforms allow up to 3 s."""


class Metrics:
    """The bot's metrics in one registry, and the sinks the service and announcers call."""

    def __init__(self) -> None:
        self.server: WSGIServer | None = None
        self.registry = CollectorRegistry(auto_describe=True)
        self.questions = Counter(
            "accords_questions",
            "Questions asked, by platform, answer status and the asker's language",
            ["platform", "status", "language"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "accords_answer_seconds",
            "Seconds from a question reaching the service to its answer",
            ["platform"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.announcements = Counter(
            "accords_announcements",
            "Channel posts of fact updates, by platform and outcome",
            ["platform", "outcome"],
            registry=self.registry,
        )
        self.store_errors = Counter(
            "accords_store_errors",
            "State-store operations that raised, by operation",
            ["operation"],
            registry=self.registry,
        )

    def question(self, platform: str, answer: Answer, seconds: float) -> None:
        """Count one question and its latency; a notice counts under its kind."""
        status = answer.kind.value if answer.is_notice else answer.status.value
        language = answer.language or "en"
        self.questions.labels(platform or "none", status, language).inc()
        self.latency.labels(platform or "none").observe(seconds)

    def announced(self, platform: str, done: Round) -> None:
        """Count what one announcement round did in the channels of `platform`."""
        for outcome, count in (
            ("sent", done.sent),
            ("paused", done.paused),
            ("failed", done.failed),
            ("skipped", done.skipped),
        ):
            if count:
                self.announcements.labels(platform, outcome).inc(count)

    def text(self) -> bytes:
        """Return the metrics as Prometheus serves them."""
        return generate_latest(self.registry)

    def serve(self, port: int, host: str = "0.0.0.0") -> WSGIServer:
        """Serve `/metrics` on `host`:`port` from a daemon thread; return the server (its
        `shutdown()` stops it)."""
        server, _thread = start_http_server(port, addr=host, registry=self.registry)
        self.server = server
        _log.info("metrics served on port %d at /metrics", server.server_port)
        return server

    def close(self) -> None:
        """Stop serving, if serving."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


class CountingStore:
    """A state store that counts its operations' errors (and raises them on unchanged)."""

    def __init__(self, store: StateStore, metrics: Metrics) -> None:
        self._store = store
        self._metrics = metrics

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._store, name)
        if not inspect.iscoroutinefunction(attribute):
            return attribute
        return self._counted(name, attribute)

    def _counted(
        self, name: str, operation: Callable[..., Awaitable[Any]]
    ) -> Callable[..., Awaitable[Any]]:
        async def counted(*args: Any, **kwargs: Any) -> Any:
            try:
                return await operation(*args, **kwargs)
            except Exception:
                self._metrics.store_errors.labels(name).inc()
                raise

        return counted


def counting_store(store: StateStore, metrics: Metrics) -> StateStore:
    """Return `store` with its errors counted in `metrics` (the same interface)."""
    return cast(StateStore, CountingStore(store, metrics))
