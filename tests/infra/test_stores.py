"""The state store's contract, checked against all three: memory, a SQLite file, real Redis."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from bot.config import Settings
from bot.errors import ConfigError
from bot.infra.redis_store import RedisStore
from bot.infra.sqlite_store import SqliteStore
from bot.infra.store_url import open_store
from bot.service.statestore import SNAPSHOTS_KEPT, MemoryStore, StateStore


@pytest.fixture(params=["memory", "sqlite", "redis"])
async def store(
    request: pytest.FixtureRequest, tmp_path: Path, redis_url: str
) -> AsyncIterator[StateStore]:
    """Each implementation in turn, empty."""
    chosen: StateStore
    if request.param == "memory":
        chosen = MemoryStore()
    elif request.param == "sqlite":
        chosen = SqliteStore(tmp_path / "var" / "state.db")
    else:
        flush = Redis.from_url(redis_url)
        await flush.flushdb()
        await flush.aclose()
        chosen = RedisStore(redis_url)
    yield chosen
    await chosen.close()


async def test_conversations_expire(store: StateStore) -> None:
    """Follow-up state reads back until its time to live has passed."""
    await store.save_conversation("c", '{"entity_id": "uae"}', now=100.0, ttl_s=900.0)
    assert await store.load_conversation("c", now=200.0) == '{"entity_id": "uae"}'
    assert await store.load_conversation("other", now=200.0) is None
    if not isinstance(store, RedisStore):  # Redis expires by its own clock, not ours
        assert await store.load_conversation("c", now=1001.0) is None


async def test_rate_limit_is_a_sliding_window(store: StateStore) -> None:
    """Three attempts pass, the fourth waits until the first leaves the window."""
    waits = [await store.hit("u", now=t, count=3, window_s=10.0) for t in (0.0, 1.0, 2.0)]
    assert waits == [0.0, 0.0, 0.0]
    assert await store.hit("u", now=3.0, count=3, window_s=10.0) == pytest.approx(7.0)
    assert await store.hit("someone-else", now=3.0, count=3, window_s=10.0) == 0.0
    assert await store.hit("u", now=10.5, count=3, window_s=10.0) == 0.0


async def test_a_delivery_is_first_only_once(store: StateStore) -> None:
    """An event id and its message key: the first delivery wins, a retry of either loses."""
    assert await store.first_delivery(["event:Ev1", "msg:C1:1.0"], now=0.0, ttl_s=900.0)
    assert not await store.first_delivery(["event:Ev2", "msg:C1:1.0"], now=1.0, ttl_s=900.0)
    assert not await store.first_delivery(["event:Ev1"], now=2.0, ttl_s=900.0)
    assert await store.first_delivery(["event:Ev3"], now=2.0, ttl_s=900.0)


async def test_concurrent_deliveries_have_one_winner(store: StateStore) -> None:
    """Twenty simultaneous deliveries of one event: exactly one is first."""
    results = await asyncio.gather(
        *(store.first_delivery(["event:same"], now=0.0, ttl_s=60.0) for _ in range(20))
    )
    assert results.count(True) == 1


async def test_subscribe_pause_resume_unsubscribe(store: StateStore) -> None:
    """A subscription is listed, pausing keeps it listed, subscribing again resumes it."""
    assert await store.subscribe("slack:T:C1", "slack", "C1", now=5.0, seq=3)
    assert not await store.subscribe("slack:T:C1", "slack", "C1", now=6.0, seq=3)
    await store.subscribe("discord:9", "discord", "9", now=7.0, seq=3)
    (sub,) = await store.subscriptions("slack")
    assert (sub.channel, sub.target, sub.last_seq, sub.paused) == ("slack:T:C1", "C1", 3, "")
    await store.pause("slack:T:C1", "not_in_channel")
    paused = await store.subscription("slack:T:C1")
    assert paused is not None and paused.paused == "not_in_channel"
    assert await store.claim("slack:T:C1", 4) is None, "a paused channel gets nothing"
    assert await store.subscribe("slack:T:C1", "slack", "C1", now=8.0, seq=4)
    resumed = await store.subscription("slack:T:C1")
    assert resumed is not None and resumed.paused == "" and resumed.last_seq == 4
    assert await store.unsubscribe("slack:T:C1")
    assert not await store.unsubscribe("slack:T:C1")
    assert await store.subscriptions("slack") == []
    assert [s.channel for s in await store.subscriptions("discord")] == ["discord:9"]


async def test_claims_are_exactly_once_and_never_backwards(store: StateStore) -> None:
    """One of many claimants wins a version; an older version is never claimed after."""
    await store.subscribe("discord:1", "discord", "1", now=0.0, seq=1)
    wins = await asyncio.gather(*(store.claim("discord:1", 2) for _ in range(20)))
    assert [w for w in wins if w is not None] == [1]
    assert await store.claim("discord:1", 2) is None
    assert await store.claim("discord:1", 1) is None
    await store.release("discord:1", 2, 1)
    assert await store.claim("discord:1", 2) == 1, "a released claim is retried"
    assert await store.claim("nobody", 5) is None


async def test_versions_are_ordered_and_recorded_once(store: StateStore) -> None:
    """A version is added once, newest last; its snapshot and visible changes read back."""
    assert await store.latest_version() is None
    first = await store.add_version("h1", "snap1", "[]", False, now=1.0)
    again = await store.add_version("h1", "other", "[]", False, now=2.0)
    assert first == again and first.seq == 1
    second = await store.add_version("h2", "snap2", '[["x", []]]', True, now=3.0)
    assert second.seq == 2 and second.visible
    assert await store.latest_version() == second
    assert await store.find_version("h1") == first
    assert await store.find_version("nope") is None
    assert await store.snapshot(1) == "snap1"
    assert [v.seq for v in await store.recent_changes(5)] == [2]


async def test_concurrent_new_versions_get_one_number(store: StateStore) -> None:
    """Many processes recording the same new version agree on one sequence number."""
    found = await asyncio.gather(
        *(store.add_version("same", "s", "[]", False, now=1.0) for _ in range(10))
    )
    assert {v.seq for v in found} == {1}


async def test_old_snapshots_are_dropped(store: StateStore) -> None:
    """Only the last SNAPSHOTS_KEPT snapshots are kept; their changes stay."""
    for n in range(SNAPSHOTS_KEPT + 2):
        await store.add_version(f"h{n}", f"s{n}", '[["c", []]]', True, now=float(n))
    assert await store.snapshot(1) is None
    assert await store.snapshot(SNAPSHOTS_KEPT + 2) == f"s{SNAPSHOTS_KEPT + 1}"
    assert len(await store.recent_changes(100)) == SNAPSHOTS_KEPT + 2


_KILLED = textwrap.dedent(
    """
    import asyncio, os, signal, sys
    from pathlib import Path
    from bot.infra.sqlite_store import SqliteStore

    async def main() -> None:
        store = SqliteStore(Path(sys.argv[1]))
        await store.subscribe("slack:T:C1", "slack", "C1", now=1.0, seq=7)
        os.kill(os.getpid(), signal.SIGKILL)

    asyncio.run(main())
    """
)


async def test_a_sqlite_subscription_survives_kill_9(tmp_path: Path) -> None:
    """A process killed with SIGKILL right after subscribing loses nothing."""
    path = tmp_path / "var" / "state.db"
    child = subprocess.run([sys.executable, "-c", _KILLED, str(path)], check=False)
    assert child.returncode == -signal.SIGKILL
    store = SqliteStore(path)
    try:
        sub = await store.subscription("slack:T:C1")
        assert sub is not None and sub.last_seq == 7
    finally:
        await store.close()


def test_state_url_picks_the_store(tmp_path: Path, redis_url: str) -> None:
    """STATE_URL names the implementation; the default is a SQLite file under var/."""
    assert Settings.from_env({}).state_url == "sqlite:///var/state.db"
    assert isinstance(open_store("memory://"), MemoryStore)
    assert isinstance(open_store(f"sqlite:///{tmp_path}/s.db"), SqliteStore)
    assert isinstance(open_store(redis_url), RedisStore)
    assert isinstance(open_store(f"sqlite:///{tmp_path}/absent.db", create=False), MemoryStore)
    assert not os.path.exists(tmp_path / "absent.db")
    with pytest.raises(ConfigError, match="STATE_URL"):
        Settings.from_env({"STATE_URL": "postgres://user:secret@host/db"})
    with pytest.raises(ConfigError) as refused:
        open_store("mongodb://user:secret@host")
    assert "secret" not in str(refused.value)


def test_shard_ids_read_lists_and_ranges() -> None:
    """DISCORD_SHARD_IDS takes "0,2" or "0-3" and must fit DISCORD_SHARD_COUNT."""
    env = {"DISCORD_SHARD_COUNT": "4"}
    assert Settings.from_env({**env, "DISCORD_SHARD_IDS": "0-1"}).discord_shard_ids == (0, 1)
    assert Settings.from_env({**env, "DISCORD_SHARD_IDS": "3, 1"}).discord_shard_ids == (3, 1)
    assert Settings.from_env(env).discord_shard_ids is None
    for bad in ("4", "x", "-1", ""):
        if bad:
            with pytest.raises(ConfigError, match="DISCORD_SHARD_IDS"):
                Settings.from_env({**env, "DISCORD_SHARD_IDS": bad})
    with pytest.raises(ConfigError, match="DISCORD_SHARD_COUNT"):
        Settings.from_env({"DISCORD_SHARD_IDS": "0"})
