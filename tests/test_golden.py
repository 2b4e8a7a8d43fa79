"""The golden question table, one pytest case per category, against each category's bar.

A fact test: it runs the served facts' own table on them (KNOWLEDGE_DIR, else the shipped).

`accords-bot check` runs the same table for maintainers; here a regression names its
category (and its failing questions) in the test report.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.quality.golden import GoldenCase, bar_for, load_golden, run_golden
from tests.helpers import served_facts_dir

pytestmark = pytest.mark.facts

_CASES = load_golden(served_facts_dir() / "golden" / "questions.yaml")
_CATEGORIES = sorted({case.category for case in _CASES})


def _of(category: str) -> list[GoldenCase]:
    return [case for case in _CASES if case.category == category]


def test_the_table_is_not_empty() -> None:
    """The served table has cases in several categories (a broken loader would give none)."""
    assert len(_CASES) > 100 and len(_CATEGORIES) > 3


@pytest.mark.parametrize("category", _CATEGORIES)
def test_golden_category_meets_its_bar(served_engine: Engine, category: str) -> None:
    """Each category's share of passing questions is at least its bar (100 % for some)."""
    result = run_golden(served_engine, _of(category))[category]
    assert result.rate >= bar_for(category), "\n".join(result.failures)
