"""Answers never depend on the state store: real faults in real SQLite files and redis-server.

Each fault is made for real (garbage written over the file, a folder that cannot be made, the
file deleted or replaced, chmod for an unprivileged user, Redis killed, stopped and
restarted), and each test checks both that questions are still answered and what is logged.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from bot import wording
from bot.answer import Answer, AnswerKind, Status
from bot.errors import ConfigError
from bot.infra import sqlite_store
from bot.infra.lifecycle import running
from bot.infra.redis_store import RedisStore
from bot.infra.reload import KnowledgeHolder
from bot.infra.sqlite_store import SqliteStore
from bot.infra.store_url import verify_store
from bot.service import ChatService, ServiceLimits
from bot.service.announce import Announcer, Posted
from bot.service.chat import Channel
from bot.service.statestore import StateStore, Subscription, VersionRecord
from bot.service.storehealth import StoreHealth
from tests.helpers import FACTS_DIR, errors_logged, facts_engine, unprivileged
from tests.redis_server import free_port, redis_process

REPO = Path(__file__).resolve().parents[2]
QUESTION = "when did Morocco join?"


def _service(store: StateStore, rate_count: int = 2) -> ChatService:
    engine = facts_engine()
    return ChatService(lambda: engine, ServiceLimits(rate_count, 30.0), store=store)


def _corrupt(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    garbage = b"this is not a database, it is what a bad disk left behind\n" * 200
    path.write_bytes(garbage)
    return garbage


async def _ask(service: ChatService, user: str = "u") -> Answer:
    return await service.respond("c", user, "ask", QUESTION)


async def test_a_corrupt_sqlite_file_still_answers_and_logs_one_line(tmp_path: Path) -> None:
    """With garbage for a state file, /ask and /about are answered, the rate limit fails open,
    one ERROR line names the failure, and the file is left exactly as it was."""
    path = tmp_path / "var" / "state.db"
    garbage = _corrupt(path)
    store = SqliteStore(path)
    service = _service(store, rate_count=1)
    with errors_logged() as errors:
        answers = [await _ask(service) for _ in range(4)]
        about = await service.respond("c", "u", "about", channel=None)
    await store.close()
    assert all(a.status is Status.ANSWERED and "morocco" in a.fact_ids for a in answers)
    assert about.kind is not AnswerKind.ERROR and about.status is Status.ANSWERED
    assert len(errors.records) == 1  # one line a minute, not one per question
    assert "state store failing" in errors.messages()[0]
    assert "DatabaseError" in errors.messages()[0]
    assert errors.records[0].exc_info is None
    assert not service.health.ok and "DatabaseError" in service.health.problem
    assert path.read_bytes() == garbage  # never silently replaced


async def test_a_repaired_sqlite_file_is_used_again_without_a_restart(tmp_path: Path) -> None:
    """Once the corrupt file is removed, the next call opens a fresh one and the limit holds."""
    path = tmp_path / "state.db"
    _corrupt(path)
    store = SqliteStore(path)
    service = _service(store, rate_count=1)
    assert not await service.check_store()
    path.unlink()
    assert await service.check_store()
    assert service.health.ok
    first, second = await _ask(service, "v"), await _ask(service, "v")
    await store.close()
    assert first.status is Status.ANSWERED
    assert second.kind is AnswerKind.RATE_LIMITED  # the store works again: so does the limit


async def test_a_folder_that_cannot_be_made_still_answers(tmp_path: Path) -> None:
    """A state file under a regular file (its folder cannot be made) fails, answers go on."""
    (tmp_path / "plain-file").write_text("x")
    store = SqliteStore(tmp_path / "plain-file" / "var" / "state.db")
    service = _service(store)
    answer = await _ask(service)
    assert answer.status is Status.ANSWERED
    assert not await service.check_store()
    await store.close()


def test_a_read_only_state_file_still_answers(tmp_path: Path) -> None:
    """A state file chmod 0444 in a folder chmod 0555, for an unprivileged user, still answers
    (run as `nobody` when the tests run as root, since root writes through any chmod)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    db = sqlite3.connect(folder / "state.db")
    db.execute("CREATE TABLE subscriptions (channel TEXT)")
    db.close()
    (folder / "state.db").chmod(0o444)
    folder.chmod(0o555)
    tmp_path.chmod(0o755)
    script = textwrap.dedent(f"""
        import asyncio, logging
        from bot.infra.sqlite_store import SqliteStore
        from bot.service import ChatService
        from tests.helpers import facts_engine
        logging.basicConfig(level=logging.ERROR)
        async def main():
            store = SqliteStore({str(folder / "state.db")!r})
            engine = facts_engine()
            service = ChatService(lambda: engine, store=store)
            answer = await service.respond("c", "u", "ask", {QUESTION!r})
            ready = await service.check_store()
            await store.close()
            print(answer.status.value, ready)
        asyncio.run(main())
    """)
    as_nobody = unprivileged()
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        preexec_fn=as_nobody,  # only drops privileges, nothing thread-unsafe
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["answered", "False"]
    assert result.stderr.count("state store failing") == 1


@pytest.fixture
def fast_file_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Check the state file's identity on every call instead of once a second."""
    monkeypatch.setattr(sqlite_store, "FILE_CHECK_S", 0.0)


async def _subscribe_two(store: StateStore) -> None:
    assert await store.subscribe("slack:T:C1", "slack", "C1", 1.0, 3)
    assert await store.subscribe("discord:9", "discord", "9", 2.0, 3)
    await store.add_version("hash-1", "{}", "[]", False, 1.0)


@pytest.mark.usefixtures("fast_file_check")
async def test_a_deleted_state_file_is_reopened_with_its_subscriptions(tmp_path: Path) -> None:
    """Deleting the file under the bot is logged at ERROR and every subscription written back."""
    path = tmp_path / "state.db"
    store = SqliteStore(path)
    await _subscribe_two(store)
    for name in ("state.db", "state.db-wal", "state.db-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    with errors_logged() as errors:
        subs = await store.subscriptions("slack") + await store.subscriptions("discord")
        version = await store.find_version("hash-1")
    await store.close()
    assert {s.channel for s in subs} == {"slack:T:C1", "discord:9"}
    assert version is not None and version.seq == 1
    assert len(errors.records) == 1 and "was deleted" in errors.messages()[0]
    reopened = sqlite3.connect(path)  # and they are in the file on disk, not only in memory
    rows = reopened.execute("SELECT channel FROM subscriptions ORDER BY channel").fetchall()
    reopened.close()
    assert rows == [("discord:9",), ("slack:T:C1",)]


@pytest.mark.usefixtures("fast_file_check")
async def test_a_replaced_state_file_keeps_its_own_rows_and_gets_ours(tmp_path: Path) -> None:
    """A file swapped in under the bot keeps what it holds; the bot's subscriptions are added."""
    path = tmp_path / "state.db"
    store = SqliteStore(path)
    await _subscribe_two(store)
    other = SqliteStore(tmp_path / "other.db")
    assert await other.subscribe("slack:T:C9", "slack", "C9", 5.0, 1)
    await other.close()
    (tmp_path / "other.db").replace(path)
    with errors_logged() as errors:
        subs = await store.subscriptions("slack")
    await store.close()
    assert {s.channel for s in subs} == {"slack:T:C1", "slack:T:C9"}
    assert "was replaced" in errors.messages()[0]


async def test_the_probe_notices_a_deleted_file_within_a_minute(tmp_path: Path) -> None:
    """With no traffic at all, the periodic probe alone finds the deletion (FILE_CHECK_S is
    well under the probe interval, so one probe after it is enough)."""
    assert sqlite_store.FILE_CHECK_S < 30.0
    path = tmp_path / "state.db"
    store = SqliteStore(path)
    await _subscribe_two(store)
    path.unlink()
    await asyncio.sleep(sqlite_store.FILE_CHECK_S + 0.05)
    service = _service(store)
    with errors_logged() as errors:
        assert await service.check_store()
    await store.close()
    assert "was deleted" in errors.messages()[0]
    assert path.exists()


def _delete_state_file(folder: Path) -> None:
    for name in ("state.db", "state.db-wal", "state.db-shm"):
        (folder / name).unlink(missing_ok=True)


async def test_a_state_file_deleted_just_before_a_stop_gets_its_subscriptions(
    tmp_path: Path,
) -> None:
    """A stop (a deploy's SIGTERM) a moment after the file was deleted, before any check could
    see it, writes the subscriptions into a new file: the next start finds them."""
    path = tmp_path / "state.db"
    store = SqliteStore(path)
    await _subscribe_two(store)
    _delete_state_file(tmp_path)
    with errors_logged() as errors:
        await store.close()
    assert "was deleted" in errors.messages()[0]
    assert _rows(path) == [("discord:9", ""), ("slack:T:C1", "")]


async def test_a_subscription_made_just_after_the_file_was_deleted_lands_in_the_new_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However rarely other calls check the file, a subscription change checks it first: one
    acknowledged right after the deletion is in the file on disk with the others, not only in
    the deleted one, so even a process killed after the reply loses nothing."""
    monkeypatch.setattr(sqlite_store, "FILE_CHECK_S", 3600.0)
    path = tmp_path / "state.db"
    store = SqliteStore(path)
    await _subscribe_two(store)
    _delete_state_file(tmp_path)
    with errors_logged() as errors:
        assert await store.subscribe("slack:T:C2", "slack", "C2", 3.0, 1)
        assert await store.unsubscribe("discord:9")
    assert "was deleted" in errors.messages()[0]
    assert _rows(path) == [("slack:T:C1", ""), ("slack:T:C2", "")]
    await store.close()


@pytest.mark.usefixtures("fast_file_check")
async def test_garbage_written_over_the_open_file_is_reported_and_recovered_from(
    tmp_path: Path,
) -> None:
    """Garbage written over the state file while it is open (its journal left alone, so
    SQLite alone would go on writing beside it) fails readiness and is logged; questions are
    still answered; the file is left as it is; once it is moved away the store works again,
    with the subscriptions written back, without a restart."""
    path = tmp_path / "state.db"
    store = SqliteStore(path)
    service = _service(store, rate_count=100)
    await _change(service, "subscribe", "C1")
    garbage = b"a bad disk wrote this over the state file\n" * 200
    with path.open("r+b") as file:
        file.write(garbage)
    with errors_logged() as errors:
        assert not await service.check_store()
        answer = await _ask(service)
    assert answer.status is Status.ANSWERED and "morocco" in answer.fact_ids
    assert "not a SQLite database" in service.health.problem
    assert len(errors.records) == 1 and errors.records[0].exc_info is None
    assert path.read_bytes().startswith(garbage)
    _delete_state_file(tmp_path)
    assert await service.check_store()
    await store.close()
    assert _rows(path) == [("slack:T:C1", "")]


# --- start-up -----------------------------------------------------------------------------


def test_start_refuses_a_corrupt_file_naming_state_url(tmp_path: Path) -> None:
    """verify_store names STATE_URL for garbage, another program's database and a bad folder."""
    garbage = tmp_path / "garbage.db"
    _corrupt(garbage)
    foreign = tmp_path / "foreign.db"
    db = sqlite3.connect(foreign)
    db.execute("CREATE TABLE invoices (id INTEGER)")
    db.close()
    (tmp_path / "plain").write_text("x")
    for path in (garbage, foreign, tmp_path / "plain" / "state.db"):
        with pytest.raises(ConfigError) as caught:
            verify_store(f"sqlite:///{path}")
        assert caught.value.variable == "STATE_URL"
    verify_store(f"sqlite:///{tmp_path / 'new' / 'state.db'}")  # a new file is fine
    assert garbage.read_bytes().startswith(b"this is not a database")


def _foreign(path: Path) -> bytes:
    """Make `path` another program's database that happens to have a `subscriptions` table
    with the bot's columns, beside its own tables."""
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE subscriptions (channel TEXT, platform TEXT, target TEXT, since REAL, "
        "last_seq INTEGER, paused TEXT)"
    )
    db.execute("CREATE TABLE invoices (id INTEGER, amount REAL)")
    db.commit()
    db.close()
    return path.read_bytes()


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (_corrupt, "not a usable SQLite database"),
        (_foreign, "another program's tables (invoices)"),
    ],
    ids=["corrupt", "another program's"],
)
def test_the_cli_exits_2_with_one_line_for_an_unusable_store(
    tmp_path: Path, make: Callable[[Path], bytes], problem: str
) -> None:
    """`accords-bot slack --http` with a corrupt state file, or another program's database:
    exit 2, one line naming STATE_URL and what is wrong, no traceback, the file untouched."""
    path = tmp_path / "state.db"
    before = make(path)
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "STATE_"))
    }
    env.update(
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET="secret",
        STATE_URL=f"sqlite:///{path}",
        PORT=str(free_port()),
    )
    result = subprocess.run(
        [sys.executable, "-c", "from adapters.console.cli import main; main()", "slack", "--http"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if "STATE_URL" in line]
    assert len(lines) == 1 and problem in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_start_tells_the_bot_s_files_from_another_program_s(tmp_path: Path) -> None:
    """A table of the bot's name with other columns, or the bot's tables beside another
    program's, is not the bot's; a file the bot made (its id written in it) may hold a table
    a newer version added, and an empty database is the bot's to fill."""
    lookalike = tmp_path / "lookalike.db"
    db = sqlite3.connect(lookalike)
    db.execute("CREATE TABLE versions (id INTEGER, name TEXT)")
    db.close()
    with pytest.raises(ConfigError, match=r"table 'versions' is another program's") as caught:
        verify_store(f"sqlite:///{lookalike}")
    assert caught.value.variable == "STATE_URL"
    _foreign(tmp_path / "foreign.db")
    with pytest.raises(ConfigError, match=r"another program's tables \(invoices\)"):
        verify_store(f"sqlite:///{tmp_path / 'foreign.db'}")
    ours = tmp_path / "ours.db"
    asyncio.run(_made_by_the_bot(ours))
    db = sqlite3.connect(ours)
    db.execute("CREATE TABLE added_later (key TEXT)")
    db.close()
    verify_store(f"sqlite:///{ours}")
    sqlite3.connect(tmp_path / "empty.db").close()
    verify_store(f"sqlite:///{tmp_path / 'empty.db'}")


async def _made_by_the_bot(path: Path) -> None:
    store = SqliteStore(path)
    assert await store.subscribe("slack:T:C1", "slack", "C1", 1.0, 1)
    await store.close()


@pytest.mark.usefixtures("fast_file_check")
async def test_another_program_s_database_swapped_in_is_never_written_into(
    tmp_path: Path,
) -> None:
    """A foreign database moved over the state file under the running bot is refused by
    every call, named in the log, and left exactly as it was; answers go on."""
    path = tmp_path / "state.db"
    store = SqliteStore(path)
    service = _service(store, rate_count=100)
    await _change(service, "subscribe", "C1")
    before = _foreign(tmp_path / "other.db")
    (tmp_path / "other.db").replace(path)
    with errors_logged() as errors:
        answer = await _ask(service)
        ready = await service.check_store()
    await store.close()
    assert answer.status is Status.ANSWERED and not ready
    assert any("not the bot's state file" in m for m in errors.messages()), errors.messages()
    assert path.read_bytes() == before


# --- Redis ----------------------------------------------------------------------------------


@pytest.fixture
def own_redis() -> Iterator[tuple[str, subprocess.Popen[bytes], int]]:
    """A redis-server of this test's own, which it may kill, stop and restart."""
    port = free_port()
    with redis_process(port) as (url, process):
        yield url, process, port


async def test_redis_killed_and_restarted(
    own_redis: tuple[str, subprocess.Popen[bytes], int],
) -> None:
    """Redis killed: answers go on, readiness fails; restarted on its port: it recovers alone."""
    url, process, port = own_redis
    store = RedisStore(url)
    service = _service(store, rate_count=1)
    assert await service.check_store()
    process.kill()
    process.wait()
    with errors_logged() as errors:
        started = time.monotonic()
        answer = await _ask(service)
        took = time.monotonic() - started
        assert not await service.check_store()
    assert answer.status is Status.ANSWERED and took < 3.0
    assert len(errors.records) == 1 and "ConnectionError" in errors.messages()[0]
    with redis_process(port):
        assert await service.check_store()
        assert service.health.ok
        assert (await _ask(service, "w")).status is Status.ANSWERED
        assert (await _ask(service, "w")).kind is AnswerKind.RATE_LIMITED
    await store.close()


async def test_a_hung_redis_costs_one_question_the_call_timeout_and_the_rest_nothing(
    own_redis: tuple[str, subprocess.Popen[bytes], int],
) -> None:
    """Redis stopped with SIGSTOP (it accepts, never replies): the first question waits the
    call timeout once, the next ones skip the store (the breaker) and come at once."""
    url, process, _ = own_redis
    store = RedisStore(url)
    service = ChatService(
        facts_engine, ServiceLimits(5, 30.0), store=store, health=StoreHealth(timeout_s=0.5)
    )
    assert await service.check_store()
    process.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        answers = [await _ask(service, f"u{i}") for i in range(5)]
        took = time.monotonic() - started
    finally:
        process.send_signal(signal.SIGCONT)
    assert all(a.status is Status.ANSWERED for a in answers)
    # Without the breaker: 5 questions × 3 store calls × 0.5 s = 7.5 s.
    assert took < 3.0  # one timeout, and five answers on a busy machine
    assert "no reply in time" in service.health.problem
    await store.close()


# --- the announcer --------------------------------------------------------------------------


class _CountingStore(SqliteStore):
    """A real SQLite store that counts the announcer's rounds (each starts with latest_version)."""

    rounds = 0

    async def latest_version(self) -> VersionRecord | None:
        """Count the round, then look the version up for real."""
        self.rounds += 1
        return await super().latest_version()


async def test_the_announcer_backs_off_while_the_store_fails(tmp_path: Path) -> None:
    """Against a corrupt file the announcer retries less and less often, logging one line."""
    path = tmp_path / "state.db"
    _corrupt(path)
    store = _CountingStore(path)

    async def post(sub: Subscription, answer: Answer) -> Posted:
        raise AssertionError("nothing is posted while the store fails")

    announcer = Announcer(store, "slack", post)
    stop = asyncio.Event()
    with errors_logged() as errors:
        task = asyncio.create_task(announcer.run(facts_engine, stop, poll_s=0.01, retry_s=0.16))
        await asyncio.sleep(1.0)
        stop.set()
        await task
    await store.close()
    # Without back-off: about 100 rounds in a second at 0.01 s; with it, 0.02+0.04+0.08+0.16…
    assert 3 <= store.rounds <= 12
    assert len(errors.records) == 1
    assert "retrying with back-off" in errors.messages()[0]
    assert errors.records[0].exc_info is None


def test_store_failures_are_logged_once_a_minute_per_kind() -> None:
    """StoreHealth logs the first failure of a kind, holds the rest for a minute, then counts."""
    now = [0.0]
    health = StoreHealth(clock=lambda: now[0])
    with errors_logged() as errors:
        for _ in range(5):
            health.failed("rate limit", sqlite3.DatabaseError("file is not a database"))
        now[0] = 61.0
        health.failed("rate limit", sqlite3.DatabaseError("file is not a database"))
    assert len(errors.records) == 2
    assert "4 more failures" in errors.messages()[1]


async def test_channel_commands_say_the_store_is_down_without_a_traceback(
    tmp_path: Path,
) -> None:
    """/subscribe, /unsubscribe and /changes against a corrupt file say so plainly: no apology,
    no traceback, and /about still answers (without the subscription line)."""
    path = tmp_path / "state.db"
    _corrupt(path)
    store = SqliteStore(path)
    service = _service(store, rate_count=100)
    channel = Channel("slack:T:C1", "slack", "C1")
    with errors_logged() as errors:
        replies = [
            await service.respond("c", "u", name, channel=channel)
            for name in ("subscribe", "unsubscribe", "changes")
        ]
        about = await service.respond("c", "u", "about", channel=channel)
    await store.close()
    assert [r.body for r in replies] == [wording.STATE_UNAVAILABLE] * 3
    assert about.status is Status.ANSWERED
    assert wording.SUBSCRIPTION not in [f.name for f in about.fields]
    assert all(r.exc_info is None for r in errors.records)
    assert len(errors.records) == 1


async def test_a_file_replaced_while_closed_after_an_error_gets_its_subscriptions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails (another process holds the lock) closes the file; if the file is then
    deleted, the next open notices it is a new file (by the id written in it) and writes back
    the subscriptions copied aside before."""
    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(sqlite_store, "FILE_CHECK_S", 0.0)
    monkeypatch.setattr(sqlite_store, "KEEP_EVERY_S", 0.0)
    path = tmp_path / "state.db"
    store = SqliteStore(path)
    await _subscribe_two(store)
    await store.subscriptions("slack")  # a call: the rows are copied aside
    await _close_by_a_lock_then_delete(store, path, "C2")
    with errors_logged() as errors:
        subs = await store.subscriptions("slack") + await store.subscriptions("discord")
    await store.close()
    assert {s.channel for s in subs} == {"slack:T:C1", "discord:9"}
    assert "while it was closed" in errors.messages()[0]


def _channel(name: str) -> Channel:
    return Channel(f"slack:T:{name}", "slack", name)


async def _change(service: ChatService, command: str, name: str) -> None:
    """Run /subscribe or /unsubscribe in channel `name` and check the user was told it worked."""
    answer = await service.respond(name, "u", command, channel=_channel(name))
    assert answer.status is Status.ANSWERED and not answer.is_notice, answer.body


def _rows(path: Path) -> list[tuple[str, str]]:
    """Return (channel, paused) of every subscription in the file on disk."""
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT channel, paused FROM subscriptions ORDER BY channel").fetchall()
    finally:
        db.close()


async def test_every_change_acknowledged_is_written_back_into_a_file_replaced_while_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Subscriptions changed a moment before the file is closed by an error and then deleted
    (well within the 30 s the whole copy is read again) come back as the users were told:
    the one unsubscribed stays gone, the ones subscribed are there, and so does the newest
    version with the snapshot the next change is compared with."""
    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(sqlite_store, "FILE_CHECK_S", 0.0)
    assert sqlite_store.KEEP_EVERY_S >= 30.0
    path = tmp_path / "state.db"
    store = SqliteStore(path)
    service = _service(store, rate_count=100)
    for command, name in [("subscribe", "C1"), ("subscribe", "C2")]:
        await _change(service, command, name)
    await store.pause("slack:T:C2", "not_in_channel")
    for command, name in [("unsubscribe", "C1"), ("subscribe", "C2"), ("subscribe", "C3")]:
        await _change(service, command, name)
    newest = await store.add_version("hash-new", '{"facts": 1}', "[]", True, 2.0)
    await _close_by_a_lock_then_delete(store, path, "C9")
    with errors_logged() as errors:
        assert await service.check_store()
    assert await store.latest_version() == newest
    assert await store.snapshot(newest.seq) == '{"facts": 1}'  # the next diff's old side
    await store.close()
    assert "while it was closed" in errors.messages()[0]
    assert _rows(path) == [("slack:T:C2", ""), ("slack:T:C3", "")]


async def test_a_state_file_deleted_mid_run_is_noticed_by_the_periodic_check(
    tmp_path: Path,
) -> None:
    """With the runners' own periodic check going and nobody asking anything, a state file
    deleted mid-run is noticed, logged at ERROR, reopened, and holds every subscription the
    users were last told about."""
    path = tmp_path / "state.db"
    store = SqliteStore(path)
    service = _service(store, rate_count=100)
    holder = KnowledgeHolder(FACTS_DIR, facts_engine())
    with errors_logged() as errors:
        async with running(holder, service.check_store, check_every_s=0.2):
            for command, name in [("subscribe", "C1"), ("subscribe", "C2"), ("unsubscribe", "C1")]:
                await _change(service, command, name)
            await asyncio.sleep(sqlite_store.FILE_CHECK_S)
            for name in ("state.db", "state.db-wal", "state.db-shm"):
                (tmp_path / name).unlink(missing_ok=True)
            async with asyncio.timeout(10):
                while not errors.records:
                    await asyncio.sleep(0.05)
    await store.close()
    assert len(errors.records) == 1 and "was deleted while the bot ran" in errors.messages()[0]
    assert _rows(path) == [("slack:T:C2", "")]


@pytest.mark.usefixtures("fast_file_check")
async def test_a_restored_backup_gets_the_changes_made_since(tmp_path: Path) -> None:
    """A backup copied over the file under the running bot keeps what only it holds, and gets
    the changes users were told of since it was taken: the channel unsubscribed since is
    removed, the one resumed since is no longer paused, and the last version announced in a
    channel never goes back."""
    path = tmp_path / "state.db"
    store = SqliteStore(path)
    assert await store.subscribe("slack:T:C1", "slack", "C1", 1.0, 1)
    assert await store.subscribe("slack:T:C2", "slack", "C2", 1.0, 1)
    await store.pause("slack:T:C2", "not_in_channel")
    assert await store.claim("slack:T:C1", 5) == 1
    backup = tmp_path / "backup.db"
    src = sqlite3.connect(path)
    src.backup(dst := sqlite3.connect(backup))
    dst.execute("INSERT INTO subscriptions VALUES ('slack:T:C8', 'slack', 'C8', 1.0, 1, '')")
    dst.execute("UPDATE subscriptions SET last_seq = 9 WHERE channel = 'slack:T:C2'")
    dst.commit()
    src.close()
    dst.close()
    assert await store.unsubscribe("slack:T:C1")
    assert await store.subscribe("slack:T:C2", "slack", "C2", 2.0, 6)
    backup.replace(path)
    with errors_logged() as errors:
        subs = await store.subscriptions("slack")
    await store.close()
    assert "was replaced" in errors.messages()[0]
    assert [(s.channel, s.paused, s.last_seq) for s in subs] == [
        ("slack:T:C8", "", 1),
        ("slack:T:C2", "", 9),
    ]


def test_start_refuses_a_redis_that_does_not_answer() -> None:
    """A Redis URL nothing listens on stops the start with STATE_URL named (exit 2 in the CLI)."""
    with pytest.raises(ConfigError) as caught:
        verify_store(f"redis://127.0.0.1:{free_port()}/0")
    assert caught.value.variable == "STATE_URL"
    assert "does not answer" in str(caught.value)


async def _bot_keys(url: str) -> None:
    """Write every kind of key the bot writes, through the store itself."""
    store = RedisStore(url)
    await store.save_conversation("slack:T:C:1.2:U1", "{}", 1.0, 60.0)
    await store.hit("slack:T:U1", 1.0, 5, 30.0)
    assert await store.first_delivery(["event:Ev1"], 1.0, 60.0)
    assert await store.subscribe("slack:T:C1", "slack", "C1", 1.0, 1)
    await store.add_version("hash-1", "{}", "[]", True, 1.0)
    await store.close()


async def _subscription_a_string(client: Redis) -> None:
    await client.set("accords:subscription:slack:T:C1", "x")


async def _index_a_list(client: Redis) -> None:
    await client.delete("accords:version-by-hash")
    await client.rpush("accords:version-by-hash", "x")


async def _counter_a_word(client: Redis) -> None:
    await client.set("accords:version-seq", "abc")


async def _unknown_family(client: Redis) -> None:
    await client.hset("accords:invoice:7", "amount", "3")


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (_subscription_a_string, "accords:subscription:… holds a string"),
        (_index_a_list, "accords:version-by-hash holds a list"),
        (_counter_a_word, "version-seq does not hold a version number"),
        (_unknown_family, "a key under accords: (a hash) is not"),
    ],
    ids=["subscription a string", "index a list", "counter not a number", "unknown family"],
)
async def test_start_refuses_a_redis_whose_keys_under_the_prefix_are_not_the_bot_s(
    redis_url: str, damage: Callable[[Redis], Awaitable[None]], problem: str
) -> None:
    """Keys under the bot's prefix of another type, or of a family the bot never writes, stop
    the start naming STATE_URL and the family (never a key's own name: it may hold an id);
    the bot's own keys of every kind, and other prefixes, pass."""
    client = Redis.from_url(redis_url)
    try:
        await client.flushdb()
        await _bot_keys(redis_url)
        await client.rpush("other-app:queue", "x")
        await asyncio.to_thread(verify_store, redis_url)
        await damage(client)
    finally:
        await client.aclose()
    with pytest.raises(ConfigError) as caught:
        await asyncio.to_thread(verify_store, redis_url)
    assert caught.value.variable == "STATE_URL"
    assert problem in str(caught.value)
    assert "U1" not in str(caught.value) and "C1" not in str(caught.value)


async def _close_by_a_lock_then_delete(store: SqliteStore, path: Path, channel: str) -> None:
    """Make a write fail while another process holds the file's lock (the store closes the
    file), then delete the file and its journal, as an operator's mistake would."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        await store.subscribe(f"slack:T:{channel}", "slack", channel, 3.0, 3)
    holder.execute("ROLLBACK")
    holder.close()
    for name in ("state.db", "state.db-wal", "state.db-shm"):
        (path.parent / name).unlink(missing_ok=True)
