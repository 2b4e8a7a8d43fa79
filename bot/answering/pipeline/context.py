"""What every route and check of the pipeline works from: the tools and one asking.

`Tools` holds the engine's parts a route may use (the facts, the reader's index, the ranked
claims, the phrasing route, the composers); `Asking` holds one question as read once: the
reading, the ranked claims, and what the question names. Both are built once and never changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from bot.answer import Answer, Status
from bot.answering.by_kind import Asked, KindRoutes
from bot.answering.checks import DETAIL_LACKING
from bot.answering.claim_answers import ClaimAnswers
from bot.answering.claims import ClaimChooser
from bot.answering.decide import one_subject, pick_units
from bot.answering.intent_route import IntentRoute
from bot.answering.policy import RankPolicy
from bot.answering.replies import Replies
from bot.answering.retrieve import Hit, UnitIndex
from bot.answering.units import Unit
from bot.knowledge.models import EntityKind, KnowledgeBase, Member, Related
from bot.state import ConversationState
from bot.understanding.kind_model import KindGuess
from bot.understanding.kinds import Kind
from bot.understanding.matcher import Analysis, Index, MatchPolicy
from bot.understanding.reading import Reading
from bot.understanding.topics import topics_in

Proposal = tuple[Answer, ConversationState]
"""An answer a route proposes and the conversation state to keep if it is given."""

DETAIL_KINDS = frozenset(
    {Kind.DOCUMENT, Kind.PERSON, Kind.PLACE, Kind.DATE, Kind.TERMS, Kind.VIEWS, Kind.COUNT}
)
"""Kinds that ask more than whether states are in ("did Morocco sign the same declaration")."""


@dataclass(frozen=True, slots=True)
class Tools:
    """The parts of one engine the routes and checks use."""

    kb: KnowledgeBase
    index: Index
    units: UnitIndex
    intents: IntentRoute
    claims: ClaimChooser
    claim_answers: ClaimAnswers
    replies: Replies
    policy: MatchPolicy
    rank_policy: RankPolicy
    members: Mapping[str, Member]
    related: Mapping[str, Related]
    kinds: KindRoutes
    """The answers of the kind the model reads, which the revisions weigh."""

    def is_country(self, entity: str) -> bool:
        """Return whether `entity` is a member or a country outside the accords."""
        if entity in self.members:
            return True
        return entity in self.related and self.related[entity].kind == EntityKind.COUNTRY


@dataclass(frozen=True, slots=True)
class Asking:
    """One question as read once: what every route and check decides on."""

    shown: str
    analysis: Analysis
    reading: Reading
    state: ConversationState
    hits: Sequence[Hit]
    units: list[Unit]
    """The claims that answer the question on their own, when they clearly do."""
    evidence: bool
    """Whether the question names anything of the base: a record, the accords or a topic."""
    countries: tuple[str, ...]
    """The states the question names, members or not."""
    guess: KindGuess
    """The kinds the model reads the question as asking, each with its probability."""

    @property
    def asked(self) -> Asked:
        """Return the question as the routes of the kind read see it."""
        return Asked(self.shown, self.reading, self.guess, self.state)


def asking(
    tools: Tools,
    shown: str,
    analysis: Analysis,
    reading: Reading,
    state: ConversationState,
    guess: KindGuess,
) -> Asking:
    """Read the question's claims once: rank them and keep the ones that answer on their own."""
    hits = tools.units.rank(reading)
    evidence = bool(analysis.mentions or reading.names_accords) or bool(
        topics_in(analysis.normalized)
    )
    units = _answering_units(tools, hits, reading, evidence)
    countries = tuple(e for e in reading.entities if tools.is_country(e))
    return Asking(shown, analysis, reading, state, hits, units, evidence, countries, guess)


def _answering_units(
    tools: Tools, hits: Sequence[Hit], reading: Reading, evidence: bool
) -> list[Unit]:
    """Return the claims that answer on their own: none when the question names nothing of
    the base and they cover little of it, or when it says "it" with nothing to refer to."""
    policy = tools.rank_policy
    units = pick_units(hits, reading, policy)
    if not evidence and units and hits[0].coverage < policy.unnamed_coverage:
        return []
    if reading.entities or reading.people or not reading.refers_back:
        return units
    # "is it a member?" with nothing to refer to: the phrasing route asks back, unless the
    # question itself settles whose claim it is ("… recognise its sovereignty …") or names
    # the accords, whose general claims "it" may mean ("who handles it")
    settled = (len(reading.focus) >= 3 and one_subject(hits, policy)) or (
        reading.names_accords and bool(hits) and hits[0].unit.subject is None
    )
    return units if settled else []


def lacking(tools: Tools, asking: Asking, answer: Answer, said: str) -> Proposal:
    """Return the refusal saying the facts lack the detail asked (`said`), keeping `answer`'s
    suggestions: no later route overrides it."""
    refusal = tools.replies.no_answer(asking.shown, said, answer.suggestions, intent=DETAIL_LACKING)
    return refusal, asking.state


def state_after(answer: Answer, reading: Reading, state: ConversationState) -> ConversationState:
    """Return the conversation state an answer leaves: its subject and records, for "and
    Sudan?" and "why?" next; a refusal leaves the state as it was."""
    if answer.status is not Status.ANSWERED:
        return state
    subject = reading.entities[0] if reading.entities else state.entity_id
    return ConversationState(entity_id=subject, fact_ids=answer.fact_ids, score=answer.score)


def with_subject(state: ConversationState, reading: Reading) -> ConversationState:
    """Return `state` remembering the one state a question named when its answer did not (a
    topic's): what "it" means next ("why did Sudan sign?" then "is its deal done?")."""
    if state.entity_id is not None or len(reading.entities) != 1:
        return state
    return replace(state, entity_id=reading.entities[0])
