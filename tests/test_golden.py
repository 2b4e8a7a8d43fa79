"""The golden question table, one pytest case per category, against each category's bar.

`accords-bot check` runs the same table for maintainers; here a regression names its
category (and its failing questions) in the test report.
"""

from __future__ import annotations

import pytest

from bot.config import shipped_knowledge_dir
from bot.engine import Engine
from bot.golden import GoldenCase, bar_for, load_golden, run_golden

_CASES = load_golden(shipped_knowledge_dir() / "golden" / "questions.yaml")
_CATEGORIES = sorted({case.category for case in _CASES})


def _of(category: str) -> list[GoldenCase]:
    return [case for case in _CASES if case.category == category]


def test_the_table_is_not_empty() -> None:
    """The shipped table has cases in several categories (a broken loader would give none)."""
    assert len(_CASES) > 100 and len(_CATEGORIES) > 3


@pytest.mark.parametrize("category", _CATEGORIES)
def test_golden_category_meets_its_bar(engine: Engine, category: str) -> None:
    """Each category's share of passing questions is at least its bar (100 % for some)."""
    result = run_golden(engine, _of(category))[category]
    assert result.rate >= bar_for(category), "\n".join(result.failures)
