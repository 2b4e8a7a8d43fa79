"""The phrasing route: questions matched against intent phrasings with slots, then composed.

The older of the two routes to an answer: `Index` ranks stored phrasings ("when did xent
join"), the best is picked by an absolute score and a margin over the runner-up, its slot is
filled from the question or the conversation, and the record's answer is composed. It answers
overviews and lists (the members, a year's events, the debate) and each member question; the
claim route (`bot.answering.claims`) answers the details phrasings never anticipated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot import compose, wording
from bot.answer import Answer, Status
from bot.answering.replies import Replies
from bot.answering.retrieve import UnitIndex
from bot.intents import DEBATE_INTENTS, FOLLOW_UP_WORDS, MEMBER_INTENTS, Slot
from bot.knowledge.models import (
    Argument,
    ArgumentTopic,
    KnowledgeBase,
    Side,
)
from bot.matcher import SLOT_WORDS, Analysis, Index, MatchPolicy, Scored, Target
from bot.normalize import normalize
from bot.state import ConversationState
from bot.topics import ENTITY_TOPICS, TOPIC_WORDS, topics_in
from bot.understanding.reading import BACK_REFERENCES
from bot.understanding.terms import term
from bot.vocabulary import family


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
        self._members = {m.id: m for m in kb.members}
        self._related = {r.id: r for r in kb.related}
        self._people = {p.id: p for p in kb.people}
        self._topics = {t.id: t for t in kb.topics}
        self.years = sorted({e.date.year for e in kb.events})

    def _name(self, entity_id: str) -> str:
        if entity_id in self._members:
            return self._members[entity_id].short_name
        if entity_id in self._related:
            return self._related[entity_id].name
        if entity_id in self._people:
            return self._people[entity_id].name
        return entity_id

    def canonical(self, target: Target, entity: str | None = None) -> str:
        """Return a question that leads back to `target` (for suggestion buttons)."""
        if target.kind == "topic":
            question = self._topics[target.key].questions[0]
            return question[:1].upper() + question[1:]
        template = wording.CANONICAL_QUESTIONS.get(target.key, target.key)
        name = self._name(entity) if entity else ""
        text = template.format(name=name)
        return text[:1].upper() + text[1:]

    def suggest_for(self, analysis: Analysis) -> tuple[str, ...]:
        if not analysis.mentions:
            return self.replies.default_suggestions()
        m = analysis.mentions[0]
        if m.kind == "person":
            return (self.canonical(Target("intent", "person"), m.entity_id),)
        return tuple(
            self.canonical(Target("intent", key), m.entity_id)
            for key in ("member_overview", "member_when", "member_status")
        )

    def by_intent(
        self, shown: str, analysis: Analysis, state: ConversationState
    ) -> tuple[Answer, ConversationState]:
        choice = self._follow_up(analysis, state) or self._decide(analysis, state)
        if isinstance(choice, Answer):
            return replace(choice, question=shown), state
        answer = self._answer_target(shown, choice, analysis, state)
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
        if choice.words is None or not choice.words <= SLOT_WORDS:
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
        said = answer.text() + " " + " ".join(s.title for s in answer.sources)
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
        return self.replies.clarify(
            question,
            wording.WHICH_COUNTRY,
            [self.canonical(choice.target, m.id) for m in self.kb.members],
            choice.score,
        )

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
        terse = len(analysis.content) <= 1  # "where?", "who signed?": about the last one
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
        elif not analysis.mentions and refers_back and choices:
            # "who signed it?" as a first question: "it" has nothing to refer to yet.
            slotted = next((c for c in choices if c.target.slot is Slot.ENTITY), None)
            if (
                slotted
                and slotted.score >= self.policy.answer_min - self.policy.back_reference_slack
            ):
                return self._which_country(shown, slotted)
        return choices

    def _pick(self, choices: list[_Choice], analysis: Analysis) -> _Choice | Answer:
        shown = analysis.normalized
        if not choices:
            return self.replies.no_answer(
                shown,
                wording.NO_MATCH,
                self.suggest_for(analysis),
            )
        first = choices[0]
        group = self._group(first)
        # A topic about one country ties with that country's own record: the record answers.
        close = [c for c in choices[1:] if first.score - c.score < self.policy.margin]
        if first.target.kind == "topic" and group[0] == "entity":
            own = next(
                (c for c in close if c.target.kind == "intent" and self._group(c) == group), None
            )
            if own is not None:
                first = replace(own, score=first.score)
        runner = next((c.score for c in choices if self._group(c) != group), 0.0)
        distinct_entities = list(
            dict.fromkeys(m.entity_id for m in analysis.mentions if m.kind in ("member", "related"))
        )
        if first.target.slot is Slot.ENTITY and len(distinct_entities) > 1:
            return self.replies.clarify(
                shown,
                wording.SEVERAL_COUNTRIES,
                [self.canonical(first.target, e) for e in distinct_entities],
                first.score,
            )
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

    def _answer_target(
        self, question: str, choice: _Choice, analysis: Analysis, state: ConversationState
    ) -> Answer:
        target = choice.target
        if target.kind == "topic":
            return compose.topic_answer(self.kb, question, self._topics[target.key])
        key = target.key
        if target.slot is Slot.ENTITY:
            if choice.entity is None:
                return self.replies.clarify(
                    question,
                    wording.WHICH_COUNTRY,
                    [self.canonical(target, m.id) for m in self.kb.members],
                    choice.score,
                )
            return self.entity_answer(question, choice.entity, key)
        if target.slot is Slot.PERSON:
            if choice.entity is None or choice.entity not in self._people:
                return self.replies.clarify(
                    question,
                    wording.WHICH_PERSON,
                    [self.canonical(target, p.id) for p in self.kb.people[:5]],
                )
            return compose.person_answer(self.kb, question, self._people[choice.entity])
        if target.slot is Slot.YEAR:
            year = analysis.years[0] if analysis.years else state.year
            if year is None:
                return self.replies.clarify(
                    question,
                    wording.WHICH_YEAR,
                    [wording.what_happened_in(y) for y in self.years[-5:]],
                )
            return self.timeline(question, year, analysis.month, analysis.day)
        return self._general(question, key, analysis)

    def entity_answer(self, question: str, entity_id: str, intent: str) -> Answer:
        if entity_id in self._members:
            return compose.member_answer(self.kb, question, self._members[entity_id], intent)
        if entity_id in self._related:
            return compose.related_answer(self.kb, question, self._related[entity_id], intent)
        if entity_id in self._people:
            return compose.person_answer(self.kb, question, self._people[entity_id])
        return self.replies.no_answer(question, wording.NOT_IN_FACTS)

    def timeline(
        self, question: str, year: int, month: int | None = None, day: int | None = None
    ) -> Answer:
        events = [e for e in self.kb.events if e.date.year == year]
        label = str(year)
        if month is not None:
            narrowed = [e for e in events if e.date.month == month]
            if day is not None:
                exact = [e for e in narrowed if e.date.day == day]
                narrowed = exact or narrowed
            if narrowed:
                events = narrowed
                label = (
                    narrowed[0].date.human
                    if day is not None and narrowed[0].date.day == day
                    else f"{wording.month_name(month)} {year}"
                )
        if not events:
            return self.replies.no_answer(
                question,
                wording.no_events(year, self.years),
                [wording.what_happened_in(y) for y in self.years[-4:]],
            )
        on_day = day is not None and label[:1].isdigit()
        return compose.events_answer(
            self.kb,
            question,
            wording.what_happened(label, on_day=on_day),
            events,
            "timeline_year",
            wording.ASK_A_MONTH,
        )

    def arguments(self, question: str, intent: str, topic: ArgumentTopic | None) -> Answer:
        args: list[Argument] = [a for a in self.kb.arguments if topic is None or topic in a.topics]
        sides = {"critiques": [Side.CRITIQUE], "defences": [Side.DEFENCE]}.get(
            intent, [Side.CRITIQUE, Side.DEFENCE]
        )
        if topic is None and intent == "debate":
            args = self._balanced(args)
        if not [a for a in args if a.side in sides]:
            args = [a for a in self.kb.arguments if topic is None or topic in a.topics]
            sides = [Side.CRITIQUE, Side.DEFENCE]
        return compose.arguments_answer(self.kb, question, args, topic, sides, intent)

    @staticmethod
    def _balanced(args: Sequence[Argument], per_side: int = 5) -> list[Argument]:
        crit = [a for a in args if a.side is Side.CRITIQUE][:per_side]
        dfn = [a for a in args if a.side is Side.DEFENCE][:per_side]
        return crit + dfn

    def _general(self, question: str, key: str, analysis: Analysis) -> Answer:
        if key == "members":
            return compose.members_answer(self.kb, question)
        if key == "timeline":
            return compose.timeline_overview(self.kb, question)
        if key == "latest":
            recent = list(self.kb.events[-6:])
            return compose.events_answer(self.kb, question, wording.LATEST_TITLE, recent, "latest")
        if key in ("critiques", "defences", "debate"):
            named = topics_in(analysis.normalized)
            topic = named[0] if named else None
            if topic is None:
                topic = next(
                    (
                        ENTITY_TOPICS[m.entity_id]
                        for m in analysis.mentions
                        if m.entity_id in ENTITY_TOPICS
                    ),
                    None,
                )
            return self.arguments(question, key, topic)
        if key == "sources":
            return self.replies.sources_answer(question)
        return self.replies.about_answer(question)
