"""The chat service every front end shares: follow-up state, rate limits, one call per message.

Safe to call from several threads: the engine is immutable and the shared state is locked.

Adapters key conversations and users however their platform does (a channel and a user id,
a thread) and pass opaque strings; the service never sees or logs who asked.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.answer import Answer, AnswerField, Status
from bot.engine import Engine
from bot.gaps import GapLog
from bot.ratelimit import RateLimiter
from bot.state import ConversationStore


@dataclass(frozen=True, slots=True)
class ServiceLimits:
    """How many requests a user may make per window, and how long follow-up state lives."""

    rate_count: int = 5
    rate_window_s: float = 30.0
    conversation_ttl_s: float = 900.0


def stamp_served_base(answer: Answer, served: str) -> Answer:
    """Add to an /about answer which fact base is served (`served`: "shipped" or a folder)."""
    if answer.intent != "about" or not served:
        return answer
    return replace(answer, fields=(*answer.fields, AnswerField("Fact base", served)))


def served_base_label(describe: str, version: str) -> str:
    """Word the served base for users: "shipped with accords-bot 0.1.0" or "the folder NAME"."""
    if describe == "shipped":
        return f"shipped with accords-bot {version}"
    folder = describe.removeprefix("folder ").rstrip("/").rsplit("/", 1)[-1]
    return f"the folder {folder!r} (set by KNOWLEDGE_DIR or --knowledge)"


class ChatService:
    """Answer questions and commands for many conversations at once."""

    def __init__(
        self,
        engine: Callable[[], Engine],
        limits: ServiceLimits = ServiceLimits(),
        clock: Callable[[], float] = time.monotonic,
        *,
        platform: str = "",
        gap_log: GapLog | None = None,
        served: str = "",
    ) -> None:
        self._engine = engine
        self._served = served
        self._platform = platform
        self._gap_log = gap_log
        self._lock = threading.Lock()  # adapters may answer from worker threads
        self._clock = clock
        self._limiter = RateLimiter(limits.rate_count, limits.rate_window_s)
        self._states = ConversationStore(limits.conversation_ttl_s)

    @property
    def engine(self) -> Engine:
        """Return the engine currently serving (it may be swapped by a reload)."""
        return self._engine()

    def ask(self, conversation: str, user: str, question: str) -> Answer:
        """Answer `question` in `conversation`, using and updating its follow-up state."""
        return self.command(conversation, user, "ask", question)

    def command(self, conversation: str, user: str, name: str, argument: str = "") -> Answer:
        """Run command `name` with `argument` for `user` in `conversation`."""
        now = self._clock()
        engine = self._engine()
        with self._lock:
            decision = self._limiter.check(user, now)
            state = self._states.get(conversation, now)
        if not decision.allowed:
            return engine.rate_limited(argument, decision.retry_after_s)
        reply = engine.run_command(name, argument, state)
        if reply.answer.status is Status.ANSWERED or reply.state != state:
            with self._lock:
                self._states.put(conversation, reply.state, now)
        if self._gap_log is not None:
            self._gap_log.record(reply.answer, self._platform)
        return stamp_served_base(reply.answer, self._served)
