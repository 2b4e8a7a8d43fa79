"""The phrasing route: questions matched against intent phrasings with slots, then composed.

The older of the two routes to an answer: `Index` ranks stored phrasings ("when did xent
join"), the best is picked by an absolute score and a margin over the runner-up, its slot is
filled from the question or the conversation, and `bot.answering.intent_answers` composes the
record's answer. It answers overviews and lists (the members, a year's events, the debate) and
each member question; the claim route (`bot.answering.claims`) answers the details phrasings
never anticipated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot import wording
from bot.answer import Answer, Status
from bot.answering.assemble import each_answered
from bot.answering.intent_answers import IntentAnswers
from bot.answering.replies import Replies
from bot.answering.retrieve import UnitIndex
from bot.knowledge.models import ArgumentTopic, KnowledgeBase
from bot.knowledge.normalize import normalize
from bot.state import ConversationState
from bot.understanding.intents import DEBATE_INTENTS, FOLLOW_UP_WORDS, MEMBER_INTENTS, Slot
from bot.understanding.kinds import terse_follow_up
from bot.understanding.matcher import SLOT_WORDS, Analysis, Index, MatchPolicy, Scored, Target
from bot.understanding.reading import BACK_REFERENCES, refers_back_to_before
from bot.understanding.terms import term
from bot.understanding.topics import TOPIC_WORDS, topics_in
from bot.understanding.vocabulary import family

_DEFINITION_QUESTION = "what are the abraham accords"
"""The phrasing that asks what the accords are."""

# Words a phrasing shares with almost any question about a state ("… today?"): matching only
# them and a name is matching only the name.
_WEAK_MATCH = frozenset({"today", "now", "currently", "still", "these", "days"})
# A question about several states is answered for each, up to this many.
_MAX_EACH = 4


@dataclass(frozen=True, slots=True)
class _Choice:
    """A ranked answer target with its filled slot."""

    score: float
    target: Target
    entity: str | None
    words: frozenset[str] | None = None


class IntentRoute:
    """Answer a question through the intent phrasings."""

    def __init__(
        self,
        kb: KnowledgeBase,
        index: Index,
        units: UnitIndex,
        policy: MatchPolicy,
        replies: Replies,
    ) -> None:
        self.kb = kb
        self.index = index
        self.units = units
        self.policy = policy
        self.replies = replies
        self.answers = IntentAnswers(kb, replies)
        self.years = self.answers.years
        self._related = frozenset(r.id for r in kb.related)
        self._people = frozenset(p.id for p in kb.people)

    def canonical(self, target: Target, entity: str | None = None) -> str:
        """Return a question that leads back to `target` (for suggestion buttons)."""
        return self.answers.canonical(target, entity)

    def suggest_for(self, analysis: Analysis) -> tuple[str, ...]:
        """Return questions to suggest for what `analysis` names: the defaults if nothing."""
        return self.answers.suggest_for(analysis)

    def entity_answer(self, question: str, entity_id: str, intent: str) -> Answer:
        """Answer `intent` about a member, a non-member or a person."""
        return self.answers.entity_answer(question, entity_id, intent)

    def timeline(
        self, question: str, year: int, month: int | None = None, day: int | None = None
    ) -> Answer:
        """List what happened in a year, or in a month or on a day of it when named."""
        return self.answers.timeline(question, year, month, day)

    def arguments(
        self,
        question: str,
        intent: str,
        topic: ArgumentTopic | None,
        focus: frozenset[str] = frozenset(),
    ) -> Answer:
        """Present the critiques, the defences or both, on `topic` or on the accords, those
        stating most of `focus` first."""
        return self.answers.arguments(question, intent, topic, focus)

    def what_they_are(
        self, shown: str, state: ConversationState
    ) -> tuple[Answer, ConversationState]:
        """Answer what the accords are, for a question asking that in words of its own ("can
        someone explain like im 5", "abraham accords in short??")."""
        return self.by_intent(shown, self.index.read(_DEFINITION_QUESTION), state)

    def by_intent(
        self, shown: str, analysis: Analysis, state: ConversationState
    ) -> tuple[Answer, ConversationState]:
        choice = self._follow_up(analysis, state) or self._decide(analysis, state)
        if isinstance(choice, Answer):
            return replace(choice, question=shown), state
        answer = self.answers.answer_target(
            shown, choice.target, choice.entity, choice.score, analysis, state
        )
        answer = replace(answer, score=round(choice.score, 1))
        if answer.status is not Status.ANSWERED:
            return answer, state
        missing = self._uncovered(analysis, choice, answer)
        if missing:
            return self.replies.no_answer(
                shown,
                wording.nothing_about(missing[:3]),
                [self.canonical(choice.target, choice.entity), *self.suggest_for(analysis)],
                choice.score,
            ), state
        new_state = ConversationState(
            entity_id=choice.entity or (state.entity_id if choice.target.kind == "topic" else None),
            intent=choice.target.key if choice.target.kind == "intent" else None,
            year=analysis.years[0] if analysis.years else None,
            fact_ids=answer.fact_ids,
            score=answer.score,
        )
        return answer, new_state

    def _uncovered(self, analysis: Analysis, choice: _Choice, answer: Answer) -> list[str]:
        """Return the question's words that neither the matched phrasing nor the answer has.

        "What's the capital of Morocco?" matches only the name "Morocco", and nothing in
        Morocco's record is about a capital: when a name is all that matched, the question's
        distinctive words must be in the answer (QnABot's rule).
        """
        unknown = [w for w in analysis.unknown if not self.units.knows(term(w))]
        if choice.words is None or not choice.words <= SLOT_WORDS | _WEAK_MATCH:
            return []  # the phrasing matched more than a name: it says what is asked
        # Words some phrasing uses say what kind of question it is ("join", "status"); the
        # ones that only the facts know ("capital", "embassy") must be in the answer itself.
        leftover = {
            w
            for w in analysis.content - choice.words - SLOT_WORDS
            if self.index.word_weight(w) < 1.0
        } | set(unknown)  # words the facts do not know at all ("currency")
        if not leftover:
            return []
        said = answer.stated() + " " + " ".join(s.title for s in answer.sources)
        said_words = {family(w) for w in normalize(said).split()}
        return sorted(w for w in leftover if w not in said_words)

    def _follow_up(self, analysis: Analysis, state: ConversationState) -> _Choice | None:
        """Resolve "and Sudan?" / "what about 2021?" with the previous intent."""
        if state.intent is None:
            return None
        rest = [t for t in analysis.tokens if t not in FOLLOW_UP_WORDS and t not in SLOT_WORDS]
        if rest:
            return None
        slot_of = {"xent": Slot.ENTITY, "xperson": Slot.PERSON, "xyear": Slot.YEAR}
        slots = {slot_of[t] for t in analysis.tokens if t in slot_of}
        if len(slots) != 1:
            return None
        slot = slots.pop()
        if slot is Slot.ENTITY and state.intent in MEMBER_INTENTS and analysis.mentions:
            return _Choice(
                100.0, Target("intent", state.intent, Slot.ENTITY), analysis.mentions[0].entity_id
            )
        if slot is Slot.YEAR and state.intent == "timeline_year":
            return _Choice(100.0, Target("intent", "timeline_year", Slot.YEAR), None)
        if slot is Slot.PERSON and state.intent == "person" and analysis.mentions:
            return _Choice(
                100.0, Target("intent", "person", Slot.PERSON), analysis.mentions[0].entity_id
            )
        return None

    def _choices(
        self, ranked: Sequence[Scored], analysis: Analysis, state_entity: str | None
    ) -> list[_Choice]:
        mentioned = [m.entity_id for m in analysis.mentions]
        best: dict[tuple[str, str, str | None], _Choice] = {}
        for s in ranked:
            target = s.candidate.target
            if target.bound is not None and target.bound not in mentioned:
                continue
            entity: str | None = None
            if target.slot in (Slot.ENTITY, Slot.PERSON):
                kind_ok = ("person",) if target.slot is Slot.PERSON else ("member", "related")
                found = [m.entity_id for m in analysis.mentions if m.kind in kind_ok]
                entity = found[0] if found else state_entity
            key: tuple[str, str, str | None] = (target.kind, target.key, entity)
            if entity is not None and entity in self._related:
                key = ("related", "", entity)  # every member question about it has one answer
            if key not in best:
                best[key] = _Choice(s.score, target, entity, s.candidate.words)
        return sorted(best.values(), key=lambda c: c.score, reverse=True)

    def _which_country(self, question: str, choice: _Choice) -> Answer:
        return self.answers.which_country(question, choice.target, choice.score)

    def _group(self, choice: _Choice) -> tuple[str, str]:
        """Return what an answer is about: choices in one group answer the same thing."""
        if choice.entity is not None:
            return ("entity", choice.entity)
        if choice.target.bound is not None:
            return ("entity", choice.target.bound)
        return (choice.target.kind, choice.target.key)

    def _decide(self, analysis: Analysis, state: ConversationState) -> _Choice | Answer:
        choices = self._rank_choices(analysis, state)
        if isinstance(choices, Answer):
            return choices
        picked = self._pick(choices, analysis)
        if isinstance(picked, Answer):
            cands = tuple((self._label(c), round(c.score, 1)) for c in choices[:5])
            return replace(picked, candidates=cands)
        return picked

    def _label(self, choice: _Choice) -> str:
        key = choice.target.key
        return f"{key}:{choice.entity}" if choice.entity else key

    def _rank_choices(self, analysis: Analysis, state: ConversationState) -> list[_Choice] | Answer:
        shown = analysis.normalized
        ranked = self.index.rank(analysis.tokens, analysis.content)
        named = topics_in(analysis.normalized)
        if named:
            # "what do critics say about Western Sahara": the topic narrows a debate intent.
            topic_words = {
                w for t in named for p, tt in TOPIC_WORDS.items() if tt is t for w in p.split()
            }
            tokens = tuple(t for t in analysis.tokens if t not in topic_words)
            content = frozenset(w for w in analysis.content if w not in topic_words)
            ranked = [
                *ranked,
                *(
                    s
                    for s in self.index.rank(tokens, content)
                    if s.candidate.target.key in DEBATE_INTENTS
                ),
            ]
            ranked.sort(key=lambda s: s.score, reverse=True)
        choices = self._choices(ranked, analysis, None)
        top = choices[0].score if choices else 0.0
        words = set(analysis.normalized.split())
        refers_back = bool(words & BACK_REFERENCES)
        terse = terse_follow_up(words, len(analysis.content))
        if (
            not analysis.mentions
            and state.entity_id
            and (refers_back or terse or top < self.policy.answer_min)
        ):
            token = "xperson" if state.entity_id in self._people else "xent"
            tokens = (*analysis.tokens, token)
            injected = self.index.rank(tokens, analysis.content | {token})
            alt = [
                c
                for c in self._choices(injected, analysis, state.entity_id)
                if c.entity is not None
            ]
            if alt and (
                alt[0].score > top
                or ((refers_back or terse) and alt[0].score >= self.policy.answer_min)
            ):
                choices = alt
        elif (
            not analysis.mentions and choices and refers_back_to_before(analysis.normalized, words)
        ):
            # "when did it join?" as a first question: "it" has nothing to refer to yet.
            slotted = next((c for c in choices if c.target.slot is Slot.ENTITY), None)
            if (
                slotted
                and slotted.score >= self.policy.answer_min - self.policy.back_reference_slack
            ):
                return self._which_country(shown, slotted)
        return choices

    def _own_record(self, choices: list[_Choice]) -> _Choice:
        """Return the best choice, or the record of the one country a topic about it ties with
        (a topic about one country ties with that country's own record: the record answers)."""
        first = choices[0]
        group = self._group(first)
        if first.target.kind != "topic" or group[0] != "entity":
            return first
        close = [c for c in choices[1:] if first.score - c.score < self.policy.margin]
        own = next(
            (c for c in close if c.target.kind == "intent" and self._group(c) == group), None
        )
        return first if own is None else replace(own, score=first.score)

    def _for_each(self, shown: str, first: _Choice, entities: list[str]) -> Answer:
        """Answer the same question for each state named ("When did Egypt and Jordan sign?"),
        or ask back which one when some cannot be answered."""
        answers = [
            self.answers.entity_answer(shown, e, first.target.key) for e in entities[:_MAX_EACH]
        ]
        if all(a.status is Status.ANSWERED for a in answers):
            names = [self.answers.name(e) for e in entities[:_MAX_EACH]]
            return replace(each_answered(shown, names, answers), score=first.score)
        return self.replies.clarify(
            shown,
            wording.SEVERAL_COUNTRIES,
            [self.canonical(first.target, e) for e in entities],
            first.score,
        )

    def _pick(self, choices: list[_Choice], analysis: Analysis) -> _Choice | Answer:
        shown = analysis.normalized
        if not choices:
            return self.replies.no_answer(
                shown,
                wording.NO_MATCH,
                self.suggest_for(analysis),
            )
        first = self._own_record(choices)
        group = self._group(first)
        runner = next((c.score for c in choices if self._group(c) != group), 0.0)
        distinct_entities = list(
            dict.fromkeys(m.entity_id for m in analysis.mentions if m.kind in ("member", "related"))
        )
        if first.target.slot is Slot.ENTITY and len(distinct_entities) > 1:
            return self._for_each(shown, first, distinct_entities)
        if first.score >= self.policy.answer_min and first.score - runner >= self.policy.margin:
            return first
        if first.score >= self.policy.clarify_min and not analysis.unknown:
            options = [
                self.canonical(c.target, c.entity)
                for c in choices[:4]
                if c.target.slot not in (Slot.ENTITY, Slot.PERSON) or c.entity
            ]
            if first.score >= self.policy.answer_min and len(set(options[:2])) == 1:
                return first
            if not options and first.target.slot is Slot.ENTITY and first.entity is None:
                return self._which_country(shown, first)
            if options:
                return self.replies.clarify(shown, wording.WHICH_OF_THESE, options, first.score)
        return self.replies.no_answer(
            shown,
            wording.NO_CONFIDENT_MATCH,
            self.suggest_for(analysis),
            first.score,
        )
