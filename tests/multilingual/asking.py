"""Answers in other languages from the frozen-facts engine, for the renderers' tests."""

from __future__ import annotations

from bot.answer import Answer
from bot.answering.multilingual import Multilingual
from tests.helpers import facts_engine

RUSSIAN_ANSWERED = "Когда присоединился Марокко?"
RUSSIAN_UNKNOWN = "что такое фыва олдж?"
ARABIC_ANSWERED = "متى انضم المغرب؟"
FSI, PDI = "\u2068", "\u2069"


def answer_to(question: str) -> Answer:
    """Return the frozen-facts engine's answer to `question`, its labels the ones renderers use."""
    engine = facts_engine()
    # Renderers read the labels of the last language layer built; another test may have built
    # one over an edited copy of the files, so build the frozen-facts one again.
    Multilingual(engine.kb)
    return engine.ask(question).answer
