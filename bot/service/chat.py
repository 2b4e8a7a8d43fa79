"""The chat service every front end shares: one call per message, and the one boundary.

It keeps follow-up state per conversation and a rate limit per user, runs the core, and
stamps each answer with the version of the facts that produced it. It is also the single
catch-all between the core and the platforms: whatever fails in here is logged once, with
its traceback, and the user gets the one apology of `bot.wording`, as an `ERROR` answer.

Safe to call from several threads: the engine is immutable and the shared state is locked.
Adapters key conversations and users however their platform does and pass opaque strings;
the service never sees or logs who asked.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from bot import wording
from bot.answer import Answer, AnswerField, AnswerKind, Status
from bot.engine import Engine
from bot.service.ratelimit import RateLimiter
from bot.service.store import TtlLru
from bot.state import ConversationState

_log = logging.getLogger(__name__)

MAX_CONVERSATIONS = 10_000


@dataclass(frozen=True, slots=True)
class ServiceLimits:
    """How many requests a user may make per window, and how long follow-up state lives."""

    rate_count: int = 5
    rate_window_s: float = 30.0
    conversation_ttl_s: float = 900.0


def failure(question: str, as_of: str = "") -> Answer:
    """Return the apology for a request that failed on our side."""
    return Answer(
        question=question[:300],
        status=Status.NO_ANSWER,
        title="",
        body=wording.APOLOGY,
        as_of=as_of,
        intent="error",
        kind=AnswerKind.ERROR,
    )


def rate_limited(question: str, retry_after_s: float, as_of: str = "") -> Answer:
    """Return the polite notice for a user who asks faster than the limit allows."""
    return Answer(
        question=question[:300],
        status=Status.NO_ANSWER,
        title=wording.RATE_LIMITED_TITLE,
        body=wording.rate_limited(retry_after_s),
        as_of=as_of,
        intent="rate_limited",
        kind=AnswerKind.RATE_LIMITED,
    )


def stamp_served_base(answer: Answer, served: str) -> Answer:
    """Add to an /about answer which fact base is served (`served`, worded for users)."""
    if answer.intent != "about" or not served:
        return answer
    return replace(answer, fields=(*answer.fields, AnswerField(wording.FACT_BASE, served)))


class GapSink(Protocol):
    """Where questions the bot could not answer are noted (the gap log in production)."""

    def record(self, answer: Answer, platform: str) -> bool:
        """Note `answer` if it was not answered; return True if it was noted."""
        ...


class ChatService:
    """Answer questions and commands for many conversations at once."""

    def __init__(
        self,
        engine: Callable[[], Engine],
        limits: ServiceLimits = ServiceLimits(),
        clock: Callable[[], float] = time.monotonic,
        *,
        platform: str = "",
        gap_log: GapSink | None = None,
        served: str = "",
    ) -> None:
        self._engine = engine
        self._platform = platform
        self._gap_log = gap_log
        self._served = served
        self._lock = threading.Lock()  # the console and tests may call from several threads
        self._clock = clock
        self._limiter = RateLimiter(limits.rate_count, limits.rate_window_s)
        self._states: TtlLru[str, ConversationState] = TtlLru(
            limits.conversation_ttl_s, MAX_CONVERSATIONS, clock
        )

    @property
    def engine(self) -> Engine:
        """Return the engine currently serving (it may be swapped by a reload)."""
        return self._engine()

    def ask(self, conversation: str, user: str, question: str) -> Answer:
        """Answer `question` in `conversation`, using and updating its follow-up state."""
        return self.command(conversation, user, "ask", question)

    def command(self, conversation: str, user: str, name: str, argument: str = "") -> Answer:
        """Run command `name` with `argument` for `user` in `conversation`; never raise."""
        try:
            return self._command(conversation, user, name, argument)
        except Exception:  # the one boundary: log with the traceback, apologise
            _log.exception("the service failed on a /%s request", name)
            return failure(argument)

    def _command(self, conversation: str, user: str, name: str, argument: str) -> Answer:
        now = self._clock()
        engine = self._engine()
        kb = engine.kb
        with self._lock:
            decision = self._limiter.check(user, now)
            state = self._states.get(conversation, now)
        if not decision.allowed:
            return rate_limited(argument, decision.retry_after_s, kb.as_of)
        reply = engine.run_command(name, argument, state)
        if reply.answer.status is Status.ANSWERED or reply.state != state:
            with self._lock:
                self._states.put(conversation, reply.state, now)
        answer = replace(reply.answer, knowledge_version=kb.content_hash)
        if self._gap_log is not None:
            self._gap_log.record(answer, self._platform)
        _log.info(
            "/%s intent=%s status=%s facts=%s score=%.1f",
            name,
            answer.intent,
            answer.status,
            ",".join(answer.fact_ids[:5]),
            answer.score,
        )
        return stamp_served_base(answer, self._served)
