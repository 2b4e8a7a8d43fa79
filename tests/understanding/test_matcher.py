"""Finding what a question names: the states, people and context around them."""

from __future__ import annotations

import pytest

from bot.knowledge.models import KnowledgeBase
from bot.understanding.matcher import Index, MatchPolicy


@pytest.fixture(scope="module")
def index(kb: KnowledgeBase) -> Index:
    return Index.build(kb, MatchPolicy())


def _named(index: Index, question: str) -> list[str]:
    return [m.entity_id for m in index.read(question).mentions]


@pytest.mark.parametrize(
    ("question", "named"),
    [
        # the other side of a deal is the accords, not Israel's own record
        ("why sign a deal with israel?", []),
        ("will oman recognize israel?", ["oman"]),
        ("why did the uae make peace with israel", ["uae"]),
        # Israel as the subject stays named
        ("what did israel get?", ["israel"]),
        ("is israel a party?", ["israel"]),
        # the Palestinians are never the other side of a deal
        ("what does this mean for a solution with the palestinians?", ["palestinians"]),
    ],
)
def test_the_party_to_every_deal_is_context_as_its_other_side(
    index: Index, question: str, named: list[str]
) -> None:
    assert _named(index, question) == named
