"""Announcing what changed in the facts to subscribed channels, exactly once each.

When the served knowledge changes (a live reload, or a start with a base other than the last one
recorded), `record_version` compares it with the previous version's snapshot
(`bot.service.changes`) and records it in the state store as the new newest version, with its
changes. `Announcer.announce` then posts "What changed in the facts" to every subscribed channel
of its platform that last got an older version: it claims the channel in the store first (an
atomic step, so a second process, or this one after a restart, finds it taken), then posts. A
channel that missed versions (a post that failed, edits made while the bot was down) gets
everything since the version it last got, compared with that version's snapshot while the store
keeps it. A post the platform refuses for good (the bot removed from the channel, a permission
lost) pauses that channel and is logged; a passing failure gives the claim back for the next
round. One channel never stops the others.

The platform's posting is a function the adapter passes in (`Poster`); this module holds no
SDK, no markup and no wording of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Protocol

from bot import wording
from bot.answer import Answer, Source, Status
from bot.engine import Engine
from bot.knowledge.models import KnowledgeBase
from bot.service.changes import Change, compare, fact_view, view_from_json, view_to_json
from bot.service.statestore import StateStore, Subscription, VersionRecord
from bot.service.storehealth import LogLimiter, describe

_log = logging.getLogger(__name__)

SUMMARY_LINES: Final = 8
"""How many changes a channel post lists before "…and N more" and the More button."""
SUMMARY_CHARS: Final = 2_400
"""And how much text at most: well inside Discord's 4096 and Slack's 3000 per block."""
RECENT_VERSIONS: Final = 3
"""How many past announcements /changes shows."""


class Outcome(StrEnum):
    """What became of one post."""

    SENT = "sent"
    GONE = "gone"
    """Refused for good: the bot is not in the channel or may not post there."""
    FAILED = "failed"
    """A passing failure (a timeout, a server error): tried again later."""


@dataclass(frozen=True, slots=True)
class Posted:
    """The outcome of one post and, when it failed, the platform's reason (an error code)."""

    outcome: Outcome
    reason: str = ""


Poster = Callable[[Subscription, Answer], Awaitable[Posted]]


@dataclass(frozen=True, slots=True)
class Round:
    """What one announcement round did, for logs, tests and the benchmark."""

    seq: int = 0
    sent: int = 0
    paused: int = 0
    failed: int = 0
    skipped: int = 0
    error: str = ""
    """What stopped the round before it posted anything (the store failing), or ""."""


def changes_to_json(changes: tuple[Change, ...]) -> str:
    """Serialise changes for the store."""
    return json.dumps(
        [[c.text, [[s.title, s.url] for s in c.sources], c.record, c.field] for c in changes],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def changes_from_json(text: str) -> tuple[Change, ...]:
    """Read `changes_to_json`'s output (an unreadable value reads as no changes).

    Changes stored before they named their record read with record "".
    """
    try:
        return tuple(
            Change(
                str(item[0]),
                tuple(Source(str(t), str(u)) for t, u in item[1]),
                str(item[2]) if len(item) > 2 else "",
                str(item[3]) if len(item) > 3 else "",
            )
            for item in json.loads(text)
        )
    except (ValueError, TypeError, IndexError):
        return ()


REVISIT: Final = "+after-"
"""Joins a content hash to the version it was served again after (a revert is a new version)."""


def _served_hash(version: VersionRecord) -> str:
    return version.content_hash.split(REVISIT, 1)[0]


async def record_version(
    store: StateStore, kb: KnowledgeBase, now: float, previous: str = ""
) -> VersionRecord:
    """Return `kb`'s version in the store, recording it (and its changes) if it is new.

    A version seen before is new again when this process served the newest version
    (`previous`) and went back to it: a revert is announced like any change, compared with
    what the channels were last told. Only a process that served the newest one may do that,
    so an old process still running beside a new one never undoes an announcement.
    """
    latest = await store.latest_version()
    if latest is not None and _served_hash(latest) == kb.content_hash:
        return latest
    key = kb.content_hash
    known = await store.find_version(key)
    if known is not None:
        if latest is None or not previous or _served_hash(latest) != previous:
            return known
        key = f"{kb.content_hash}{REVISIT}{latest.seq}"
        again = await store.find_version(key)
        if again is not None:
            return again
    view = fact_view(kb)
    changes: tuple[Change, ...] = ()
    if latest is not None:
        snapshot = await store.snapshot(latest.seq)
        if snapshot is not None:
            try:
                changes = compare(view_from_json(snapshot), view)
            except ValueError:
                _log.warning("the snapshot of knowledge version %d is unreadable", latest.seq)
    return await store.add_version(
        key, view_to_json(view), changes_to_json(changes), bool(changes), now
    )


def line_of(change: Change) -> str:
    """Return one change as the bullet line channels see."""
    return wording.change_line(change.text, tuple(s.title for s in change.sources))


def _sources(changes: tuple[Change, ...]) -> tuple[Source, ...]:
    return tuple(dict.fromkeys(s for c in changes for s in c.sources))


def announcement(changes: tuple[Change, ...], kb: KnowledgeBase, version: str) -> Answer:
    """The channel post: the first changes within the limits, "…and N more", a More button.

    A shortened post carries the whole list in `more`, so the platforms put a More button
    under it (`bot.knowledge.commands.more_token`); the press shows /changes in full.
    """
    shown: list[Change] = []
    size = 0
    for change in changes:
        line = line_of(change)
        if len(shown) >= SUMMARY_LINES or (shown and size + len(line) > SUMMARY_CHARS):
            break
        shown.append(change)
        size += len(line) + 1
    lines = [line_of(c) for c in shown]
    rest = len(changes) - len(shown)
    if rest:
        lines.append(wording.and_more(rest))
    return Answer(
        question="",
        status=Status.ANSWERED,
        title=wording.CHANGES_TITLE,
        body="\n".join(lines),
        sources=_sources(tuple(shown)),
        as_of=kb.as_of,
        intent="changes",
        more="\n".join(line_of(c) for c in changes) if rest else "",
        knowledge_version=version,
    )


def _day(stamp: float) -> str:
    return time.strftime("%d %B %Y", time.gmtime(stamp)).lstrip("0")


def _current(versions: list[VersionRecord]) -> list[tuple[VersionRecord, list[Change]]]:
    """Pair each version (newest first) with its changes that no newer one supersedes.

    A change is superseded by a newer change to the same field of the same record, or to the
    whole record (a removal undone, a field edited again): /changes shows what is true now.
    """
    touched: set[tuple[str, str]] = set()
    out: list[tuple[VersionRecord, list[Change]]] = []
    for version in versions:
        changes = changes_from_json(version.changes)
        kept = [c for c in changes if not _superseded(c, touched)]
        touched.update((c.record, c.field) for c in changes if c.record)
        if kept:
            out.append((version, kept))
    return out


def _superseded(change: Change, touched: set[tuple[str, str]]) -> bool:
    if not change.record:
        return False
    return (change.record, change.field) in touched or (change.record, "") in touched


def recent_changes_answer(versions: list[VersionRecord], kb: KnowledgeBase) -> Answer:
    """The answer to /changes: the last few announcements, each with its date, as far as
    they still hold (`_current`)."""
    current = _current(versions)
    if not current:
        return Answer(
            question="/changes",
            status=Status.ANSWERED,
            title=wording.RECENT_CHANGES_TITLE,
            body=wording.NO_CHANGES_YET,
            as_of=kb.as_of,
            intent="changes",
            knowledge_version=kb.content_hash,
        )
    parts: list[str] = []
    sources: list[Source] = []
    for version, changes in current:
        head = wording.changes_announced_on(_day(version.created_at), version.content_hash[:12])
        parts.append("\n".join([head, *(line_of(c) for c in changes)]))
        sources.extend(_sources(tuple(changes)))
    return Answer(
        question="/changes",
        status=Status.ANSWERED,
        title=wording.RECENT_CHANGES_TITLE,
        body="\n\n".join(parts),
        sources=tuple(dict.fromkeys(sources)),
        as_of=kb.as_of,
        intent="changes",
        knowledge_version=kb.content_hash,
    )


class RoundSink(Protocol):
    """Where what each announcement round did is counted (Prometheus in production)."""

    def announced(self, platform: str, done: Round) -> None:
        """Count the posts of one round in `platform`'s channels."""
        ...


class Announcer:
    """Posts each new knowledge version's changes to one platform's subscribed channels."""

    def __init__(
        self,
        store: StateStore,
        platform: str,
        post: Poster,
        clock: Callable[[], float] = time.time,
        *,
        rounds: RoundSink | None = None,
    ) -> None:
        self.store = store
        self.platform = platform
        self._post = post
        self._clock = clock
        self._rounds = rounds
        self._lock = asyncio.Lock()
        self._logs = LogLimiter()

    async def announce(self, kb: KnowledgeBase, previous: str = "") -> Round:
        """Record `kb`'s version and post its changes where they are due; never raise.

        `previous` is the version this process served before `kb` (a revert is announced).
        """
        try:
            async with self._lock:  # one round at a time in this process
                done = await self._announce(kb, previous)
        except Exception as error:  # a store outage must not stop the bot; a later round retries
            problem = describe(error)
            held = self._logs.allow(type(error).__name__)
            if held is not None:  # one line per kind of failure a minute, no traceback
                _log.error(
                    "announcing knowledge version %s failed (%s); retrying with back-off%s",
                    kb.content_hash,
                    problem,
                    f" ({held} more failures since the last line)" if held else "",
                )
            return Round(error=problem)
        if self._rounds is not None:
            self._rounds.announced(self.platform, done)
        return done

    async def _announce(self, kb: KnowledgeBase, served_before: str) -> Round:
        version = await record_version(self.store, kb, self._clock(), served_before)
        latest = await self.store.latest_version()
        if latest is None or latest.seq != version.seq:
            _log.info(
                "knowledge version %s is older than the newest; not announced", kb.content_hash
            )
            return Round(version.seq)
        if not version.visible:
            return Round(version.seq)
        latest_changes = changes_from_json(version.changes)
        posts: dict[int, Answer | None] = {}
        sent = paused = failed = skipped = 0
        for sub in await self.store.subscriptions(self.platform):
            if sub.paused or sub.last_seq >= version.seq:
                skipped += 1
                continue
            if sub.last_seq not in posts:
                since = await self._changes_since(sub.last_seq, version, kb, latest_changes)
                posts[sub.last_seq] = announcement(since, kb, kb.content_hash) if since else None
            post = posts[sub.last_seq]
            previous = await self.store.claim(sub.channel, version.seq)
            if previous is None:  # another process took it, or it changed meanwhile
                skipped += 1
                continue
            if post is None:  # what it missed was undone since: nothing to say
                skipped += 1
                continue
            outcome = await self._post_and_settle(sub, post, version.seq, previous)
            sent += outcome is Outcome.SENT
            paused += outcome is Outcome.GONE
            failed += outcome is Outcome.FAILED
        _log.info(
            "knowledge version %s announced: %d sent, %d paused, %d to retry",
            kb.content_hash,
            sent,
            paused,
            failed,
        )
        return Round(version.seq, sent, paused, failed, skipped)

    async def _post_and_settle(
        self, sub: Subscription, post: Answer, seq: int, previous: int
    ) -> Outcome:
        """Post `post` to a channel claimed for version `seq`, then settle the claim: kept when
        sent, the channel paused when the platform refuses for good, given back otherwise."""
        try:
            result = await self._post(sub, post)
        except Exception:  # an adapter bug must not stop the other channels
            _log.exception("posting the changes to %s failed", sub.channel)
            result = Posted(Outcome.FAILED, "error")
        if result.outcome is Outcome.GONE:
            await self.store.pause(sub.channel, result.reason)
            _log.warning(
                "paused updates to %s: the platform refused the post (%s)",
                sub.channel,
                result.reason,
            )
            return Outcome.GONE
        if result.outcome is not Outcome.SENT:
            await self.store.release(sub.channel, seq, previous)
            _log.warning("could not post the changes to %s (%s)", sub.channel, result.reason)
            return Outcome.FAILED
        return Outcome.SENT

    async def _changes_since(
        self,
        seq: int,
        version: VersionRecord,
        kb: KnowledgeBase,
        latest: tuple[Change, ...],
    ) -> tuple[Change, ...]:
        """Return what changed since version `seq`, for a channel that missed some versions.

        Compared with that version's snapshot while the store keeps it; else (an old or
        unreadable snapshot) the newest version's own changes, as before.
        """
        if seq <= 0 or seq >= version.seq - 1:
            return latest
        previous = await self.store.snapshot(seq)
        if previous is None:
            return latest
        try:
            return compare(view_from_json(previous), fact_view(kb))
        except ValueError:
            _log.warning("the snapshot of knowledge version %d is unreadable", seq)
            return latest

    async def run(
        self,
        engine: Callable[[], Engine],
        stop: asyncio.Event,
        *,
        ready: Callable[[], Awaitable[object]] | None = None,
        poll_s: float = 0.5,
        retry_s: float = 60.0,
    ) -> None:
        """Announce at start and after every reload until `stop`; retry failures every `retry_s`.

        While the store fails, rounds back off exponentially from `poll_s` up to `retry_s`.
        """
        if ready is not None:
            waiting = asyncio.ensure_future(ready())
            stopping = asyncio.ensure_future(stop.wait())
            await asyncio.wait({waiting, stopping}, return_when=asyncio.FIRST_COMPLETED)
            for task in (waiting, stopping):
                task.cancel()
        loop = asyncio.get_running_loop()
        announced = ""
        next_round = 0.0
        backoff = poll_s
        while not stop.is_set():
            kb = engine().kb
            failing = backoff > poll_s
            if loop.time() >= next_round or (kb.content_hash != announced and not failing):
                done = await self.announce(kb, announced)
                if done.error:  # the store fails: wait twice as long each time, up to retry_s
                    backoff = min(retry_s, backoff * 2)
                    next_round = loop.time() + backoff
                else:
                    backoff = poll_s
                    next_round = loop.time() + retry_s
                if done.seq:
                    announced = kb.content_hash
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=poll_s)
