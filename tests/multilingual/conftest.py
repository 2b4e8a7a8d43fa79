"""The engine with the language layer wired in as the engine will wire it."""

from __future__ import annotations

import pytest

from bot.answer import Answer
from bot.answering.multilingual import Multilingual
from bot.engine import Engine
from bot.knowledge.models import KnowledgeBase
from bot.state import ConversationState


class MultilingualEngine(Engine):
    """The real engine, asked through `Multilingual.prepare` and answered through `localize`."""

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__(kb)
        self.multilingual = Multilingual(kb)

    def _ask(self, question: str, state: ConversationState) -> tuple[Answer, ConversationState]:
        english, language = self.multilingual.prepare(question)
        answer, new_state = super()._ask(english, state)
        return self.multilingual.localize(answer, language, question), new_state


@pytest.fixture(scope="session")
def ml_engine(kb: KnowledgeBase) -> MultilingualEngine:
    """The multilingual engine over the frozen facts."""
    return MultilingualEngine(kb)


@pytest.fixture(scope="session")
def multilingual(ml_engine: MultilingualEngine) -> Multilingual:
    """The language layer of the frozen facts."""
    return ml_engine.multilingual
