"""The state file as a file: whether it is the bot's, and what is written back into a new one.

`not_ours` tells a SQLite database the bot made (or may make its own) from another program's:
every table of the bot's it holds has the bot's columns, and it holds no other table unless
the bot made it (its `store_file` id; a newer version may add a table). The start refuses
such a file, and so does a reopen while running, so the bot never writes its tables into
another program's database.

`Known` is the copy of the subscriptions and knowledge versions the store keeps in memory for
a file deleted or replaced under the running bot. It is read whole from the file when the
file opens and every `KEEP_EVERY_S` after (so other processes' changes reach it), and each
subscription write this process commits is applied to it at once, so the copy holds every
change acknowledged to a user. Written back, a row it knows replaces the file's (the number
of the last version announced never goes back), and a channel it knows was unsubscribed is
removed.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

COLUMNS: Final[Mapping[str, frozenset[str]]] = {
    "conversations": frozenset({"key", "value", "expires"}),
    "hits": frozenset({"key", "at"}),
    "deliveries": frozenset({"key", "expires"}),
    "subscriptions": frozenset({"channel", "platform", "target", "since", "last_seq", "paused"}),
    "versions": frozenset({"seq", "hash", "created", "snapshot", "changes", "visible"}),
    "store_file": frozenset({"key", "value"}),
}
"""The bot's tables and the columns it reads and writes in each."""

SubscriptionRow = tuple[object, ...]
"""channel, platform, target, since, last_seq, paused"""
VersionRow = tuple[object, ...]
"""seq, hash, created, snapshot, changes, visible"""

_SUBSCRIPTION_COLUMNS: Final = "channel, platform, target, since, last_seq, paused"


SQLITE_HEADER: Final = b"SQLite format 3\x00"
"""What every SQLite database file begins with."""


def overwritten(path: Path) -> str:
    """Return why the file at `path` is no SQLite database any more, or "" if it still begins
    as one (a missing or empty file is not overwritten: the identity check and SQLite see to
    those).

    SQLite in WAL mode trusts the pages it holds and goes on writing into its journal beside a
    file overwritten with garbage, which the next start then refuses: reading the header
    tells the fault while the bot runs.
    """
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except OSError:
        return ""
    if head and head != SQLITE_HEADER:
        return f"{path} is not a SQLite database any more (something was written over it)"
    return ""


def identity(path: Path) -> tuple[int, int] | None:
    """Return the (device, inode) of the file at `path`, or None if there is none."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)


def subscription_row(db: sqlite3.Connection, channel: str) -> SubscriptionRow | None:
    """Return `channel`'s subscription as `db` holds it now, or None if it has none."""
    row = db.execute(
        f"SELECT {_SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE channel = ?", (channel,)
    ).fetchone()
    return None if row is None else tuple(row)


def not_ours(db: sqlite3.Connection) -> str:
    """Return why the open database is not the bot's state file, or "" if it is (or is empty)."""
    tables = {
        str(name)
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    for table in sorted(tables & COLUMNS.keys()):
        # The table name comes from COLUMNS, never from the file.
        have = {str(row[1]) for row in db.execute(f"PRAGMA table_info({table})")}
        lacking = sorted(COLUMNS[table] - have)
        if lacking:
            return f"its table '{table}' is another program's (no column {lacking[0]!r})"
    foreign = sorted(tables - COLUMNS.keys())
    if foreign and not _made_by_the_bot(db, tables):
        return f"it holds another program's tables ({', '.join(foreign[:5])})"
    return ""


def _made_by_the_bot(db: sqlite3.Connection, tables: set[str]) -> bool:
    if "store_file" not in tables:
        return False
    return db.execute("SELECT 1 FROM store_file WHERE key = 'id'").fetchone() is not None


@dataclass
class Known:
    """The subscriptions and versions the process knows of (a channel mapped to None: one it
    unsubscribed since the copy was last read whole)."""

    subscriptions: dict[str, SubscriptionRow | None] = field(default_factory=dict)
    versions: dict[int, VersionRow] = field(default_factory=dict)

    @classmethod
    def read(cls, db: sqlite3.Connection) -> Known:
        """Read the copy whole from a file (raises sqlite3.Error if it cannot be read)."""
        subs = db.execute(f"SELECT {_SUBSCRIPTION_COLUMNS} FROM subscriptions").fetchall()
        # Only the newest snapshot: the one the next version is compared with.
        versions = db.execute(
            "SELECT seq, hash, created, CASE WHEN seq = (SELECT MAX(seq) FROM versions) "
            "THEN snapshot END, changes, visible FROM versions"
        ).fetchall()
        return cls(
            {str(row[0]): tuple(row) for row in subs},
            {int(row[0]): tuple(row) for row in versions},
        )

    @property
    def live(self) -> int:
        """Return how many subscriptions the copy holds."""
        return sum(row is not None for row in self.subscriptions.values())

    def note_version(self, row: VersionRow) -> None:
        """Add a version just recorded; it alone keeps its snapshot (the file drops the rest
        in time too, and a copy holds only what the next comparison needs)."""
        for seq, old in self.versions.items():
            if old[3] is not None:
                self.versions[seq] = (*old[:3], None, *old[4:])
        self.versions[int(str(row[0]))] = row

    def merged_into(self, fresher: Known) -> Known:
        """Return `fresher` (read whole from a file just now) with this copy's removals of
        channels it does not hold, and this copy's versions it lacks."""
        removed = {c: None for c, row in self.subscriptions.items() if row is None}
        subscriptions = {**removed, **fresher.subscriptions}
        return Known(subscriptions, {**self.versions, **fresher.versions})

    def write_back(self, db: sqlite3.Connection) -> None:
        """Write the copy into `db` in one transaction: its rows win over the file's, except
        that the last version announced in a channel never goes back; versions the file
        already numbers are left as they are."""
        rows = [row for row in self.subscriptions.values() if row is not None]
        gone = [(channel,) for channel, row in self.subscriptions.items() if row is None]
        db.execute("BEGIN IMMEDIATE")
        try:
            _insert_versions(db, self.versions.values())
            db.executemany(
                f"INSERT INTO subscriptions ({_SUBSCRIPTION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (channel) DO UPDATE SET platform = excluded.platform, "
                "target = excluded.target, since = excluded.since, "
                "last_seq = MAX(last_seq, excluded.last_seq), paused = excluded.paused",
                rows,
            )
            db.executemany("DELETE FROM subscriptions WHERE channel = ?", gone)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


def _insert_versions(db: sqlite3.Connection, versions: Iterable[VersionRow]) -> None:
    db.executemany(
        "INSERT OR IGNORE INTO versions (seq, hash, created, snapshot, changes, visible) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        list(versions),
    )
