"""Answers in other languages from the frozen-facts engine, for the renderers' tests."""

from __future__ import annotations

from bot.answer import Answer
from tests.helpers import facts_engine

RUSSIAN_ANSWERED = "Как присоединился Марокко?"
RUSSIAN_UNKNOWN = "что такое фыва олдж?"
ARABIC_ANSWERED = "متى انضم المغرب؟"
FSI, PDI = "\u2068", "\u2069"


def answer_to(question: str) -> Answer:
    """Return the frozen-facts engine's answer to `question`, carrying its own labels."""
    return facts_engine().ask(question).answer
