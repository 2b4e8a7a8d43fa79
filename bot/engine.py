"""The question-answering engine: one question (and its conversation state) in, one Answer out.

Pure and synchronous: no I/O after construction, so every platform calls it directly.
`Engine.ask` understands free text; `Engine.run_command` serves the shared command set;
`Engine.complete` feeds autocomplete. The engine never raises on user input.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from rapidfuzz import fuzz, process

from bot import compose
from bot.answer import Answer, AnswerField, Source, Status
from bot.answering.aggregate import about_members, answer_members
from bot.answering.compose_unit import unit_answer
from bot.answering.decide import pick_units
from bot.answering.policy import RankPolicy
from bot.answering.retrieve import Hit, UnitIndex
from bot.answering.units import Unit, compile_units
from bot.answering.yesno import asks_membership, memberships_answer, with_lead
from bot.commands import COMMANDS, MAX_CHOICES, find_command
from bot.intents import FOLLOW_UP_WORDS, WHY_WORDS, Slot
from bot.knowledge_loader import load_knowledge
from bot.matcher import SLOT_WORDS, Analysis, Index, MatchPolicy, Scored, Target
from bot.models import (
    Argument,
    ArgumentTopic,
    EntityKind,
    Event,
    KnowledgeBase,
    Member,
    MemberStatus,
    Person,
    Provenance,
    Related,
    Side,
    Topic,
)
from bot.normalize import normalize
from bot.state import ConversationState
from bot.topics import ENTITY_TOPICS, TOPIC_WORDS, resolve_topic, topics_in
from bot.understanding.instructions import is_instruction
from bot.understanding.kinds import Kind
from bot.understanding.markup import strip_markup
from bot.understanding.reading import Reading, read_question
from bot.understanding.terms import quick_terms, term
from bot.vocabulary import family

_log = logging.getLogger(__name__)

MAX_INPUT_CHARS = 4000

_CANONICAL: dict[str, str] = {
    "members": "Who are the members?",
    "member_is": "Is {name} a member?",
    "member_when": "When did {name} join?",
    "member_how": "How did {name} join?",
    "member_documents": "What did {name} sign?",
    "member_where": "Where did {name} sign?",
    "member_signers": "Who signed for {name}?",
    "member_offered": "What did {name} get in return?",
    "member_status": "What is the status of {name} now?",
    "member_overview": "Tell me about {name}",
    "person": "Who is {name}?",
    "timeline_year": "What happened in {name}?",
    "timeline": "Show the timeline",
    "latest": "What is the latest?",
    "critiques": "What do critics say?",
    "defences": "What do supporters say?",
    "debate": "What are the arguments for and against?",
    "sources": "Where do the facts come from?",
    "about": "What can you do?",
}

_MEMBER_INTENTS = (
    "member_is",
    "member_when",
    "member_how",
    "member_documents",
    "member_where",
    "member_signers",
    "member_offered",
    "member_status",
    "member_overview",
)


_DEBATE_INTENTS = ("critiques", "defences", "debate")
# Answers that give a whole list or overview: one claim never stands in for them.
_OVERVIEW_INTENTS = frozenset(
    {
        "members",
        "timeline",
        "timeline_year",
        "latest",
        "person",
        "sources",
        "about",
        "explain",
        *_DEBATE_INTENTS,
    }
)
# The kinds of question each member intent answers; a claim of the kind asked beats another.
_INTENT_KINDS: dict[str, frozenset[Kind]] = {
    "member_when": frozenset({Kind.DATE}),
    "member_where": frozenset({Kind.PLACE}),
    "member_signers": frozenset({Kind.PERSON}),
    "member_documents": frozenset({Kind.DOCUMENT}),
    "member_offered": frozenset({Kind.TERMS, Kind.REASON}),
    "member_status": frozenset({Kind.STATUS}),
    "member_is": frozenset({Kind.STATUS}),
    "member_how": frozenset({Kind.EVENT, Kind.REASON}),
}
# The claims each member intent states, so a claim never replaces the answer that has it.
_INTENT_FIELDS: dict[str, frozenset[str]] = {
    "member_when": frozenset({"announced", "signed"}),
    "member_where": frozenset({"signed"}),
    "member_signers": frozenset({"signatories"}),
    "member_documents": frozenset({"documents"}),
    "member_offered": frozenset({"offered"}),
    "member_status": frozenset({"status", "ratification"}),
    "member_is": frozenset({"status"}),
    "member_how": frozenset({"announced", "signed", "offered"}),
}
_SPECIFIC_KINDS = frozenset(
    {Kind.DATE, Kind.PLACE, Kind.PERSON, Kind.COUNT, Kind.TERMS, Kind.DOCUMENT, Kind.VIEWS}
)
_DEFINITION_QUESTION = "what are the abraham accords"
# Chat shorthand that is never the subject of a question.
_UNKNOWN_OK = frozenset({"atm", "tbh", "imo", "btw", "fyi", "idk", "ngl", "tldr", "eli5", "q"})
_BACK_REFERENCES = frozenset(
    {"it", "its", "they", "them", "their", "he", "she", "him", "her", "his"}
)


@dataclass(frozen=True, slots=True)
class Reply:
    """An answer and the conversation state to keep for the next question."""

    answer: Answer
    state: ConversationState


@dataclass(frozen=True, slots=True)
class _Choice:
    """A ranked answer target with its filled slot."""

    score: float
    target: Target
    entity: str | None
    words: frozenset[str] | None = None


class Engine:
    """Answer questions from one knowledge base."""

    def __init__(
        self,
        kb: KnowledgeBase,
        policy: MatchPolicy | None = None,
        rank_policy: RankPolicy | None = None,
    ) -> None:
        self.kb = kb
        self.policy = policy or MatchPolicy()
        self.rank_policy = rank_policy or RankPolicy()
        self.index = Index.build(kb, self.policy)
        self.units = UnitIndex(compile_units(kb, self.index.aliases), self.rank_policy)
        self._members = {m.id: m for m in kb.members}
        self._related = {r.id: r for r in kb.related}
        self._people = {p.id: p for p in kb.people}
        self._topics = {t.id: t for t in kb.topics}
        records: list[Member | Related | Person | Event | Topic | Argument] = [
            *kb.members,
            *kb.related,
            *kb.people,
            *kb.events,
            *kb.topics,
            *kb.arguments,
        ]
        self._provs: dict[str, Provenance] = {rec.id: rec.provenance for rec in records}
        self._years = sorted({e.date.year for e in kb.events})
        self._record_names: dict[str, str] = {
            **{m.id: m.name for m in kb.members},
            **{r.id: r.name for r in kb.related},
            **{p.id: p.name for p in kb.people},
        }
        self._caveats: dict[str, tuple[str, ...]] = {rec.id: rec.caveats for rec in records}
        self._non_members = frozenset(self._related)

    @classmethod
    def from_dir(cls, path: Path, policy: MatchPolicy | None = None) -> Engine:
        """Load the fact files under `path` and build an engine (raises KnowledgeErrors)."""
        return cls(load_knowledge(path), policy)

    # -- helpers --------------------------------------------------------------------------

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
        template = _CANONICAL.get(target.key, target.key)
        name = self._name(entity) if entity else ""
        text = template.format(name=name)
        return text[:1].upper() + text[1:]

    def default_suggestions(self) -> tuple[str, ...]:
        """Return questions that show what the bot can answer."""
        first = self.kb.members[0].short_name if self.kb.members else "the UAE"
        pick = next((m for m in self.kb.members if m.id == "morocco"), None)
        member = pick.short_name if pick else first
        return (
            "Who are the members?",
            f"When did {member} join?",
            "What are the Abraham Accords?",
            "What do critics say?",
            "What is the latest?",
        )

    def _no_answer(
        self,
        question: str,
        body: str,
        suggestions: Sequence[str] = (),
        score: float = 0.0,
        intent: str = "no_answer",
    ) -> Answer:
        return Answer(
            question=question,
            status=Status.NO_ANSWER,
            title="I don't know that",
            body=body,
            suggestions=tuple(suggestions) or self.default_suggestions(),
            as_of=self.kb.as_of,
            score=round(score, 1),
            intent=intent,
        )

    def _clarify(
        self, question: str, body: str, options: Sequence[str], score: float = 0.0
    ) -> Answer:
        unique = list(dict.fromkeys(options))[:5]
        return Answer(
            question=question,
            status=Status.CLARIFY,
            title="Did you mean…",
            body=body,
            suggestions=tuple(unique),
            as_of=self.kb.as_of,
            score=round(score, 1),
            intent="clarify",
        )

    def rate_limited(self, question: str, retry_after_s: float) -> Answer:
        """Return the polite reply for a user who asks too fast."""
        wait = max(1, round(retry_after_s))
        return Answer(
            question=question,
            status=Status.NO_ANSWER,
            title="One moment, please",
            body=(
                f"You're asking faster than I can answer well. Please try again in "
                f"{wait} second{'s' if wait != 1 else ''}."
            ),
            as_of=self.kb.as_of,
            intent="rate_limited",
        )

    # -- free-text questions -------------------------------------------------------------

    def ask(self, question: str, state: ConversationState | None = None) -> Reply:
        """Answer a free-text question, using `state` to resolve follow-ups."""
        state = state or ConversationState()
        try:
            answer, new_state = self._ask(question, state)
        except Exception:  # the core must never fail a user; log and abstain
            _log.exception("internal error while answering")
            answer = self._no_answer(
                str(question)[:200],
                "Something went wrong on my side; please rephrase the question.",
            )
            new_state = state
        _log.info(
            "answered status=%s intent=%s facts=%s score=%.1f",
            answer.status,
            answer.intent,
            ",".join(answer.fact_ids[:5]),
            answer.score,
        )
        return Reply(answer, new_state)

    def _ask(self, question: str, state: ConversationState) -> tuple[Answer, ConversationState]:
        if not isinstance(question, str):
            question = str(question)
        shown = question.strip()[:300]
        if len(question) > MAX_INPUT_CHARS:
            return self._no_answer(
                shown,
                "That message is too long for me. Please ask one question in a sentence or two.",
            ), state
        clean = strip_markup(question)
        if is_instruction(clean):
            return self._no_answer(
                shown,
                "I answer questions from my Abraham Accords fact base; I don't take "
                "instructions on what to say.",
            ), state
        normalized = normalize(clean, slang=True)
        if not normalized:
            return self._no_answer(
                shown, "Ask me a question about the Abraham Accords, in plain words."
            ), state
        if normalized in WHY_WORDS:
            return self._explain(shown, state), state
        analysis = self.index.read(clean)
        if analysis.guarded:
            return self._no_answer(
                shown, f"I only answer from my Abraham Accords fact base, and {analysis.guarded}."
            ), state
        reading = self._reading(analysis, state)
        hits = self.units.rank(reading)
        units = pick_units(hits, reading, self.rank_policy)
        evidence = bool(analysis.mentions or reading.names_accords) or bool(
            topics_in(analysis.normalized)
        )
        if not evidence and units and hits[0].coverage < self.rank_policy.unnamed_coverage:
            units = []
        if not reading.entities and not reading.people and reading.refers_back:
            units = []  # "is it a member?" with nothing to refer to: the intent path asks back
        if (
            analysis.unknown
            and not evidence
            and (
                not analysis.content
                or analysis.unknown_names  # "Versailles", "NATO": a name the facts do not know
                or len(analysis.unknown)
                >= self.policy.max_unknown_share * (len(analysis.unknown) + len(analysis.content))
            )
        ):
            words = ", ".join(f'"{w}"' for w in analysis.unknown[:3])
            return self._no_answer(
                shown,
                f"I can only answer questions about the Abraham Accords from my fact base, "
                f"and it has nothing on {words}.",
                self._suggest_for(analysis),
            ), state
        countries = [e for e in reading.entities if e in self._members or self._is_country(e)]
        if len(countries) >= 2 and asks_membership(reading):
            return memberships_answer(
                shown, [self._membership(e) for e in countries], self.kb.as_of
            ), state
        if about_members(reading, self._non_members):
            table = answer_members(self.kb, shown, reading)
            if table is not None:
                return table, ConversationState(fact_ids=table.fact_ids, score=table.score)
        answer, new_state = self._by_intent(shown, analysis, state)
        if (
            answer.status is not Status.ANSWERED
            and reading.names_accords
            and not (reading.entities or reading.people or reading.focus)
        ):
            # "tl;dr abraham accords?": a question that names only the accords asks what they are
            answer, new_state = self._by_intent(shown, self.index.read(_DEFINITION_QUESTION), state)
        if answer.intent == "members" and reading.kinds & {Kind.SET, Kind.COUNT}:
            units = []  # a question about the set of members: the list answers it
        units = self._claims_instead(answer, units, hits, reading)
        if units:
            answer = unit_answer(
                shown,
                units,
                as_of=self.kb.as_of,
                record_names=self._record_names,
                caveats=self._caveats,
                score=min(100.0, 10.0 * hits[0].score),
            )
            subject = units[0].subject if len(units) == 1 else None
            new_state = ConversationState(
                entity_id=subject
                if subject in self._members or subject in self._related
                else (reading.entities[0] if reading.entities else state.entity_id),
                fact_ids=answer.fact_ids,
                score=answer.score,
            )
        answer = self._also_asked(answer, hits, reading)
        answer = self._yes_no(answer, reading)
        return answer, new_state

    def _also_asked(self, answer: Answer, hits: Sequence[Hit], reading: Reading) -> Answer:
        """Add the same record's claim for a second kind asked ("when did X sign and who…")."""
        serves = _INTENT_KINDS.get(answer.intent, frozenset())
        missing = (reading.kinds & _SPECIFIC_KINDS) - serves
        if answer.status is not Status.ANSWERED or not serves or not missing:
            return answer
        record = answer.fact_ids[0] if answer.fact_ids else None
        said = answer.text().casefold()
        extra: list[str] = []
        for kind in sorted(missing):
            unit = next(
                (
                    h.unit
                    for h in hits
                    if h.unit.subject == record
                    and kind in h.unit.primary
                    and h.unit.text.casefold() not in said
                ),
                None,
            )
            if unit is not None and unit.text not in extra:
                extra.append(unit.text)
        if not extra:
            return answer
        return replace(answer, body=" ".join([answer.body, *extra]))

    def _is_country(self, entity: str) -> bool:
        return entity in self._related and self._related[entity].kind == EntityKind.COUNTRY

    def _membership(self, entity: str) -> tuple[str, str, MemberStatus, tuple[Source, ...]]:
        rec = self._members.get(entity) or self._related[entity]
        return entity, rec.name, rec.status, rec.provenance.sources

    def _yes_no(self, answer: Answer, reading: Reading) -> Answer:
        entity = reading.entities[0] if len(reading.entities) == 1 else None
        if entity is None or entity not in answer.fact_ids[:1]:
            return answer
        if entity in self._members:
            m = self._members[entity]
            return with_lead(answer, reading, m.name, m.status)
        if entity in self._related and self._related[entity].kind == EntityKind.COUNTRY:
            r = self._related[entity]
            return with_lead(answer, reading, r.name, r.status)
        return answer

    def _reading(self, analysis: Analysis, state: ConversationState) -> Reading:
        mentions = tuple((m.entity_id, m.kind) for m in analysis.mentions)
        words = set(analysis.normalized.split())
        if (
            not mentions
            and state.entity_id
            and (words & _BACK_REFERENCES or len(analysis.content) <= 1)
        ):
            kind = "person" if state.entity_id in self._people else "member"
            mentions = ((state.entity_id, kind),)
        return read_question(
            analysis.normalized,
            analysis.tokens,
            mentions,
            tuple(m.text for m in analysis.mentions),
            analysis.years,
            analysis.month,
            tuple(w for w in analysis.unknown if w not in _UNKNOWN_OK),
        )

    def _claims_instead(
        self, answer: Answer, units: list[Unit], hits: Sequence[Hit], reading: Reading
    ) -> list[Unit]:
        """Return the claims to answer with instead of the intent's answer, or [].

        Overviews and lists (the members, the timeline, a person, the debate) stand as they
        are. An answer about a state or person the question names is replaced only by a
        claim about that same record that it does not already state: one of the kind asked
        when the intent answers another kind ("which official signed" answered with the
        documents), or else one that covers clearly more of the question.
        """
        if answer.status is not Status.ANSWERED:
            return units
        if answer.intent in _OVERVIEW_INTENTS or not hits:
            return []
        said_text = answer.text().casefold()
        said = quick_terms(said_text)
        covered = self.units.coverage(reading.focus, said, len(reading.unknown))
        record = answer.fact_ids[0] if answer.fact_ids else None
        asked = reading.kinds & _SPECIFIC_KINDS
        serves = _INTENT_KINDS.get(answer.intent, frozenset())
        if asked and serves and not asked & serves:
            for hit in hits:  # the intent answers another kind of question
                about = hit.unit.subject == record or (
                    Kind.VIEWS in asked and record in hit.unit.entities
                )
                if (
                    about
                    and asked & hit.unit.primary
                    and hit.coverage >= covered
                    and hit.unit.text.casefold() not in said_text
                ):
                    return [hit.unit]
        if not units:
            return []
        best = hits[0]
        named = {*reading.entities, *reading.people}
        if record in named and best.unit.subject != record:
            return []
        if best.unit.text.casefold() in said_text:
            return []
        if best.unit.subject == record and best.unit.field in _INTENT_FIELDS.get(answer.intent, ()):
            return []  # the intent's answer states this same claim, in its own words
        return units if best.coverage >= covered + self.rank_policy.claim_lead else []

    def _by_intent(
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
            words = ", ".join(f'"{w}"' for w in missing[:3])
            return self._no_answer(
                shown,
                f"I'm not sure my facts say anything about {words} here.",
                [self.canonical(choice.target, choice.entity), *self._suggest_for(analysis)],
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

    def _suggest_for(self, analysis: Analysis) -> tuple[str, ...]:
        if not analysis.mentions:
            return self.default_suggestions()
        m = analysis.mentions[0]
        if m.kind == "person":
            return (self.canonical(Target("intent", "person"), m.entity_id),)
        return tuple(
            self.canonical(Target("intent", key), m.entity_id)
            for key in ("member_overview", "member_when", "member_status")
        )

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
        if slot is Slot.ENTITY and state.intent in _MEMBER_INTENTS and analysis.mentions:
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
        return self._clarify(
            question,
            "Which country do you mean?",
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
                    if s.candidate.target.key in _DEBATE_INTENTS
                ),
            ]
            ranked.sort(key=lambda s: s.score, reverse=True)
        choices = self._choices(ranked, analysis, None)
        top = choices[0].score if choices else 0.0
        words = set(analysis.normalized.split())
        refers_back = bool(words & _BACK_REFERENCES)
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
            return self._no_answer(
                shown,
                "I couldn't match that to anything in my fact base.",
                self._suggest_for(analysis),
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
            return self._clarify(
                shown,
                "You named several countries; which one do you mean?",
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
                return self._clarify(
                    shown, "I'm not sure which of these you mean:", options, first.score
                )
        return self._no_answer(
            shown,
            "I couldn't match that to anything in my fact base with confidence.",
            self._suggest_for(analysis),
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
                return self._clarify(
                    question,
                    "Which country do you mean?",
                    [self.canonical(target, m.id) for m in self.kb.members],
                    choice.score,
                )
            return self._entity_answer(question, choice.entity, key)
        if target.slot is Slot.PERSON:
            if choice.entity is None or choice.entity not in self._people:
                return self._clarify(
                    question,
                    "Which person do you mean?",
                    [self.canonical(target, p.id) for p in self.kb.people[:5]],
                )
            return compose.person_answer(self.kb, question, self._people[choice.entity])
        if target.slot is Slot.YEAR:
            year = analysis.years[0] if analysis.years else state.year
            if year is None:
                return self._clarify(
                    question,
                    "Which year do you mean?",
                    [f"What happened in {y}?" for y in self._years[-5:]],
                )
            return self._timeline(question, year, analysis.month, analysis.day)
        return self._general(question, key, analysis)

    def _entity_answer(self, question: str, entity_id: str, intent: str) -> Answer:
        if entity_id in self._members:
            return compose.member_answer(self.kb, question, self._members[entity_id], intent)
        if entity_id in self._related:
            return compose.related_answer(self.kb, question, self._related[entity_id], intent)
        if entity_id in self._people:
            return compose.person_answer(self.kb, question, self._people[entity_id])
        return self._no_answer(question, "I don't have that in my fact base.")

    def _timeline(
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
                    else f"{_month_name(month)} {year}"
                )
        if not events:
            years = ", ".join(str(y) for y in self._years)
            return self._no_answer(
                question,
                f"My timeline has no events for {year}. It covers: {years}.",
                [f"What happened in {y}?" for y in self._years[-4:]],
            )
        on = "on" if day is not None and label[:1].isdigit() else "in"
        return compose.events_answer(
            self.kb,
            question,
            f"What happened {on} {label}",
            events,
            "timeline_year",
            "Ask about a month, e.g. 'September 2020'.",
        )

    def _arguments(self, question: str, intent: str, topic: ArgumentTopic | None) -> Answer:
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
            return compose.events_answer(self.kb, question, "The latest", recent, "latest")
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
            return self._arguments(question, key, topic)
        if key == "sources":
            return self._sources_answer(question)
        return self._about_answer(question)

    def _explain(self, question: str, state: ConversationState) -> Answer:
        if not state.fact_ids:
            return self._no_answer(
                question, "There is no earlier answer to explain yet. Ask me something first."
            )
        provs = [self._provs[f] for f in state.fact_ids if f in self._provs]
        files = sorted({f"{p.file}:{p.line}" for p in provs})
        body = (
            f"My last answer came from the fact(s) {', '.join(state.fact_ids[:8])}, "
            f"matched with a score of {state.score:.0f}/100 (intent: "
            f"{state.intent or 'topic'}). They are kept in {', '.join(files[:4])}."
        )
        return Answer(
            question=question,
            status=Status.ANSWERED,
            title="Why that answer",
            body=body,
            sources=compose._sources(provs),
            as_of=self.kb.as_of,
            fact_ids=state.fact_ids,
            score=100.0,
            intent="explain",
        )

    def _sources_answer(self, question: str) -> Answer:
        provs = list(self._provs.values())
        urls = {s.url for p in provs for s in p.sources}
        hosts = Counter(
            urlsplit(s.url).netloc.removeprefix("www.") for p in provs for s in p.sources
        )
        top = ", ".join(f"{h} ({n})" for h, n in hosts.most_common(8))
        oldest = min((p.verified_on for p in provs), key=lambda d: d.sort_key(), default=None)
        body = (
            f"{self.kb.meta.coverage} The fact base holds {len(provs)} facts citing "
            f"{len(urls)} distinct sources; every answer lists the sources of the facts it "
            f"uses."
        )
        fields = [
            AnswerField("Facts as of", self.kb.as_of),
            AnswerField("Most cited sites", top or "none"),
        ]
        if oldest:
            fields.append(AnswerField("Oldest check", oldest.human))
        fields.append(AnswerField("Knowledge version", self.kb.content_hash or "unknown"))
        sources = (
            Source("Abraham Accords (Wikipedia)", "https://en.wikipedia.org/wiki/Abraham_Accords"),
        )
        return Answer(
            question=question,
            status=Status.ANSWERED,
            title="Where the facts come from",
            body=body,
            fields=tuple(fields),
            sources=sources,
            as_of=self.kb.as_of,
            intent="sources",
            fact_ids=("meta",),
        )

    def _about_answer(self, question: str) -> Answer:
        kb = self.kb
        body = (
            "I answer questions about the Abraham Accords (Israel's normalization agreements "
            "with the UAE, Bahrain, Morocco and Sudan from 2020, Kazakhstan's announced entry "
            "in 2025, and what came after) from a curated fact base in which every fact "
            "carries its sources. Ask in plain words, or use a command."
        )
        commands = "\n".join(f"/{c.name}: {c.description}" for c in COMMANDS)
        fields = [
            AnswerField("Commands", commands),
            AnswerField(
                "What I know",
                f"{len(kb.members)} member states, {len(kb.related)} related states "
                f"and agreements, {len(kb.people)} people, {len(kb.events)} dated "
                f"events, {len(kb.topics)} topics, {len(kb.arguments)} critiques and "
                f"defences",
            ),
            AnswerField("Facts as of", f"{kb.as_of} (knowledge version {kb.content_hash})"),
            AnswerField("Report a wrong fact", kb.meta.report_hint),
        ]
        return Answer(
            question=question,
            status=Status.ANSWERED,
            title="About Accords Bot",
            body=body,
            fields=tuple(fields),
            as_of=kb.as_of,
            intent="about",
            fact_ids=("meta",),
        )

    # -- commands -------------------------------------------------------------------------

    def run_command(
        self, name: str, argument: str = "", state: ConversationState | None = None
    ) -> Reply:
        """Run a shared command (`ask`, `members`, `member`, …) with its argument."""
        state = state or ConversationState()
        spec = find_command(name)
        argument = (argument or "").strip()
        shown = f"/{name} {argument}".strip()[:300]
        if spec is None:
            names = ", ".join(f"/{c.name}" for c in COMMANDS)
            return Reply(self._no_answer(shown, f"Unknown command. Try one of: {names}."), state)
        if spec.name == "ask":
            if not argument:
                return Reply(
                    self._no_answer(
                        shown, "Add your question after /ask, e.g. /ask when did Morocco join?"
                    ),
                    state,
                )
            return self.ask(argument, state)
        try:
            answer, new_state = self._command(spec.name, argument, shown, state)
        except Exception:  # never fail a user; log and abstain
            _log.exception("internal error in /%s", spec.name)
            answer, new_state = self._no_answer(shown, "Something went wrong on my side."), state
        return Reply(answer, new_state)

    def _command(
        self, name: str, argument: str, shown: str, state: ConversationState
    ) -> tuple[Answer, ConversationState]:
        if name == "members":
            answer = compose.members_answer(self.kb, shown)
        elif name == "member":
            entity = self.resolve_entity(argument)
            if entity is None:
                options = [f"Tell me about {c}" for c in self.complete("member", argument)[:5]]
                body = (
                    "Tell me which country, e.g. /member Morocco."
                    if not argument
                    else "I don't have that country in my fact base."
                )
                return self._no_answer(shown, body, options), state
            answer = self._entity_answer(shown, entity, "member_overview")
            return answer, ConversationState(
                entity_id=entity, intent="member_overview", fact_ids=answer.fact_ids, score=100.0
            )
        elif name == "timeline":
            if not argument:
                answer = compose.timeline_overview(self.kb, shown)
            else:
                digits = "".join(ch for ch in argument if ch.isdigit())
                if len(digits) != 4:
                    return self._no_answer(
                        shown,
                        "Give a year such as 2020.",
                        [f"What happened in {y}?" for y in self._years[-4:]],
                    ), state
                answer = self._timeline(shown, int(digits))
                if answer.status is Status.ANSWERED:
                    return answer, ConversationState(
                        intent="timeline_year",
                        year=int(digits),
                        fact_ids=answer.fact_ids,
                        score=100.0,
                    )
        elif name == "critiques":
            topic = resolve_topic(argument) if argument else None
            if argument and topic is None:
                labels = ", ".join(t.label for t in ArgumentTopic)
                return self._no_answer(
                    shown,
                    f"I don't know that topic. Topics: {labels}.",
                    [f"What do critics say about {t.label}?" for t in list(ArgumentTopic)[:4]],
                ), state
            answer = self._arguments(shown, "debate", topic)
        elif name == "sources":
            answer = self._sources_answer(shown)
        else:
            answer = self._about_answer(shown)
        answer = replace(answer, score=100.0)
        return answer, ConversationState(
            fact_ids=answer.fact_ids, score=100.0, intent=state.intent, entity_id=state.entity_id
        )

    def resolve_entity(self, text: str) -> str | None:
        """Resolve a country (or agreement, person) name typed by a user to its id."""
        key = normalize(text)
        if not key:
            return None
        hit = self.index.aliases.get(key)
        if hit:
            return hit[0]
        analysis = self.index.read(text)
        if analysis.mentions and not analysis.guarded:
            return analysis.mentions[0].entity_id
        if analysis.guarded:
            return None
        found = process.extractOne(
            key, list(self.index.aliases), scorer=fuzz.ratio, score_cutoff=80
        )
        return self.index.aliases[found[0]][0] if found else None

    def complete(self, command: str, prefix: str) -> tuple[str, ...]:
        """Return up to 25 autocomplete choices for the option of `command`."""
        spec = find_command(command)
        if spec is None or spec.option is None or not spec.option.autocomplete:
            return ()
        key = normalize(prefix)
        if spec.name == "timeline":
            return tuple(str(y) for y in self._years if str(y).startswith(key))[:MAX_CHOICES]
        if spec.name == "critiques":
            labels = [t.label for t in ArgumentTopic]
            if not key:
                return tuple(labels)[:MAX_CHOICES]
            ranked = process.extract(
                key,
                labels,
                scorer=fuzz.WRatio,
                limit=MAX_CHOICES,
                score_cutoff=50,
                processor=normalize,
            )
            starts = [lb for lb in labels if normalize(lb).startswith(key)]
            return tuple(dict.fromkeys([*starts, *(r[0] for r in ranked)]))[:MAX_CHOICES]
        names = [m.name for m in self.kb.members] + [
            r.name for r in sorted(self.kb.related, key=lambda r: r.kind != EntityKind.COUNTRY)
        ]
        if not key:
            return tuple(names[:MAX_CHOICES])
        by_id = {
            **{m.id: m.name for m in self.kb.members},
            **{r.id: r.name for r in self.kb.related},
        }
        out: list[str] = []
        for alias, (entity_id, kind) in self.index.aliases.items():
            if kind != "person" and alias.startswith(key):
                out.append(by_id[entity_id])
        countries = [a for a, (_, kind) in self.index.aliases.items() if kind != "person"]
        for alias, score, _ in process.extract(
            key, countries, scorer=fuzz.WRatio, limit=MAX_CHOICES, score_cutoff=60
        ):
            if score >= 60:
                out.append(by_id[self.index.aliases[alias][0]])
        return tuple(dict.fromkeys(out))[:MAX_CHOICES]

    # -- enumeration ----------------------------------------------------------------------

    def every_answer(self) -> Iterator[Answer]:
        """Yield every answer the fact base can produce through commands and intents."""
        for name in ("members", "sources", "about", "timeline", "critiques"):
            yield self.run_command(name).answer
        for year in self._years:
            yield self.run_command("timeline", str(year)).answer
        for topic in ArgumentTopic:
            yield self.run_command("critiques", topic.label).answer
        for intent in ("critiques", "defences", "debate"):
            yield self._arguments(intent, intent, None)
            for topic in ArgumentTopic:
                yield self._arguments(intent, intent, topic)
        for m in self.kb.members:
            for intent in _MEMBER_INTENTS:
                yield compose.member_answer(self.kb, intent, m, intent)
        for r in self.kb.related:
            yield compose.related_answer(self.kb, r.name, r, "member_overview")
        for p in self.kb.people:
            yield compose.person_answer(self.kb, p.name, p)
        for t in self.kb.topics:
            yield compose.topic_answer(self.kb, t.title, t)
        yield compose.events_answer(self.kb, "latest", "The latest", self.kb.events[-6:], "latest")
        yield self._no_answer("x" * 300, "I couldn't match that to anything in my fact base.")
        yield self._clarify(
            "when did it join",
            "Which country do you mean?",
            [
                self.canonical(Target("intent", "member_when", Slot.ENTITY), m.id)
                for m in self.kb.members
            ],
        )


def _month_name(month: int) -> str:
    return (
        "January February March April May June July August September October November December"
    ).split()[month - 1]
