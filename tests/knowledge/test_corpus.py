"""The labelled question corpus: its format checked entry by entry, with file:line problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import KnowledgeErrors
from bot.knowledge.corpus import OfftopicReason, QuestionKind, corpus_digest, load_corpus

_IDS = frozenset({"uae", "morocco", "trump"})


def _write(root: Path, text: str, name: str = "en-test.yaml") -> Path:
    folder = root / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return root


def _problems(root: Path) -> list[str]:
    with pytest.raises(KnowledgeErrors) as caught:
        load_corpus(root, _IDS)
    return [f"{e.line}: {e.problem}" for e in caught.value.errors]


_GOOD = """language: en
origin: written
entries:
  - q: "why did the uae even sign"
    kinds: [reasons, date]
    subjects: [uae]
    operator: yesno
    time: "2020"
  - q: "best couscous in rabat?"
    kinds: [offtopic]
    subjects: [morocco]
    offtopic: near_miss
  - q: "what is it all about"
    kinds: [definition]
    subjects: [accords]
"""


def test_a_valid_file_loads_every_field(tmp_path: Path) -> None:
    """Each entry keeps its question, kinds in order, subjects, time, operator and reason."""
    entries = load_corpus(_write(tmp_path, _GOOD), _IDS)
    first, second, third = entries
    assert first.q == "why did the uae even sign"
    assert first.kinds == (QuestionKind.REASONS, QuestionKind.DATE)
    assert first.kind is QuestionKind.REASONS
    assert (first.subjects, first.time, first.operator) == (("uae",), "2020", "yesno")
    assert first.language == "en" and first.origin == "written"
    assert first.where.endswith("en-test.yaml:4")
    assert second.offtopic is OfftopicReason.NEAR_MISS
    assert third.subjects == ("accords",)


def test_every_mistake_is_reported_at_its_line(tmp_path: Path) -> None:
    """Unknown kinds, subjects, fields and operators, and misplaced reasons, each at its line."""
    root = _write(
        tmp_path,
        """language: en
origin: written
entries:
  - q: "a"
    kinds: [why]
  - q: "b"
    kinds: [date]
    subjects: [atlantis]
  - q: "c"
    kinds: [date]
    offtopic: near_miss
  - q: "d"
    kinds: [offtopic]
  - q: "e"
    kinds: [offtopic, date]
    offtopic: unrelated
  - q: "f"
    kinds: [date]
    colour: red
    operator: sideways
  - kinds: [date]
""",
    )
    problems = _problems(root)
    assert any(p.startswith("5: kinds: unknown kind 'why'") for p in problems)
    assert any(p.startswith("8: subjects: 'atlantis'") for p in problems)
    assert any(p.startswith("11: offtopic: only for") for p in problems)
    assert any(p.startswith("12: offtopic: one of") for p in problems)
    assert any("offtopic stands alone" in p for p in problems)
    assert any(p.startswith("19: unknown field 'colour'") for p in problems)
    assert any(p.startswith("20: operator: one of") for p in problems)
    assert any(p.startswith("21: q:") for p in problems)


def test_a_field_given_twice_is_reported(tmp_path: Path) -> None:
    """YAML keeps the last of two equal keys silently: the second is reported at its line."""
    root = _write(
        tmp_path,
        """language: en
origin: written
entries:
  - {q: "did they sign first", kinds: [date], operator: first, operator: yesno}
""",
    )
    assert any("'operator' is given twice" in p for p in _problems(root))


def test_the_file_header_is_checked(tmp_path: Path) -> None:
    """A language or origin outside the lists, or no entries, is a problem of the file."""
    problems = _problems(_write(tmp_path, "language: xx\norigin: dreamt\nentries: []\n"))
    assert any("language: one of" in p for p in problems)
    assert any("origin: one of" in p for p in problems)
    assert any("entries: a non-empty list" in p for p in problems)


def test_the_digest_follows_the_files(tmp_path: Path) -> None:
    """The corpus digest changes when a question is added, so a stale model is noticed."""
    root = _write(tmp_path, _GOOD)
    before = corpus_digest(root)
    _write(root, _GOOD + '  - q: "and morocco?"\n    kinds: [reasons]\n')
    assert corpus_digest(root) != before
