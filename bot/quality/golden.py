"""The golden question table: load it, run it through the engine, and judge each category.

The table (`knowledge/golden/questions.yaml`) is maintained with the facts. Categories in
`MUST_NEVER` guard against the worst failures (a non-member called a member, an off-topic
question answered, a look-alike answered with accords facts) and must pass completely.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.answer import Answer
from bot.engine import Engine
from bot.errors import KnowledgeError, KnowledgeErrors
from bot.knowledge.golden_file import golden_entries
from bot.state import ConversationState

MUST_NEVER: frozenset[str] = frozenset({"non_members", "off_topic", "lookalikes"})
DEFAULT_BAR = 0.90
PASS_BARS: dict[str, float] = {"typos": 0.85, "slang": 0.85, "paraphrases": 0.80}


@dataclass(frozen=True, slots=True)
class Turn:
    """One question of a case and what its answer must satisfy."""

    question: str
    status: str
    facts: tuple[str, ...] = ()
    not_facts: tuple[str, ...] = ()
    intent: str | None = None


@dataclass(frozen=True, slots=True)
class GoldenCase:
    """A single question, or a conversation of several turns."""

    category: str
    turns: tuple[Turn, ...]
    line: int


@dataclass
class CategoryResult:
    """How one category fared."""

    passed: int = 0
    total: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Return the share of cases that passed."""
        return self.passed / self.total if self.total else 1.0


def bar_for(category: str) -> float:
    """Return the pass bar of `category`."""
    return 1.0 if category in MUST_NEVER else PASS_BARS.get(category, DEFAULT_BAR)


def _turn(raw: Any, path: str, line: int) -> Turn:
    if not isinstance(raw, dict) or "q" not in raw or "expect" not in raw:
        raise KnowledgeErrors([KnowledgeError(path, line, 1, "a turn needs 'q' and 'expect'")])
    expect = raw["expect"] or {}
    status = str(expect.get("status", ""))
    if status not in ("answered", "clarify", "no_answer"):
        raise KnowledgeErrors([KnowledgeError(path, line, 1, f"unknown status {status!r}")])
    return Turn(
        question=str(raw["q"]),
        status=status,
        facts=tuple(str(f) for f in expect.get("facts", []) or []),
        not_facts=tuple(str(f) for f in expect.get("not_facts", []) or []),
        intent=str(expect["intent"]) if expect.get("intent") else None,
    )


def load_golden(path: Path) -> list[GoldenCase]:
    """Read the golden table; raise KnowledgeErrors on a malformed entry."""
    shown = str(path)
    cases: list[GoldenCase] = []
    for line, raw in golden_entries(path):
        category = str(raw.get("category", "uncategorised"))
        if "conversation" in raw:
            turns = tuple(_turn(t, shown, line) for t in raw["conversation"])
        else:
            turns = (_turn(raw, shown, line),)
        cases.append(GoldenCase(category, turns, line))
    return cases


def judge(answer: Answer, turn: Turn) -> str | None:
    """Return why `answer` fails `turn`, or None if it passes."""
    problems = []
    if answer.status.value != turn.status:
        problems.append(f"status {answer.status.value} (expected {turn.status})")
    missing = [f for f in turn.facts if f not in answer.fact_ids]
    if missing:
        problems.append(f"missing facts {missing} (got {list(answer.fact_ids)[:6]})")
    wrong = [f for f in turn.not_facts if f in answer.fact_ids]
    if wrong:
        problems.append(f"forbidden facts {wrong}")
    if (
        turn.intent
        and answer.intent != turn.intent
        and not (turn.intent == "topic" and answer.intent == "topic")
    ):
        problems.append(f"intent {answer.intent} (expected {turn.intent})")
    return "; ".join(problems) or None


def run_golden(engine: Engine, cases: list[GoldenCase]) -> dict[str, CategoryResult]:
    """Run every case through `engine` and collect results per category."""
    results: dict[str, CategoryResult] = defaultdict(CategoryResult)
    for case in cases:
        state = ConversationState()
        failure = None
        for turn in case.turns:
            reply = engine.ask(turn.question, state)
            state = reply.state
            why = judge(reply.answer, turn)
            if why:
                failure = f"line {case.line}: {turn.question!r}: {why}"
                break
        result = results[case.category]
        result.total += 1
        if failure:
            result.failures.append(failure)
        else:
            result.passed += 1
    return dict(sorted(results.items()))


def summary_lines(results: dict[str, CategoryResult]) -> list[str]:
    """Return one line per category: passed/total, rate, bar, and a verdict."""
    lines = []
    for name, r in results.items():
        bar = bar_for(name)
        verdict = "ok" if r.rate >= bar else "FAIL"
        lines.append(
            f"{name:<16} {r.passed:>4}/{r.total:<4} {r.rate:6.1%}  (bar {bar:.0%})  {verdict}"
        )
    total = sum(r.total for r in results.values())
    passed = sum(r.passed for r in results.values())
    lines.append(f"{'all':<16} {passed:>4}/{total:<4} {passed / max(total, 1):6.1%}")
    return lines


def all_pass(results: dict[str, CategoryResult]) -> bool:
    """Return True when every category meets its bar."""
    return all(r.rate >= bar_for(name) for name, r in results.items())
