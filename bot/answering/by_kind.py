"""Routes chosen by the kind a question asks, as the learned model reads it.

The model gives each kind a probability (`bot.understanding.kind_model`). The routes here are
tried in order: before the rest of the pipeline, a question plainly about something else is
refused; after it, a question the pipeline could not answer is answered by the kind it asks
about the record it names ("which states r in it rn", "when did it happen for sudan"). The
off-topic probability never refuses alone: a question that names the accords, or that the
model also reads as asking something of them, is not refused here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot import wording
from bot.answer import Answer
from bot.answering.intent_route import IntentRoute
from bot.answering.list_answers import members_answer
from bot.answering.policy import KindPolicy
from bot.answering.replies import Replies
from bot.intents import IntentName
from bot.knowledge.corpus import QuestionKind
from bot.knowledge.models import KnowledgeBase
from bot.state import ConversationState
from bot.understanding.kind_model import KindGuess
from bot.understanding.reading import Reading


@dataclass(frozen=True, slots=True)
class Asked:
    """One question as the routes see it: as shown, as read, its kinds and the conversation."""

    shown: str
    reading: Reading
    guess: KindGuess
    state: ConversationState


Route = Callable[[Asked], Answer | None]

_ABOUT_A_STATE: dict[QuestionKind, IntentName] = {
    QuestionKind.MEMBERSHIP: IntentName.MEMBER_IS,
    QuestionKind.DATE: IntentName.MEMBER_WHEN,
    QuestionKind.PLACE: IntentName.MEMBER_WHERE,
    QuestionKind.SIGNATORIES: IntentName.MEMBER_SIGNERS,
    QuestionKind.STATUS: IntentName.MEMBER_STATUS,
    QuestionKind.TEXTS: IntentName.MEMBER_DOCUMENTS,
    QuestionKind.GAINS: IntentName.MEMBER_OFFERED,
}
"""A kind asked about one member, and the answer about that member that gives it."""

_ABOUT_THE_SET = frozenset({QuestionKind.MEMBERS, QuestionKind.COUNT})


class KindRoutes:
    """The routes that decide on the kind asked, before and after the rest of the pipeline."""

    def __init__(
        self,
        kb: KnowledgeBase,
        intents: IntentRoute,
        replies: Replies,
        policy: KindPolicy | None = None,
    ) -> None:
        self.kb = kb
        self.intents = intents
        self.replies = replies
        self.policy = policy or KindPolicy()
        self._members = frozenset(m.id for m in kb.members)
        self._first: tuple[Route, ...] = (self.outside,)
        self._last: tuple[Route, ...] = (self.about_the_set, self.about_a_member)

    def before(self, asked: Asked) -> Answer | None:
        """Return the first proposal of the routes tried before the pipeline, or None."""
        return _first_of(self._first, asked)

    def after(self, asked: Asked) -> Answer | None:
        """Return the first proposal of the routes tried when the pipeline did not answer."""
        return _first_of(self._last, asked)

    def outside(self, asked: Asked) -> Answer | None:
        """Refuse a question the model reads as plainly about something else."""
        guess, policy = asked.guess, self.policy
        if guess.top is not QuestionKind.OFFTOPIC or asked.reading.names_accords:
            return None
        if guess.p(QuestionKind.OFFTOPIC) < policy.offtopic_floor:
            return None
        if any(p >= policy.on_topic_floor for k, p in guess.ranked[1:]):
            return None
        return self.replies.no_answer(asked.shown, wording.OUTSIDE_THE_ACCORDS)

    def about_the_set(self, asked: Asked) -> Answer | None:
        """List the members for a question about the set the pipeline did not answer."""
        top = self._confident(asked.guess)
        reading = asked.reading
        if top not in _ABOUT_THE_SET or reading.entities or reading.people:
            return None
        return members_answer(self.kb, asked.shown)

    def about_a_member(self, asked: Asked) -> Answer | None:
        """Answer the kind asked about the one member named, when the pipeline did not."""
        top = self._confident(asked.guess)
        named = [e for e in asked.reading.entities if e in self._members]
        if top not in _ABOUT_A_STATE or len(named) != 1:
            return None
        return self.intents.entity_answer(asked.shown, named[0], _ABOUT_A_STATE[top])

    def _confident(self, guess: KindGuess) -> QuestionKind | None:
        top = guess.top
        if top is None or guess.p(top) < self.policy.fallback_floor:
            return None
        if guess.p(QuestionKind.OFFTOPIC) >= self.policy.on_topic_floor:
            return None
        return top


def _first_of(routes: tuple[Route, ...], asked: Asked) -> Answer | None:
    for route in routes:
        proposal = route(asked)
        if proposal is not None:
            return proposal
    return None
