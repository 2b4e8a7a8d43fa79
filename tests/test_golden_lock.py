"""The answer lock: what moved since the last accepted run, and what got worse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.quality.golden import GoldenCase, Turn
from bot.quality.golden_lock import (
    LockedCase,
    LockedTurn,
    LockError,
    compare,
    dump_lock,
    load_lock,
    record_answers,
)
from tests.helpers import child_env

ANSWERED = LockedTurn("answered", "member_when", ("morocco",))


def _case(*turns: LockedTurn, passes: bool = True) -> LockedCase:
    return LockedCase(turns, passes)


def test_the_lock_reads_back_what_it_wrote(engine: Engine) -> None:
    """Recorded answers survive a write and a read unchanged, one case per line."""
    cases = [
        GoldenCase("members", (Turn("when did morocco join?", "answered", ("morocco",)),), 1),
        GoldenCase(
            "follow_ups",
            (
                Turn("when did morocco join?", "answered", ("morocco",)),
                Turn("and sudan?", "answered", ("sudan",)),
            ),
            2,
        ),
    ]
    now = record_answers(engine, {"questions.yaml": cases})
    text = dump_lock(now)
    assert load_lock(text) == now
    assert len(text.splitlines()) == 2 + len(now)
    key = "questions.yaml | when did morocco join? => and sudan?"
    assert now[key].passes and [t.facts for t in now[key].turns] == [("morocco",), ("sudan",)]


def test_unchanged_answers_move_nothing() -> None:
    """A lock equal to today's answers lists no move."""
    assert compare({"k": _case(ANSWERED)}, {"k": _case(ANSWERED)}) == []


def test_a_passing_case_that_fails_now_is_worse() -> None:
    """A case that passed at the lock and fails now is worse, and says what changed."""
    after = _case(LockedTurn("answered", "member_when", ("sudan",)), passes=False)
    (move,) = compare({"k": _case(ANSWERED)}, {"k": after})
    assert move.worse
    assert move.describe() == (
        "worse: k: answered member_when [morocco] -> answered member_when [sudan]; now fails"
    )


def test_an_answer_that_becomes_no_answer_is_worse_even_in_a_failing_case() -> None:
    """Losing an answer is worse whether or not the case passed."""
    before = _case(ANSWERED, passes=False)
    after = _case(LockedTurn("no_answer", "", ()), passes=False)
    (move,) = compare({"k": before}, {"k": after})
    assert move.worse


def test_improvements_new_and_gone_cases_are_listed_but_not_worse() -> None:
    """A case that now passes, a new case and a removed one are moves, none of them worse."""
    locked = {"fixed": _case(ANSWERED, passes=False), "gone": _case(ANSWERED)}
    now = {"fixed": _case(ANSWERED), "new": _case(ANSWERED)}
    moves = compare(locked, now)
    assert [m.describe() for m in moves] == ["moved: fixed: now passes", "gone: gone", "new: new"]
    assert not any(m.worse for m in moves)


@pytest.mark.parametrize("text", ["not json", "[]", '{"k": {"turns": [{"status": 1}]}}'])
def test_a_malformed_lock_is_refused(text: str) -> None:
    """A lock this module did not write raises LockError, not a KeyError later."""
    with pytest.raises(LockError):
        load_lock(text)


def _check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from adapters.console.cli import main; main()", "check", *args],
        capture_output=True,
        text=True,
        env=child_env(dict(os.environ)),
        timeout=120,
        check=False,
    )


def test_check_lists_moves_and_fails_only_on_a_worse_one_until_updated(tmp_path: Path) -> None:
    """`check` names an answer that got worse and exits 1; an improvement alone exits 0;
    `check --update` accepts today's answers and the next run is clean."""
    lock = tmp_path / "answers.lock.json"
    assert _check("--lock", str(lock), "--update").returncode == 0
    cases = json.loads(lock.read_text(encoding="utf-8"))
    members = "questions.yaml | who are the members of the abraham accords?"
    weather = next(k for k, v in cases.items() if v["turns"][0]["status"] == "no_answer")
    cases[members]["passes"] = False  # it passes today: an improvement
    lock.write_text(json.dumps(cases), encoding="utf-8")
    improved = _check("--lock", str(lock))
    assert improved.returncode == 0, improved.stdout
    assert f"moved: {members}: now passes" in improved.stdout
    cases[weather]["turns"][0]["status"] = "answered"  # it is refused today: worse
    lock.write_text(json.dumps(cases), encoding="utf-8")
    worse = _check("--lock", str(lock))
    assert worse.returncode == 1
    assert f"worse: {weather}: answered" in worse.stdout
    assert "got worse than the lock" in worse.stdout.splitlines()[-1]
    assert _check("--lock", str(lock), "--update").returncode == 0
    clean = _check("--lock", str(lock))
    assert clean.returncode == 0 and "as locked" in clean.stdout
