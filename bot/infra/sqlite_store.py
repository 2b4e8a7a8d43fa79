"""The state store in one SQLite file: the embedded default (`STATE_URL=sqlite:///var/state.db`).

Created on first use with its folder, in WAL mode with `synchronous=NORMAL`: a committed
write survives the process being killed (kill -9) at any moment, and several processes on one
machine may share the file. The standard `sqlite3` module runs on one thread of its own, so
the event loop never waits on the disk; each decision (a claim, a first delivery, a new
version) is one `BEGIN IMMEDIATE` transaction, so two processes never both win it.

Failures are not papered over: a call that fails raises, and the connection is dropped so the
next call opens the file afresh (a file made writable again, or restored from a backup, is
used again without a restart). A corrupt file is never replaced: it keeps failing until someone
repairs it. A file deleted or replaced under the running bot is noticed at the next call after
`FILE_CHECK_S` (the runners' periodic store check makes one every 30 s), at once by a write to
a subscription or a knowledge version, and at the latest when the store is closed; it is
logged at ERROR and reopened. The subscriptions and knowledge versions written back into the
new file are those the old one still holds, or, when it cannot be read any more (the file was
closed after an error, or is unreadable), the copy this process keeps, which every committed
change reaches at once (`bot.infra.sqlite_file.Known`). A file swapped in that is another
program's database is never written into: every call fails, naming it, until it is moved away.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Final, TypeVar

from bot.infra.sqlite_file import (
    Known,
    VersionRow,
    identity,
    not_ours,
    overwritten,
    subscription_row,
)
from bot.service.statestore import SNAPSHOTS_KEPT, Subscription, VersionRecord

_log = logging.getLogger(__name__)

T = TypeVar("T")
Keep = Callable[[sqlite3.Connection], Callable[[], object]]
"""Read in a write's transaction what to keep; the function returned keeps it once committed."""

FILE_CHECK_S: Final = 1.0
"""How often, at most, a call checks that the file it has open is still the one at its path."""
KEEP_EVERY_S: Final = 30.0
"""How often the copy of the subscriptions kept in memory is read whole again (other processes'
changes); this process's own changes reach it as each is committed."""

BUSY_TIMEOUT_MS: Final = 5_000
PURGE_EVERY: Final = 1_000
"""Expired conversations, hits and delivery keys are purged once per this many writes."""

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS conversations (key TEXT PRIMARY KEY, value TEXT NOT NULL,
    expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS hits (key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS hits_key ON hits (key, at);
CREATE TABLE IF NOT EXISTS deliveries (key TEXT PRIMARY KEY, expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS subscriptions (channel TEXT PRIMARY KEY, platform TEXT NOT NULL,
    target TEXT NOT NULL, since REAL NOT NULL, last_seq INTEGER NOT NULL,
    paused TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS versions (seq INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE,
    created REAL NOT NULL, snapshot TEXT, changes TEXT NOT NULL, visible INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS store_file (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class StateFileOverwritten(sqlite3.DatabaseError):
    """The open state file no longer begins as a SQLite database: something was written over
    it. Every call fails with this until the file is moved away."""


class SqliteStore:
    """`bot.service.statestore.StateStore` in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="accords-state")
        self._db: sqlite3.Connection | None = None
        self._identity: tuple[int, int] | None = None  # (device, inode) of the file opened
        self._checked = 0.0
        self._carried: Known | None = None  # rows to write back into a replaced file
        self._known = Known()  # what the process knows of, for a file replaced while closed
        self._known_at = float("-inf")
        self._file_id = ""  # the id written into the file when it was made
        self._overwritten = False  # something not SQLite was written over the open file
        self._writes = 0

    def _connect(self, *, check_file: bool = False) -> sqlite3.Connection:
        """Return the open file, checking first (once per FILE_CHECK_S, at every call while it
        is overwritten, or now when `check_file`) that it is still the one at the path."""
        now = time.monotonic()
        due = check_file or self._overwritten or now - self._checked >= FILE_CHECK_S
        if self._db is not None and due:
            self._checked = now
            self._check_file(self._db, now)
        if self._db is None:
            self._db = self._open()
            self._checked = time.monotonic()
        return self._db

    def _check_file(self, db: sqlite3.Connection, now: float) -> None:
        """Reopen a file deleted or replaced; fail, keeping it open, while it is overwritten."""
        if identity(self.path) != self._identity:
            self._overwritten = False
            self._reopen_replaced(db)
            return
        problem = overwritten(self.path)
        self._overwritten = bool(problem)
        if problem:
            raise StateFileOverwritten(problem)
        if now - self._known_at >= KEEP_EVERY_S:
            self._read_known(db)

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=5.0)
        try:
            db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            foreign = not_ours(db)
            if foreign:  # swapped in under the bot: never write into another program's file
                raise sqlite3.DatabaseError(f"{self.path} is not the bot's state file: {foreign}")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            db.execute(
                "INSERT OR IGNORE INTO store_file (key, value) VALUES ('id', ?)",
                (os.urandom(8).hex(),),
            )
            (file_id,) = db.execute("SELECT value FROM store_file WHERE key = 'id'").fetchone()
            carried = self._carried or self._replaced_while_closed(str(file_id))
            if carried is not None:
                carried.write_back(db)
                self._carried = None
            self._read_known(db)
        except BaseException:
            db.close()
            raise
        self._identity, self._file_id = identity(self.path), str(file_id)
        return db

    def _read_known(self, db: sqlite3.Connection) -> None:
        """Take the copy of what the file holds afresh (other processes' changes included)."""
        try:
            self._known = Known.read(db)
        except sqlite3.Error:
            _log.debug("the state file could not be read whole; the copy stays", exc_info=True)
            return
        self._known_at = time.monotonic()

    def _replaced_while_closed(self, file_id: str) -> Known | None:
        """Return the rows to write back when the file is not the one last open, or None."""
        if not self._file_id or file_id == self._file_id:
            return None
        _log.error(
            "the state file %s was deleted or replaced while it was closed: writing back the "
            "%d subscriptions known from before",
            self.path,
            self._known.live,
        )
        return self._known

    def _reopen_replaced(self, old: sqlite3.Connection) -> None:
        """Keep what the old file held, close it, and let the next open write it back."""
        carried = self._carried or self._from_old_file(old)
        gone = "deleted" if not self.path.exists() else "replaced"
        _log.error(
            "the state file %s was %s while the bot ran: reopening it and writing back "
            "%d subscriptions",
            self.path,
            gone,
            carried.live,
        )
        self._carried = carried
        try:
            # Fold the old file's log into it and leave WAL mode, so its -wal file is gone
            # before the new file opens: SQLite would otherwise replay it onto the new one.
            old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            old.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.Error:
            _log.debug("the old state file could not be checkpointed", exc_info=True)
        self._drop()

    def _from_old_file(self, old: sqlite3.Connection) -> Known:
        """Return what the replaced file still holds (every process's changes up to now), or,
        if it cannot be read, the copy kept in memory."""
        try:
            return self._known.merged_into(Known.read(old))
        except sqlite3.Error:
            _log.error(
                "the replaced state file cannot be read: writing back the %d subscriptions "
                "this process knows of",
                self._known.live,
            )
            return self._known

    def _drop(self) -> None:
        if self._db is not None:
            db, self._db = self._db, None
            try:
                db.close()
            except sqlite3.Error:
                _log.debug("closing the state file failed", exc_info=True)

    def _checked_call(self, work: Callable[[sqlite3.Connection], T], check_file: bool) -> T:
        try:
            return work(self._connect(check_file=check_file))
        except StateFileOverwritten:
            # Kept open: closing would fold the journal into the garbage, and what the file
            # held is read back from it once the file is moved away.
            raise
        except sqlite3.Error:
            # Open the file afresh next time: it may be writable, restored or repaired by then.
            self._drop()
            raise

    async def _run(self, work: Callable[[sqlite3.Connection], T], *, check_file: bool = False) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._checked_call, work, check_file)

    async def _write(
        self,
        work: Callable[[sqlite3.Connection], T],
        *,
        channel: str | None = None,
        keep: Keep | None = None,
    ) -> T:
        """Run `work` in one transaction. Once it is committed, copy into what the process
        knows of (`bot.infra.sqlite_file`) `channel`'s subscription as committed, and whatever
        `keep` read in the transaction: a file replaced later gets every change acknowledged
        to a user. Such a write checks first that the file is still the one at the path, so
        it never goes only into a file deleted a moment ago."""
        if channel is not None:
            keep = self._keep_subscription(channel)

        def transaction(db: sqlite3.Connection) -> T:
            db.execute("BEGIN IMMEDIATE")
            try:
                result = work(db)
                kept = keep(db) if keep is not None else None
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
            if kept is not None:
                kept()
            return result

        return await self._run(transaction, check_file=keep is not None)

    def _keep_subscription(self, channel: str) -> Keep:
        def keep(db: sqlite3.Connection) -> Callable[[], object]:
            row = subscription_row(db, channel)
            return lambda: self._known.subscriptions.__setitem__(channel, row)

        return keep

    def _maybe_purge(self, db: sqlite3.Connection, now: float, window_s: float = 3600.0) -> None:
        self._writes += 1
        if self._writes % PURGE_EVERY:
            return
        db.execute("DELETE FROM conversations WHERE expires <= ?", (now,))
        db.execute("DELETE FROM deliveries WHERE expires <= ?", (now,))
        db.execute("DELETE FROM hits WHERE at <= ?", (now - window_s,))

    # --- conversations, rate limits, deliveries -------------------------------------------------

    async def load_conversation(self, key: str, now: float) -> str | None:
        """Return the follow-up state stored for conversation `key`, unless it expired."""

        def read(db: sqlite3.Connection) -> str | None:
            row = db.execute(
                "SELECT value FROM conversations WHERE key = ? AND expires > ?", (key, now)
            ).fetchone()
            return None if row is None else str(row[0])

        return await self._run(read)

    async def save_conversation(self, key: str, value: str, now: float, ttl_s: float) -> None:
        """Store the follow-up state of conversation `key` for `ttl_s` seconds."""

        def write(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT OR REPLACE INTO conversations (key, value, expires) VALUES (?, ?, ?)",
                (key, value, now + ttl_s),
            )
            self._maybe_purge(db, now)

        await self._write(write)

    async def hit(self, key: str, now: float, count: int, window_s: float) -> float:
        """Count an attempt by `key`; return 0 if allowed, else seconds until one would be."""

        def write(db: sqlite3.Connection) -> float:
            db.execute("DELETE FROM hits WHERE key = ? AND at <= ?", (key, now - window_s))
            rows = db.execute(
                "SELECT at FROM hits WHERE key = ? ORDER BY at LIMIT ?", (key, max(1, count))
            ).fetchall()
            if len(rows) >= max(1, count):
                return max(0.001, window_s - (now - float(rows[0][0])))
            db.execute("INSERT INTO hits (key, at) VALUES (?, ?)", (key, now))
            self._maybe_purge(db, now, window_s)
            return 0.0

        return await self._write(write)

    async def first_delivery(self, keys: Sequence[str], now: float, ttl_s: float) -> bool:
        """Mark `keys` as seen; return True only if none of them had been seen before."""

        def write(db: sqlite3.Connection) -> bool:
            fresh = True
            for key in keys:
                row = db.execute(
                    "SELECT 1 FROM deliveries WHERE key = ? AND expires > ?", (key, now)
                ).fetchone()
                if row is not None:
                    fresh = False
                else:
                    db.execute(
                        "INSERT OR REPLACE INTO deliveries (key, expires) VALUES (?, ?)",
                        (key, now + ttl_s),
                    )
            return fresh

        return await self._write(write)

    # --- subscriptions ------------------------------------------------------------------------

    async def subscribe(
        self, channel: str, platform: str, target: str, now: float, seq: int
    ) -> bool:
        """Subscribe (or resume) `channel` as of version `seq`; False if already active."""

        def write(db: sqlite3.Connection) -> bool:
            row = db.execute(
                "SELECT paused FROM subscriptions WHERE channel = ?", (channel,)
            ).fetchone()
            if row is not None and not row[0]:
                return False
            db.execute(
                "INSERT OR REPLACE INTO subscriptions (channel, platform, target, since, "
                "last_seq, paused) VALUES (?, ?, ?, ?, ?, '')",
                (channel, platform, target, now, seq),
            )
            return True

        return await self._write(write, channel=channel)

    async def unsubscribe(self, channel: str) -> bool:
        """Remove `channel`'s subscription; return False if there was none."""
        return await self._write(
            lambda db: (
                db.execute("DELETE FROM subscriptions WHERE channel = ?", (channel,)).rowcount > 0
            ),
            channel=channel,
        )

    @staticmethod
    def _subscription(row: Sequence[object]) -> Subscription:
        channel, platform, target, since, last_seq, paused = row
        return Subscription(
            str(channel),
            str(platform),
            str(target),
            float(str(since)),
            int(str(last_seq)),
            str(paused),
        )

    async def subscription(self, channel: str) -> Subscription | None:
        """Return `channel`'s subscription, or None."""

        def read(db: sqlite3.Connection) -> Subscription | None:
            row = db.execute(
                "SELECT channel, platform, target, since, last_seq, paused FROM subscriptions "
                "WHERE channel = ?",
                (channel,),
            ).fetchone()
            return None if row is None else self._subscription(row)

        return await self._run(read)

    async def subscriptions(self, platform: str) -> list[Subscription]:
        """Return every subscription on `platform`, paused ones included."""

        def read(db: sqlite3.Connection) -> list[Subscription]:
            rows = db.execute(
                "SELECT channel, platform, target, since, last_seq, paused FROM subscriptions "
                "WHERE platform = ? ORDER BY since, channel",
                (platform,),
            ).fetchall()
            return [self._subscription(r) for r in rows]

        return await self._run(read)

    async def pause(self, channel: str, reason: str) -> None:
        """Stop posting to `channel` (the bot was removed or lost a permission)."""
        await self._write(
            lambda db: db.execute(
                "UPDATE subscriptions SET paused = ? WHERE channel = ?",
                (reason or "paused", channel),
            ),
            channel=channel,
        )

    async def claim(self, channel: str, seq: int) -> int | None:
        """Take the right to announce version `seq` in `channel`, atomically."""

        def write(db: sqlite3.Connection) -> int | None:
            row = db.execute(
                "SELECT last_seq FROM subscriptions WHERE channel = ? AND paused = '' "
                "AND last_seq < ?",
                (channel, seq),
            ).fetchone()
            if row is None:
                return None
            db.execute("UPDATE subscriptions SET last_seq = ? WHERE channel = ?", (seq, channel))
            return int(row[0])

        return await self._write(write, channel=channel)

    async def release(self, channel: str, seq: int, previous: int) -> None:
        """Give back a claim whose post failed for a passing reason, so it is retried."""
        await self._write(
            lambda db: db.execute(
                "UPDATE subscriptions SET last_seq = ? WHERE channel = ? AND last_seq = ?",
                (previous, channel, seq),
            ),
            channel=channel,
        )

    # --- knowledge versions ------------------------------------------------------------------

    @staticmethod
    def _version(row: Sequence[object]) -> VersionRecord:
        seq, content_hash, created, changes, visible = row
        return VersionRecord(
            int(str(seq)), str(content_hash), float(str(created)), str(changes), bool(visible)
        )

    _VERSION_COLUMNS: Final = "seq, hash, created, changes, visible"

    async def latest_version(self) -> VersionRecord | None:
        """Return the newest knowledge version seen, or None before the first."""

        def read(db: sqlite3.Connection) -> VersionRecord | None:
            row = db.execute(
                f"SELECT {self._VERSION_COLUMNS} FROM versions ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            return None if row is None else self._version(row)

        return await self._run(read)

    async def find_version(self, content_hash: str) -> VersionRecord | None:
        """Return the version with `content_hash`, or None if it was never seen."""

        def read(db: sqlite3.Connection) -> VersionRecord | None:
            row = db.execute(
                f"SELECT {self._VERSION_COLUMNS} FROM versions WHERE hash = ?", (content_hash,)
            ).fetchone()
            return None if row is None else self._version(row)

        return await self._run(read)

    async def add_version(
        self, content_hash: str, snapshot: str, changes: str, visible: bool, now: float
    ) -> VersionRecord:
        """Record a new newest version, unless `content_hash` is known: then return that one."""

        def write(db: sqlite3.Connection) -> VersionRecord:
            row = db.execute(
                f"SELECT {self._VERSION_COLUMNS} FROM versions WHERE hash = ?", (content_hash,)
            ).fetchone()
            if row is not None:
                return self._version(row)
            (top,) = db.execute("SELECT COALESCE(MAX(seq), 0) FROM versions").fetchone()
            seq = int(top) + 1
            db.execute(
                "INSERT INTO versions (seq, hash, created, snapshot, changes, visible) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (seq, content_hash, now, snapshot, changes, int(visible)),
            )
            db.execute(
                "UPDATE versions SET snapshot = NULL WHERE seq <= ?", (seq - SNAPSHOTS_KEPT,)
            )
            added.append((seq, content_hash, now, snapshot, changes, int(visible)))
            return VersionRecord(seq, content_hash, now, changes, visible)

        added: list[VersionRow] = []

        def keep(db: sqlite3.Connection) -> Callable[[], object]:
            def kept() -> None:
                for row in added:
                    self._known.note_version(row)

            return kept

        return await self._write(write, keep=keep)

    async def snapshot(self, seq: int) -> str | None:
        """Return the snapshot of version `seq`, if it is still kept."""

        def read(db: sqlite3.Connection) -> str | None:
            row = db.execute("SELECT snapshot FROM versions WHERE seq = ?", (seq,)).fetchone()
            return None if row is None or row[0] is None else str(row[0])

        return await self._run(read)

    async def recent_changes(self, limit: int) -> list[VersionRecord]:
        """Return up to `limit` versions with visible changes, newest first."""

        def read(db: sqlite3.Connection) -> list[VersionRecord]:
            rows = db.execute(
                f"SELECT {self._VERSION_COLUMNS} FROM versions WHERE visible = 1 "
                "ORDER BY seq DESC LIMIT ?",
                (limit,),
            ).fetchall()
            return [self._version(r) for r in rows]

        return await self._run(read)

    async def close(self) -> None:
        """Close the file and stop the store's thread.

        A file deleted or replaced since the last check gets what the process knows of first,
        so a stop right after the deletion (a deploy) loses no subscription.
        """
        await asyncio.get_running_loop().run_in_executor(self._executor, self._close)
        self._executor.shutdown(wait=False)

    def _close(self) -> None:
        if self._identity is not None and identity(self.path) != self._identity:
            try:
                self._connect(check_file=True)
            except (sqlite3.Error, OSError) as error:
                _log.error(
                    "the state file %s changed under the bot and could not be written back "
                    "before stopping (%s): %d subscriptions this process knew of are not in it",
                    self.path,
                    error,
                    self._known.live,
                )
        self._drop()


def verify_file(path: Path) -> str:
    """Return what is wrong with the state file at `path` for this bot, or "" if it is usable.

    A file that does not exist yet is usable (it is created); so is an empty database or one
    the bot made. Anything else (not a database, damaged, another program's database or one
    with another program's tables beside the bot's, a folder that cannot be created, a file
    that cannot be written) is refused, and never replaced.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return f"cannot create the folder {path.parent} ({error.strerror})"
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        return f"{path} cannot be read and written by this user"
    if not path.exists() and not os.access(path.parent, os.W_OK | os.X_OK):
        return f"cannot create {path} (the folder is not writable)"
    if not path.exists():
        return ""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
        try:
            check = db.execute("PRAGMA quick_check").fetchone()
            foreign = not_ours(db)
        finally:
            db.close()
    except sqlite3.Error as error:
        return f"{path} is not a usable SQLite database ({error})"
    if check is None or check[0] != "ok":
        return f"{path} is damaged (integrity check: {check[0] if check else 'no result'})"
    if foreign:
        return f"{path} is not the bot's state file: {foreign}"
    return ""
