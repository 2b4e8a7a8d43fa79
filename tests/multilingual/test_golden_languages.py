"""The golden table of each language, run through the multilingual engine on the served facts
(a fact test: KNOWLEDGE_DIR, else the shipped ones)."""

from __future__ import annotations

import pytest

from bot.knowledge.models import KnowledgeBase
from bot.quality.golden import bar_for, load_golden, run_golden
from tests.helpers import served_facts_dir
from tests.multilingual.conftest import MultilingualEngine

pytestmark = pytest.mark.facts

_TABLES = sorted((served_facts_dir() / "golden").glob("lang-*.yaml"))


@pytest.fixture(scope="module")
def served_ml_engine(served_kb: KnowledgeBase) -> MultilingualEngine:
    """The multilingual engine over the served facts, whose tables these are."""
    return MultilingualEngine(served_kb)


def test_every_language_has_a_golden_table() -> None:
    """ar, he, ru, kk, fr, es and de each keep their own table."""
    assert {p.stem for p in _TABLES} == {f"lang-{c}" for c in "ar he ru kk fr es de".split()}


@pytest.mark.parametrize("table", _TABLES, ids=lambda p: p.stem)
def test_language_golden_table_meets_its_bar(
    served_ml_engine: MultilingualEngine, table: object
) -> None:
    """Each language's category passes its bar; failures are listed by line."""
    assert hasattr(table, "stem")
    results = run_golden(served_ml_engine, load_golden(table))  # type: ignore[arg-type]  # a Path
    for name, result in results.items():
        assert result.rate >= bar_for(name), result.failures
