"""Small rules read straight off the facts: what a sentence can answer, how long a deal took."""

from __future__ import annotations

import pytest

from bot.answering.durations import days_to_sign
from bot.answering.kinds_of_text import text_kinds
from bot.knowledge.models import KnowledgeBase
from bot.understanding.kinds import Kind


@pytest.mark.parametrize(
    ("text", "kind", "answers"),
    [
        ("Foreign Minister Yair Lapid opened the embassy.", Kind.PERSON, True),
        ("The embassy opened.", Kind.PERSON, False),
        ("an arms package of about 23 billion dollars", Kind.COUNT, True),
        ("signed on 5 January 2021", Kind.COUNT, False),  # a date is not an amount
        ("signed at the White House", Kind.PLACE, True),
        ("Abbas called the deal a betrayal.", Kind.VIEWS, True),
        ("The US offered recognition in return.", Kind.TERMS, True),
    ],
)
def test_a_sentence_answers_the_kinds_its_own_words_show(
    text: str, kind: Kind, answers: bool
) -> None:
    assert (kind in text_kinds(text)) is answers


def test_days_to_sign_count_from_announcement_to_signing(kb: KnowledgeBase) -> None:
    """The UAE: announced 13 August 2020, signed 15 September 2020; Kazakhstan never signed."""
    members = {m.id: m for m in kb.members}
    assert days_to_sign(members["uae"]) == 33
    assert days_to_sign(members["kazakhstan"]) is None
