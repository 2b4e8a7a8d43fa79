"""`check`'s answer lock on the command line: read it, list what moved, write it on `--update`.

The comparison is `bot.quality.golden_lock`'s; this module owns only the file and the printed lines.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bot.engine import Engine
from bot.quality.golden import GoldenCase
from bot.quality.golden_lock import LockError, compare, dump_lock, load_lock, record_answers

UPDATE_HINT = "accords-bot check --update"


def check_lock(
    lock: Path, engine: Engine, tables: dict[str, list[GoldenCase]], *, update: bool, out: TextIO
) -> bool:
    """Compare today's answers with `lock`, print every move, and return False when one got
    worse; with `update`, write today's answers as the new lock instead."""
    now = record_answers(engine, tables)
    if update:
        lock.write_text(dump_lock(now), encoding="utf-8")
        out.write(f"answer lock: wrote {len(now)} answers to {lock}\n")
        return True
    if not lock.is_file():
        out.write(f"answer lock: none at {lock}; record one with `{UPDATE_HINT}`\n")
        return True
    try:
        locked = load_lock(lock.read_text(encoding="utf-8"))
    except LockError as exc:
        sys.stderr.write(f"{lock}: {exc}; write it again with `{UPDATE_HINT}`\n")
        return False
    moves = compare(locked, now)
    worse = [m for m in moves if m.worse]
    if not moves:
        out.write(f"answer lock: all {len(now)} answers as locked\n")
        return True
    out.write(f"answer lock: {len(moves)} of {len(now)} answers moved since the lock:\n")
    for move in moves:
        out.write(f"  {move.describe()}\n")
    if worse:
        out.write(
            f"answer lock: {len(worse)} got worse; fix them, or accept the change on purpose "
            f"with `{UPDATE_HINT}` and commit the lock\n"
        )
    else:
        out.write(f"answer lock: none got worse; `{UPDATE_HINT}` records the moves\n")
    return not worse
