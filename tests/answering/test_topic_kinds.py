"""What a topic's answer states is what the model reads its own questions as asking."""

from __future__ import annotations

from bot.answering.topic_kinds import topic_kinds
from bot.engine import Engine
from bot.knowledge.corpus import QuestionKind as Q
from bot.knowledge.models import KnowledgeBase
from bot.understanding.kind_model import KindGuess


class _Reader:
    """Reads a question as the kind its first word says, and as nothing when none does."""

    def guess(self, text: str) -> KindGuess:
        first = text.split()[0].casefold() if text.split() else ""
        kind = {"what": Q.DEFINITION, "why": Q.REASONS, "who": Q.PERSON}.get(first)
        return KindGuess(((kind, 0.9),)) if kind else KindGuess(())


def test_a_topic_states_the_kinds_read_first_in_its_questions(kb: KnowledgeBase) -> None:
    reader = _Reader()
    stated = topic_kinds(kb, reader)
    checked = 0
    for topic in kb.topics:
        read = {reader.guess(q).top for q in topic.questions} - {None}
        if len(read) == 1:
            assert stated[topic.id] == read
            checked += 1
    assert checked


def test_a_topic_asked_all_sorts_of_ways_may_state_any(kb: KnowledgeBase) -> None:
    """Questions read as five kinds alike, none in a fifth of them: the topic is left out."""

    class _Scattered:
        def __init__(self) -> None:
            self.n = 0

        def guess(self, text: str) -> KindGuess:
            self.n += 1
            return KindGuess(((list(Q)[self.n % len(Q)], 0.9),))

    assert topic_kinds(kb, _Scattered()) == {}


def test_an_answer_on_what_they_are_gives_way_to_what_was_gained(
    answering_engine: Engine,
) -> None:
    """'What did they get out of the accords?' is not answered with what the accords are."""
    answer = answering_engine.ask("what did they get out of the abraham accords").answer
    assert answer.intent.startswith("finding_gain")
