"""The answer lock: what each golden question was answered at the last accepted run.

`knowledge/golden/answers.lock.json` is kept in git beside the golden tables. For every case
it records the answer's status, its kind (the intent) and the record ids it rests on, and
whether the case passed. `accords-bot check` compares today's answers with the lock, lists
every answer that moved and fails on one that got worse, until the lock is updated on purpose
(`accords-bot check --update`). Pure: the caller reads and writes the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.engine import Engine
from bot.quality.golden import GoldenCase, judge
from bot.state import ConversationState

LOCK_NAME = "answers.lock.json"
"""The lock's file name, in the golden tables' folder."""


@dataclass(frozen=True, slots=True)
class LockedTurn:
    """One answer as the lock keeps it: its status, kind and record ids."""

    status: str
    kind: str
    facts: tuple[str, ...]

    def describe(self) -> str:
        """Return the answer in a few words: `answered member_when [morocco]`."""
        return f"{self.status} {self.kind or '-'} [{', '.join(self.facts)}]"


@dataclass(frozen=True, slots=True)
class LockedCase:
    """Every turn of one golden case and whether the case passed."""

    turns: tuple[LockedTurn, ...]
    passes: bool


@dataclass(frozen=True, slots=True)
class Move:
    """A case whose answer differs from the lock; `worse` when it lost ground."""

    key: str
    before: LockedCase | None
    after: LockedCase | None
    worse: bool

    def describe(self) -> str:
        """Return one line: what moved, from what to what."""
        if self.before is None:
            return f"new: {self.key}"
        if self.after is None:
            return f"gone: {self.key}"
        tag = "worse" if self.worse else "moved"
        pairs = zip(self.before.turns, self.after.turns, strict=False)
        changes = [f"{b.describe()} -> {a.describe()}" for b, a in pairs if b != a]
        if self.before.passes != self.after.passes:
            changes.append("now passes" if self.after.passes else "now fails")
        return f"{tag}: {self.key}: {'; '.join(changes)}"


def case_key(table: str, case: GoldenCase) -> str:
    """Return the lock's key of `case` in the table named `table`: its questions."""
    return f"{table} | " + " => ".join(turn.question for turn in case.turns)


def record_answers(engine: Engine, tables: dict[str, list[GoldenCase]]) -> dict[str, LockedCase]:
    """Ask every case of every table and return what the lock would keep for it."""
    out: dict[str, LockedCase] = {}
    for table, cases in tables.items():
        for case in cases:
            state = ConversationState()
            turns, passes = [], True
            for turn in case.turns:
                reply = engine.ask(turn.question, state)
                state = reply.state
                answer = reply.answer
                passes = passes and judge(answer, turn) is None
                facts = tuple(sorted(set(answer.fact_ids)))
                turns.append(LockedTurn(answer.status.value, answer.intent, facts))
            key = case_key(table, case)
            if key in out:  # the same question twice in a table: tell them apart by line
                key = f"{key} (line {case.line})"
            out[key] = LockedCase(tuple(turns), passes)
    return out


def _is_worse(before: LockedCase, after: LockedCase) -> bool:
    """A case lost ground: it passed and fails now, or an answer became no answer."""
    if before.passes and not after.passes:
        return True
    return any(
        b.status == "answered" and a.status != "answered"
        for b, a in zip(before.turns, after.turns, strict=False)
    )


def compare(locked: dict[str, LockedCase], now: dict[str, LockedCase]) -> list[Move]:
    """Return every case that differs from the lock, in the lock's order, new ones last."""
    moves = []
    for key, before in locked.items():
        after = now.get(key)
        if after is None:
            moves.append(Move(key, before, None, worse=False))
        elif after != before:
            moves.append(Move(key, before, after, worse=_is_worse(before, after)))
    moves.extend(Move(key, None, now[key], worse=False) for key in now if key not in locked)
    return moves


def dump_lock(cases: dict[str, LockedCase]) -> str:
    """Return the lock's text: JSON, one case a line, so a change reads as a one-line diff."""
    lines = []
    for key, case in cases.items():
        value: dict[str, Any] = {
            "passes": case.passes,
            "turns": [
                {"status": t.status, "kind": t.kind, "facts": list(t.facts)} for t in case.turns
            ],
        }
        lines.append(f"  {json.dumps(key, ensure_ascii=False)}: {json.dumps(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


class LockError(ValueError):
    """The lock file is not a lock this module wrote."""


def _turn(raw: Any) -> LockedTurn:
    if not isinstance(raw, dict) or not isinstance(raw.get("facts"), list):
        raise LockError("a turn needs status, kind and facts")
    return LockedTurn(str(raw["status"]), str(raw.get("kind", "")), tuple(map(str, raw["facts"])))


def load_lock(text: str) -> dict[str, LockedCase]:
    """Read a lock's text; raise LockError when it is malformed."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LockError(f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise LockError("not a JSON object of cases")
    out = {}
    for key, raw in data.items():
        if not isinstance(raw, dict) or not isinstance(raw.get("turns"), list):
            raise LockError(f"{key!r}: needs passes and turns")
        out[str(key)] = LockedCase(tuple(_turn(t) for t in raw["turns"]), bool(raw.get("passes")))
    return out
