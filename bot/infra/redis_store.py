"""The state store in Redis (`STATE_URL=redis://…`): one state for several workers.

Several Slack HTTP workers behind one URL, or several Discord shard processes, point at the
same Redis and so share follow-ups, rate limits, handled deliveries, subscriptions and the
versions announced. Each decision is one Redis command or one Lua script, which Redis runs
atomically, so two workers never both win a claim, a delivery or a new version. Uses the
maintained `redis` client's asyncio API; keys live under one prefix.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any, Final, cast

import redis
from redis.asyncio import Redis

from bot.service.statestore import SNAPSHOTS_KEPT, Subscription, VersionRecord

PREFIX: Final = "accords:"
TIMEOUT_S: Final = 2.0
"""How long a connection or a command may take before it fails (Redis down or hung)."""
RECENT_KEPT: Final = 50

# KEYS[1] = the hits zset; ARGV = now, window, count, member
_HIT: Final = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
local n = redis.call('ZCARD', KEYS[1])
if n >= tonumber(ARGV[3]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return tostring(tonumber(ARGV[2]) - (tonumber(ARGV[1]) - tonumber(first[2])))
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2]) * 1000))
return '0'
"""

# KEYS[1] = the subscription hash, KEYS[2] = the platform's set; ARGV = channel, platform,
# target, now, seq
_SUBSCRIBE: Final = """
if redis.call('EXISTS', KEYS[1]) == 1 and redis.call('HGET', KEYS[1], 'paused') == '' then
  return 0
end
redis.call('HSET', KEYS[1], 'platform', ARGV[2], 'target', ARGV[3], 'since', ARGV[4],
  'last_seq', ARGV[5], 'paused', '')
redis.call('SADD', KEYS[2], ARGV[1])
return 1
"""

# KEYS[1] = the subscription hash; ARGV = seq. Returns the previous last_seq, or -1.
_CLAIM: Final = """
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HGET', KEYS[1], 'paused') ~= '' then return -1 end
local last = tonumber(redis.call('HGET', KEYS[1], 'last_seq'))
if last >= tonumber(ARGV[1]) then return -1 end
redis.call('HSET', KEYS[1], 'last_seq', ARGV[1])
return last
"""

# KEYS[1] = the subscription hash; ARGV = seq, previous
_RELEASE: Final = """
if redis.call('HGET', KEYS[1], 'last_seq') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'last_seq', ARGV[2])
end
return 0
"""

# KEYS = hash index, seq counter, recent list; ARGV = hash, snapshot, changes, visible, now,
# prefix, kept, recent kept. Returns the version's seq.
_ADD_VERSION: Final = """
local known = redis.call('HGET', KEYS[1], ARGV[1])
if known then return tonumber(known) end
local seq = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], ARGV[1], seq)
redis.call('HSET', ARGV[6] .. 'version:' .. seq, 'hash', ARGV[1], 'created', ARGV[5],
  'changes', ARGV[3], 'visible', ARGV[4])
redis.call('SET', ARGV[6] .. 'snapshot:' .. seq, ARGV[2])
redis.call('DEL', ARGV[6] .. 'snapshot:' .. (seq - tonumber(ARGV[7])))
if ARGV[4] == '1' then
  redis.call('LPUSH', KEYS[3], seq)
  redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[8]) - 1)
end
return seq
"""


KEY_TYPES: Final[Mapping[str, str]] = {
    "version-seq": "string",
    "version-by-hash": "hash",
    "versions-visible": "list",
    "conversation:": "string",
    "hits:": "zset",
    "delivery:": "string",
    "subscription:": "hash",
    "subscriptions:": "set",
    "version:": "hash",
    "snapshot:": "string",
}
"""Every key the bot writes under its prefix (a name, or a family ending in ':') and its type."""
KEYS_CHECKED: Final = 10_000
"""How many keys of the prefix the start looks at, at most (the families repeat)."""


def verify_redis(url: str, prefix: str = PREFIX) -> str:
    """Return what keeps the Redis at `url` from serving as the bot's store, or "".

    Redis must answer, and the keys under the bot's prefix must be the bot's: each of a name or
    family the bot writes, of the type it writes (another program sharing the prefix, or an
    older layout, would make every later call fail).
    """
    client = redis.Redis.from_url(url, socket_timeout=TIMEOUT_S, socket_connect_timeout=TIMEOUT_S)
    try:
        client.ping()
        return _foreign_keys(client, prefix)
    except redis.RedisError as error:
        return f"Redis at the URL does not answer ({type(error).__name__}: {error})"
    finally:
        client.close()


def _foreign_keys(client: redis.Redis, prefix: str) -> str:
    """Return what shows a key under `prefix` is not the bot's, or ""."""
    matching = client.scan_iter(match=_glob_escape(prefix) + "*", count=1000)
    keys = list(itertools.islice(matching, KEYS_CHECKED))
    for start in range(0, len(keys), 500):
        found = _check_keys(client, prefix, keys[start : start + 500])
        if found:
            return found
    top = client.get(f"{prefix}version-seq")
    if top is not None and not _text(top).isdigit():
        return f"the key {prefix}version-seq does not hold a version number: not this bot's data"
    return ""


def _family(name: str) -> str | None:
    """Return the name or family of KEY_TYPES a key's name (without the prefix) belongs to."""
    if name in KEY_TYPES:
        return name
    return next((f for f in KEY_TYPES if f.endswith(":") and name.startswith(f)), None)


def _check_keys(client: redis.Redis, prefix: str, keys: list[bytes]) -> str:
    pipe = client.pipeline(transaction=False)
    for key in keys:
        pipe.type(key)
    for key, kind in zip(keys, pipe.execute(), strict=True):
        name = _text(key)[len(prefix) :]
        family = _family(name)
        # Only the family is named: a key's own name may hold a channel or user id.
        if family is None:
            return f"a key under {prefix} (a {_text(kind)}) is not one this bot writes"
        if _text(kind) != KEY_TYPES[family]:
            shown = prefix + family + ("…" if family.endswith(":") else "")
            return f"the key {shown} holds a {_text(kind)}: not this bot's data"
    return ""


def _glob_escape(text: str) -> str:
    """Escape Redis's glob characters, so the prefix matches only itself."""
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class RedisStore:
    """`bot.service.statestore.StateStore` in Redis."""

    def __init__(self, url: str, prefix: str = PREFIX) -> None:
        self._redis: Redis = Redis.from_url(
            url, socket_timeout=TIMEOUT_S, socket_connect_timeout=TIMEOUT_S
        )
        self._p = prefix
        self._hit = self._redis.register_script(_HIT)
        self._subscribe = self._redis.register_script(_SUBSCRIBE)
        self._claim = self._redis.register_script(_CLAIM)
        self._release = self._redis.register_script(_RELEASE)
        self._add_version = self._redis.register_script(_ADD_VERSION)
        self._hit_serial = 0

    async def ping(self) -> bool:
        """Return True if Redis answers."""
        return bool(await self._redis.ping())

    # --- conversations, rate limits, deliveries -------------------------------------------------

    async def load_conversation(self, key: str, now: float) -> str | None:
        """Return the follow-up state stored for conversation `key`, unless it expired."""
        value = await self._redis.get(f"{self._p}conversation:{key}")
        return None if value is None else _text(value)

    async def save_conversation(self, key: str, value: str, now: float, ttl_s: float) -> None:
        """Store the follow-up state of conversation `key` for `ttl_s` seconds."""
        await self._redis.set(f"{self._p}conversation:{key}", value, px=max(1, int(ttl_s * 1000)))

    async def hit(self, key: str, now: float, count: int, window_s: float) -> float:
        """Count an attempt by `key`; return 0 if allowed, else seconds until one would be."""
        self._hit_serial += 1
        member = f"{now!r}:{id(self)}:{self._hit_serial}"  # unique even for equal clocks
        wait = await self._hit(
            keys=[f"{self._p}hits:{key}"], args=[repr(now), repr(window_s), max(1, count), member]
        )
        return max(0.0, float(_text(wait)))

    async def first_delivery(self, keys: Sequence[str], now: float, ttl_s: float) -> bool:
        """Mark `keys` as seen; return True only if none of them had been seen before."""
        pipe = self._redis.pipeline(transaction=False)
        for key in keys:
            pipe.set(f"{self._p}delivery:{key}", "1", nx=True, px=max(1, int(ttl_s * 1000)))
        results = await pipe.execute()
        return all(bool(r) for r in results)

    # --- subscriptions ------------------------------------------------------------------------

    def _sub_key(self, channel: str) -> str:
        return f"{self._p}subscription:{channel}"

    async def subscribe(
        self, channel: str, platform: str, target: str, now: float, seq: int
    ) -> bool:
        """Subscribe (or resume) `channel` as of version `seq`; False if already active."""
        done = await self._subscribe(
            keys=[self._sub_key(channel), f"{self._p}subscriptions:{platform}"],
            args=[channel, platform, target, repr(now), seq],
        )
        return int(done) == 1

    async def unsubscribe(self, channel: str) -> bool:
        """Remove `channel`'s subscription; return False if there was none."""
        platform = await self._redis.hget(self._sub_key(channel), "platform")
        if platform is None:
            return False
        pipe = self._redis.pipeline(transaction=True)
        pipe.delete(self._sub_key(channel))
        pipe.srem(f"{self._p}subscriptions:{_text(platform)}", channel)
        await pipe.execute()
        return True

    @staticmethod
    def _subscription(channel: str, raw: dict[Any, Any]) -> Subscription | None:
        if not raw:
            return None
        row = {_text(k): _text(v) for k, v in raw.items()}
        return Subscription(
            channel,
            row.get("platform", ""),
            row.get("target", ""),
            float(row.get("since", "0")),
            int(row.get("last_seq", "0")),
            row.get("paused", ""),
        )

    async def subscription(self, channel: str) -> Subscription | None:
        """Return `channel`'s subscription, or None."""
        raw = await self._redis.hgetall(self._sub_key(channel))
        return self._subscription(channel, cast(dict[Any, Any], raw))

    async def subscriptions(self, platform: str) -> list[Subscription]:
        """Return every subscription on `platform`, paused ones included."""
        members = await self._redis.smembers(f"{self._p}subscriptions:{platform}")
        channels = sorted(_text(m) for m in cast(set[Any], members))
        pipe = self._redis.pipeline(transaction=False)
        for channel in channels:
            pipe.hgetall(self._sub_key(channel))
        rows = await pipe.execute()
        found = [self._subscription(c, r) for c, r in zip(channels, rows, strict=True)]
        return sorted((s for s in found if s is not None), key=lambda s: (s.since, s.channel))

    async def pause(self, channel: str, reason: str) -> None:
        """Stop posting to `channel` (the bot was removed or lost a permission)."""
        if await self._redis.exists(self._sub_key(channel)):
            await self._redis.hset(self._sub_key(channel), "paused", reason or "paused")

    async def claim(self, channel: str, seq: int) -> int | None:
        """Take the right to announce version `seq` in `channel`, atomically."""
        previous = int(await self._claim(keys=[self._sub_key(channel)], args=[seq]))
        return None if previous < 0 else previous

    async def release(self, channel: str, seq: int, previous: int) -> None:
        """Give back a claim whose post failed for a passing reason, so it is retried."""
        await self._release(keys=[self._sub_key(channel)], args=[seq, previous])

    # --- knowledge versions ------------------------------------------------------------------

    async def _version(self, seq: int) -> VersionRecord | None:
        raw = await self._redis.hgetall(f"{self._p}version:{seq}")
        if not raw:
            return None
        row = {_text(k): _text(v) for k, v in cast(dict[Any, Any], raw).items()}
        return VersionRecord(
            seq, row["hash"], float(row["created"]), row["changes"], row["visible"] == "1"
        )

    async def latest_version(self) -> VersionRecord | None:
        """Return the newest knowledge version seen, or None before the first."""
        top = await self._redis.get(f"{self._p}version-seq")
        return None if top is None else await self._version(int(_text(top)))

    async def find_version(self, content_hash: str) -> VersionRecord | None:
        """Return the version with `content_hash`, or None if it was never seen."""
        seq = await self._redis.hget(f"{self._p}version-by-hash", content_hash)
        return None if seq is None else await self._version(int(_text(seq)))

    async def add_version(
        self, content_hash: str, snapshot: str, changes: str, visible: bool, now: float
    ) -> VersionRecord:
        """Record a new newest version, unless `content_hash` is known: then return that one."""
        seq = await self._add_version(
            keys=[
                f"{self._p}version-by-hash",
                f"{self._p}version-seq",
                f"{self._p}versions-visible",
            ],
            args=[
                content_hash,
                snapshot,
                changes,
                "1" if visible else "0",
                repr(now),
                self._p,
                SNAPSHOTS_KEPT,
                RECENT_KEPT,
            ],
        )
        record = await self._version(int(seq))
        if record is None:  # written by the script just now: only a flushed Redis loses it
            raise RuntimeError("Redis lost a knowledge version it had just recorded")
        return record

    async def snapshot(self, seq: int) -> str | None:
        """Return the snapshot of version `seq`, if it is still kept."""
        value = await self._redis.get(f"{self._p}snapshot:{seq}")
        return None if value is None else _text(value)

    async def recent_changes(self, limit: int) -> list[VersionRecord]:
        """Return up to `limit` versions with visible changes, newest first."""
        seqs = await self._redis.lrange(f"{self._p}versions-visible", 0, max(0, limit - 1))
        found = [await self._version(int(_text(s))) for s in cast(list[Any], seqs)]
        return [v for v in found if v is not None]

    async def close(self) -> None:
        """Close the connection pool."""
        await self._redis.aclose()
