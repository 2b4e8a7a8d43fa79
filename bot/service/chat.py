"""The chat service every front end shares: one call per message, and the one boundary.

It keeps follow-up state per conversation and a rate limit per user in the state store
(`bot.service.statestore`: memory, SQLite or Redis, so they hold across restarts and
workers), runs the core, and stamps each answer with the version of the facts that produced
it. It also runs the channel commands the core knows nothing of: /subscribe, /unsubscribe and
/changes, the More button's whole record (`bot.service.more`), and tells /about whether the
channel is subscribed. It is also the single catch-all between the core and the platforms:
whatever fails in here is logged once, with its traceback, and the user gets the one apology
of `bot.wording`, as an `ERROR` answer.

Front ends await `respond`, passing how to run the core (their worker thread); the console
and scripts call `command`, which runs the same coroutine on a loop of its own.
Adapters key conversations and users however their platform does and pass opaque strings;
the service never sees or logs who asked.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import weakref
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from typing import Final, Protocol

from bot import wording
from bot.answer import Answer, AnswerField, AnswerKind, Status
from bot.engine import Engine, Reply
from bot.knowledge.commands import (
    ALL_COMMANDS,
    CHANNEL_COMMANDS,
    HELP_COMMAND,
    MORE_CHANGES,
    MORE_COMMAND,
)
from bot.knowledge.models import (
    Argument,
    Event,
    KnowledgeBase,
    Member,
    Person,
    Related,
    Topic,
)
from bot.service.announce import RECENT_VERSIONS, recent_changes_answer, record_version
from bot.service.more import record_answer
from bot.service.statestore import MemoryStore, StateStore, Subscription, VersionRecord
from bot.service.storehealth import StoreHealth
from bot.state import ConversationState

_log = logging.getLogger(__name__)

MAX_QUESTION_CHARS: Final = 4_000
"""The longest question (or command argument) any front end passes on; the rest is cut."""


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


def _in_words(record: Member | Related | Person | Event | Topic | Argument) -> str:
    """Name a record for people: its name, title, date or speaker, never its id."""
    if isinstance(record, Event):
        return wording.WHY_EVENT.format(date=record.date.human)
    if isinstance(record, Argument):
        return wording.WHY_ARGUMENT.format(who=record.who)
    if isinstance(record, Topic):
        return record.title
    return record.name


def explain_in_words(answer: Answer, kb: KnowledgeBase, before: ConversationState) -> Answer:
    """Word a "why?" answer for people: what the last answer stated, the records it rests on
    by name, and the sources it showed (`before` is the conversation as that answer left it).

    The ids, score and file lines stay where they belong, in `--explain` (the answer keeps its
    fact ids and score, which the console shows with `--explain`).
    """
    if answer.intent != "explain" or answer.status is not Status.ANSWERED:
        return answer
    by_id = {record.id: record for record in kb.records}
    names = list(dict.fromkeys(_in_words(by_id[i]) for i in answer.fact_ids if i in by_id))
    if not names:
        return replace(answer, body=wording.WHY_OWN_REPLY, sources=())
    body = wording.why_in_words(names, before.stated, bool(answer.sources))
    return replace(answer, body=body)


class GapSink(Protocol):
    """Where questions the bot could not answer are noted (the gap log in production)."""

    def record(self, answer: Answer, platform: str) -> bool:
        """Note `answer` if it was not answered; return True if it was noted."""
        ...


class MetricsSink(Protocol):
    """Where each question's outcome and latency are counted (Prometheus in production)."""

    def question(self, platform: str, answer: Answer, seconds: float) -> None:
        """Count `answer` to one question, which took `seconds`."""
        ...


@dataclass(frozen=True, slots=True)
class Channel:
    """Where a channel command was given: the store key, the platform, what to post to.

    `may_manage` says whether the person may change the channel's subscription (on Discord,
    the Manage Channels permission; on Slack, any member may). `can_post` says whether the
    bot may post there (on Slack, whether it is in the channel; on Discord, whether it has
    View Channel and Send Messages): a channel it cannot post to is not subscribed.
    """

    key: str
    platform: str
    target: str
    may_manage: bool = True
    can_post: bool = True


CoreCall = Callable[[Callable[[], Reply]], Awaitable[Reply]]
"""How the service runs the core: on a worker thread in the front ends, inline elsewhere."""


async def _inline(call: Callable[[], Reply]) -> Reply:
    return call()


class ChatService:
    """Answer questions and commands for many conversations at once."""

    def __init__(
        self,
        engine: Callable[[], Engine],
        limits: ServiceLimits = ServiceLimits(),
        clock: Callable[[], float] = time.time,
        *,
        platform: str = "",
        gap_log: GapSink | None = None,
        served: str = "",
        store: StateStore | None = None,
        history: StateStore | None = None,
        health: StoreHealth | None = None,
        metrics: MetricsSink | None = None,
    ) -> None:
        self._engine = engine
        self._metrics = metrics
        self._platform = platform
        self._gap_log = gap_log
        self._served = served
        self._limits = limits
        self._clock = clock
        self.store: StateStore = store if store is not None else MemoryStore()
        self._history = history if history is not None else self.store
        self.health = health if health is not None else StoreHealth()
        """How the state store is doing; answers never wait on it (`bot.service.storehealth`)."""
        self._runner: asyncio.Runner | None = None
        self._runner_lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        """Return the engine currently serving (it may be swapped by a reload)."""
        return self._engine()

    async def check_store(self) -> bool:
        """Make one real write through the state store; return whether it worked."""
        return await self.health.probe(self.store, self._clock())

    async def first_delivery(self, keys: Sequence[str], ttl_s: float) -> bool:
        """Return True unless one of `keys` was handled before (a platform's retry).

        When the store fails this says True: a retry may then be answered twice, which is
        better than no answer at all.
        """
        seen = self.store.first_delivery(keys, self._clock(), ttl_s)
        return await self.health.call("retried deliveries", seen, True)

    def ask(self, conversation: str, user: str, question: str) -> Answer:
        """Answer `question` in `conversation`, using and updating its follow-up state."""
        return self.command(conversation, user, "ask", question)

    def command(self, conversation: str, user: str, name: str, argument: str = "") -> Answer:
        """Run command `name` synchronously (the console, scripts); never raise.

        Not for a running event loop: front ends await `respond` instead.
        """
        with self._runner_lock:
            if self._runner is None:
                self._runner = asyncio.Runner()
                # Closed when the service is collected, so no loop is left open.
                weakref.finalize(self, self._runner.close)
            return self._runner.run(self.respond(conversation, user, name, argument))

    def close(self) -> None:
        """Close the loop `command` runs on, if it made one."""
        with self._runner_lock:
            if self._runner is not None:
                self._runner.close()
                self._runner = None

    async def respond(
        self,
        conversation: str,
        user: str,
        name: str,
        argument: str = "",
        *,
        channel: Channel | None = None,
        run: CoreCall = _inline,
    ) -> Answer:
        """Run command `name` with `argument` for `user` in `conversation`; never raise."""
        argument = argument[:MAX_QUESTION_CHARS]
        started = time.perf_counter()
        try:
            answer = await self._respond(conversation, user, name, argument, channel, run)
        except Exception:  # the one boundary: log with the traceback, apologise
            _log.exception("the service failed on a /%s request", name)
            answer = failure(argument)
        if self._metrics is not None and name == "ask":
            self._metrics.question(self._platform, answer, time.perf_counter() - started)
        return answer

    async def _respond(
        self,
        conversation: str,
        user: str,
        name: str,
        argument: str,
        channel: Channel | None,
        run: CoreCall,
    ) -> Answer:
        now = self._clock()
        engine = self._engine()
        kb = engine.kb
        limits = self._limits
        # Answering needs neither the rate limit nor the follow-up state: when the store fails,
        # the limit fails open and the question is answered without its context.
        hit = self.store.hit(user, now, limits.rate_count, limits.rate_window_s)
        wait = await self.health.call("rate limit", hit, 0.0)
        if wait > 0:
            return rate_limited(argument, wait, kb.as_of)
        if name in _CHANNEL_COMMANDS:
            return await self._channel_command(name, channel, kb, now)
        if name == HELP_COMMAND:
            return help_answer(kb)
        if name == MORE_COMMAND:
            return await self._more(argument, engine, run)
        saved = await self.health.call(
            "follow-up state", self.store.load_conversation(conversation, now), None
        )
        state = ConversationState.from_json(saved)

        def core() -> Reply:
            reply = engine.run_command(name, argument, state)
            answer = replace(reply.answer, knowledge_version=kb.content_hash)
            if self._gap_log is not None:  # a file write: off the event loop with the core
                self._gap_log.record(answer, self._platform)
            return Reply(answer, reply.state)

        reply = await run(core)
        if reply.answer.status is Status.ANSWERED or reply.state != state:
            save = self.store.save_conversation(
                conversation, reply.state.to_json(), now, limits.conversation_ttl_s
            )
            await self.health.call("follow-up state", save, None)
        answer = reply.answer
        _log.info(
            "/%s intent=%s status=%s facts=%s score=%.1f",
            name,
            answer.intent,
            answer.status,
            ",".join(answer.fact_ids[:5]),
            answer.score,
        )
        if answer.intent == "about":
            answer = await self._stamp_subscription(answer, channel)
        return stamp_served_base(explain_in_words(answer, kb, state), self._served)

    async def _more(self, token: str, engine: Engine, run: CoreCall) -> Answer:
        """Answer a More press: the full list of changes, or the whole record, composed now."""
        if token == MORE_CHANGES:
            return await self._recent_changes(engine.kb)

        def core() -> Reply:
            answer = record_answer(engine, token, engine.kb.content_hash)
            return Reply(answer, ConversationState())

        answer = (await run(core)).answer
        _log.info("/more facts=%s status=%s", ",".join(answer.fact_ids[:5]), answer.status)
        return answer

    async def _stamp_subscription(self, answer: Answer, channel: Channel | None) -> Answer:
        if channel is None:
            return answer
        missing = Subscription("", "", "", 0.0, 0, "unknown")
        sub = await self.health.call("subscription", self.store.subscription(channel.key), missing)
        if sub is missing:  # the store is down: /about answers without the subscription line
            return answer
        state = wording.subscription_state(sub is not None, bool(sub and sub.paused))
        return replace(answer, fields=(*answer.fields, AnswerField(wording.SUBSCRIPTION, state)))

    async def _channel_command(
        self, name: str, channel: Channel | None, kb: KnowledgeBase, now: float
    ) -> Answer:
        if name == "changes":
            return await self._recent_changes(kb)
        if channel is None:
            return refusal(f"/{name}", wording.SUBSCRIBE_ONLY_IN_CHANNELS, kb)
        if not channel.may_manage:
            return refusal(f"/{name}", wording.SUBSCRIBE_NEEDS_MANAGE_CHANNELS, kb)
        if name == "subscribe" and not channel.can_post:
            return refusal("/subscribe", wording.SUBSCRIBE_CANNOT_POST[channel.platform], kb)
        change = self._subscribe if name == "subscribe" else self._unsubscribe
        try:
            return await change(channel, kb, now)
        except Exception as error:  # the store failed: say so, no traceback, no apology
            self.health.failed(f"/{name}", error)
            return refusal(f"/{name}", wording.STATE_UNAVAILABLE, kb)

    async def _subscribe(self, channel: Channel, kb: KnowledgeBase, now: float) -> Answer:
        # The channel starts from the version served now: it gets the next change, not the
        # last one.
        version = await record_version(self.store, kb, now)
        fresh = await self.store.subscribe(
            channel.key, channel.platform, channel.target, now, version.seq
        )
        self.health.succeeded()
        _log.info("subscribed %s at knowledge version %d", channel.key, version.seq)
        return notice(
            "/subscribe", wording.subscribed(already=not fresh), kb, wording.SUBSCRIBED_TITLE
        )

    async def _unsubscribe(self, channel: Channel, kb: KnowledgeBase, now: float) -> Answer:
        was = await self.store.unsubscribe(channel.key)
        self.health.succeeded()
        _log.info("unsubscribed %s", channel.key)
        return notice("/unsubscribe", wording.unsubscribed(was), kb, wording.UNSUBSCRIBED_TITLE)

    async def _recent_changes(self, kb: KnowledgeBase) -> Answer:
        unknown: list[VersionRecord] = []
        versions = await self.health.call(
            "/changes", self._history.recent_changes(RECENT_VERSIONS), unknown
        )
        if versions is unknown:
            return refusal("/changes", wording.STATE_UNAVAILABLE, kb)
        return recent_changes_answer(versions, kb)


_CHANNEL_COMMANDS = frozenset(c.name for c in CHANNEL_COMMANDS)


def notice(question: str, body: str, kb: KnowledgeBase, title: str = "") -> Answer:
    """Return a short answer of the service's own (a subscription confirmed, a refusal)."""
    return Answer(
        question=question,
        status=Status.ANSWERED,
        title=title,
        body=body,
        as_of=kb.as_of,
        intent=question.lstrip("/"),
        knowledge_version=kb.content_hash,
    )


def refusal(question: str, body: str, kb: KnowledgeBase) -> Answer:
    """Return the service's own "that did not happen" (not subscribed, the store is down):
    not answered, so no front end posts it to the whole channel."""
    return replace(notice(question, body, kb), status=Status.NO_ANSWER)


def help_answer(kb: KnowledgeBase) -> Answer:
    """Return /help: every command the platforms register, and three questions to try."""
    commands = "\n".join(f"/{c.name}: {c.description}" for c in ALL_COMMANDS)
    return replace(
        notice(f"/{HELP_COMMAND}", wording.HELP_INTRO, kb, wording.HELP_TITLE),
        fields=(AnswerField(wording.FIELD_COMMANDS, commands),),
        suggestions=wording.HELP_EXAMPLES,
    )
