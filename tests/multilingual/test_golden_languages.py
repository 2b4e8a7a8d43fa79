"""The golden table of each language, run through the multilingual engine."""

from __future__ import annotations

import pytest

from bot.config import shipped_knowledge_dir
from bot.golden import bar_for, load_golden, run_golden
from tests.multilingual.conftest import MultilingualEngine

_TABLES = sorted((shipped_knowledge_dir() / "golden").glob("lang-*.yaml"))


def test_every_language_has_a_golden_table() -> None:
    """ar, he, ru, kk, fr, es and de each keep their own table."""
    assert {p.stem for p in _TABLES} == {f"lang-{c}" for c in "ar he ru kk fr es de".split()}


@pytest.mark.parametrize("table", _TABLES, ids=lambda p: p.stem)
def test_language_golden_table_meets_its_bar(ml_engine: MultilingualEngine, table: object) -> None:
    """Each language's category passes its bar; failures are listed by line."""
    assert hasattr(table, "stem")
    results = run_golden(ml_engine, load_golden(table))  # type: ignore[arg-type]  # a Path
    for name, result in results.items():
        assert result.rate >= bar_for(name), result.failures
