"""The one state store: what the bot remembers across messages, restarts and processes.

`StateStore` is a small async interface with three implementations, chosen by `STATE_URL`
(`bot.infra.store_url.open_store`): `MemoryStore` here (tests and the console), SQLite (the
embedded default, one machine) and Redis (several workers sharing one state) in `bot.infra`.
It holds

- follow-up state per conversation and rate-limit windows per user;
- the keys of Slack deliveries already handled (a retry landing on another worker is skipped);
- subscriptions: per channel, the last knowledge version announced there, and whether posting
  is paused;
- the knowledge versions seen, in order, each with the snapshot of what users can see of it
  and the changes it announced: the ordering is what makes "never an older version" hold.

Every operation that decides something (a claim on an announcement, a first delivery, a new
version) is atomic in each implementation, so two processes never both win it. Values are
plain strings and numbers; the service layer owns their meaning.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final, Protocol

from bot.service.ttl_lru import TtlLru

SNAPSHOTS_KEPT: Final = 20
"""How many versions keep their full snapshot (older ones keep only their changes)."""


@dataclass(frozen=True, slots=True)
class Subscription:
    """A channel that gets "What changed in the facts".

    `channel` is the store key ("discord:123", "slack:T1:C1"); `target` is what the platform
    posts to ("123", "C1"); `last_seq` the last version announced (or current when it
    subscribed); `paused` why posting stopped ("" while active).
    """

    channel: str
    platform: str
    target: str
    since: float
    last_seq: int
    paused: str = ""


@dataclass(frozen=True, slots=True)
class VersionRecord:
    """A knowledge version as first seen by any process: its order, hash, date and changes.

    `changes` is the JSON the service wrote (the lines announced); `visible` is False for a
    version whose edits no user can see, which is announced to nobody.
    """

    seq: int
    content_hash: str
    created_at: float
    changes: str
    visible: bool


class StateStore(Protocol):
    """What the service layer keeps outside one process's memory."""

    async def load_conversation(self, key: str, now: float) -> str | None:
        """Return the follow-up state stored for conversation `key`, unless it expired."""
        ...

    async def save_conversation(self, key: str, value: str, now: float, ttl_s: float) -> None:
        """Store the follow-up state of conversation `key` for `ttl_s` seconds."""
        ...

    async def hit(self, key: str, now: float, count: int, window_s: float) -> float:
        """Count an attempt by `key`; return 0 if allowed, else seconds until one would be."""
        ...

    async def first_delivery(self, keys: Sequence[str], now: float, ttl_s: float) -> bool:
        """Mark `keys` as seen; return True only if none of them had been seen before."""
        ...

    async def subscribe(
        self, channel: str, platform: str, target: str, now: float, seq: int
    ) -> bool:
        """Subscribe (or resume) `channel` as of version `seq`; False if already active."""
        ...

    async def unsubscribe(self, channel: str) -> bool:
        """Remove `channel`'s subscription; return False if there was none."""
        ...

    async def subscription(self, channel: str) -> Subscription | None:
        """Return `channel`'s subscription, or None."""
        ...

    async def subscriptions(self, platform: str) -> list[Subscription]:
        """Return every subscription on `platform`, paused ones included."""
        ...

    async def pause(self, channel: str, reason: str) -> None:
        """Stop posting to `channel` (the bot was removed or lost a permission)."""
        ...

    async def claim(self, channel: str, seq: int) -> int | None:
        """Take the right to announce version `seq` in `channel`, atomically.

        Wins (returning the version announced there before) only if the channel is
        subscribed, not paused, and last got an older version; otherwise returns None.
        """
        ...

    async def release(self, channel: str, seq: int, previous: int) -> None:
        """Give back a claim whose post failed for a passing reason, so it is retried."""
        ...

    async def latest_version(self) -> VersionRecord | None:
        """Return the newest knowledge version seen, or None before the first."""
        ...

    async def find_version(self, content_hash: str) -> VersionRecord | None:
        """Return the version with `content_hash`, or None if it was never seen."""
        ...

    async def add_version(
        self, content_hash: str, snapshot: str, changes: str, visible: bool, now: float
    ) -> VersionRecord:
        """Record a new newest version, unless `content_hash` is known: then return that one."""
        ...

    async def snapshot(self, seq: int) -> str | None:
        """Return the snapshot of version `seq`, if it is still kept."""
        ...

    async def recent_changes(self, limit: int) -> list[VersionRecord]:
        """Return up to `limit` versions with visible changes, newest first."""
        ...

    async def close(self) -> None:
        """Release connections and threads."""
        ...


class MemoryStore:
    """The store in this process's memory: for tests, the console and a single process.

    Safe to share between threads (the console and tests call it from several); nothing
    survives the process.
    """

    def __init__(self, max_keys: int = 50_000) -> None:
        self._lock = threading.Lock()
        # Bounded and expiring like every store of the service layer: one TtlLru each; the
        # times are the callers' (`now`), and each entry its caller's lifetime.
        self._conversations: TtlLru[str, str] = TtlLru(0.0, max_keys)
        self._hits: TtlLru[str, deque[float]] = TtlLru(0.0, max_keys)
        self._seen: TtlLru[str, bool] = TtlLru(0.0, max_keys)
        self._subs: dict[str, Subscription] = {}
        self._versions: list[VersionRecord] = []
        self._snapshots: dict[int, str] = {}

    async def load_conversation(self, key: str, now: float) -> str | None:
        """Return the follow-up state stored for conversation `key`, unless it expired."""
        with self._lock:
            return self._conversations.get(key, now)

    async def save_conversation(self, key: str, value: str, now: float, ttl_s: float) -> None:
        """Store the follow-up state of conversation `key` for `ttl_s` seconds."""
        with self._lock:
            self._conversations.put(key, value, now, ttl_s)

    async def hit(self, key: str, now: float, count: int, window_s: float) -> float:
        """Count an attempt by `key`; return 0 if allowed, else seconds until one would be."""
        with self._lock:
            hits = self._hits.get(key, now) or deque()
            while hits and now - hits[0] >= window_s:
                hits.popleft()
            if len(hits) >= max(1, count):
                self._hits.put(key, hits, now, window_s)
                return max(0.001, window_s - (now - hits[0]))
            hits.append(now)
            self._hits.put(key, hits, now, window_s)
            return 0.0

    async def first_delivery(self, keys: Sequence[str], now: float, ttl_s: float) -> bool:
        """Mark `keys` as seen; return True only if none of them had been seen before."""
        with self._lock:
            fresh = True
            for key in keys:
                if self._seen.get(key, now) is not None:
                    fresh = False
                else:
                    self._seen.put(key, True, now, ttl_s)
            return fresh

    async def subscribe(
        self, channel: str, platform: str, target: str, now: float, seq: int
    ) -> bool:
        """Subscribe (or resume) `channel` as of version `seq`; False if already active."""
        with self._lock:
            old = self._subs.get(channel)
            if old is not None and not old.paused:
                return False
            self._subs[channel] = Subscription(channel, platform, target, now, seq)
            return True

    async def unsubscribe(self, channel: str) -> bool:
        """Remove `channel`'s subscription; return False if there was none."""
        with self._lock:
            return self._subs.pop(channel, None) is not None

    async def subscription(self, channel: str) -> Subscription | None:
        """Return `channel`'s subscription, or None."""
        with self._lock:
            return self._subs.get(channel)

    async def subscriptions(self, platform: str) -> list[Subscription]:
        """Return every subscription on `platform`, paused ones included."""
        with self._lock:
            return [s for s in self._subs.values() if s.platform == platform]

    async def pause(self, channel: str, reason: str) -> None:
        """Stop posting to `channel` (the bot was removed or lost a permission)."""
        with self._lock:
            old = self._subs.get(channel)
            if old is not None:
                self._subs[channel] = replace(old, paused=reason or "paused")

    async def claim(self, channel: str, seq: int) -> int | None:
        """Take the right to announce version `seq` in `channel`, atomically."""
        with self._lock:
            old = self._subs.get(channel)
            if old is None or old.paused or old.last_seq >= seq:
                return None
            self._subs[channel] = replace(old, last_seq=seq)
            return old.last_seq

    async def release(self, channel: str, seq: int, previous: int) -> None:
        """Give back a claim whose post failed for a passing reason, so it is retried."""
        with self._lock:
            old = self._subs.get(channel)
            if old is not None and old.last_seq == seq:
                self._subs[channel] = replace(old, last_seq=previous)

    async def latest_version(self) -> VersionRecord | None:
        """Return the newest knowledge version seen, or None before the first."""
        with self._lock:
            return self._versions[-1] if self._versions else None

    async def find_version(self, content_hash: str) -> VersionRecord | None:
        """Return the version with `content_hash`, or None if it was never seen."""
        with self._lock:
            return next((v for v in self._versions if v.content_hash == content_hash), None)

    async def add_version(
        self, content_hash: str, snapshot: str, changes: str, visible: bool, now: float
    ) -> VersionRecord:
        """Record a new newest version, unless `content_hash` is known: then return that one."""
        with self._lock:
            known = next((v for v in self._versions if v.content_hash == content_hash), None)
            if known is not None:
                return known
            seq = self._versions[-1].seq + 1 if self._versions else 1
            record = VersionRecord(seq, content_hash, now, changes, visible)
            self._versions.append(record)
            self._snapshots[seq] = snapshot
            self._snapshots.pop(seq - SNAPSHOTS_KEPT, None)
            return record

    async def snapshot(self, seq: int) -> str | None:
        """Return the snapshot of version `seq`, if it is still kept."""
        with self._lock:
            return self._snapshots.get(seq)

    async def recent_changes(self, limit: int) -> list[VersionRecord]:
        """Return up to `limit` versions with visible changes, newest first."""
        with self._lock:
            return [v for v in reversed(self._versions) if v.visible][:limit]

    async def close(self) -> None:
        """Nothing to release."""
