"""The question-answering engine: one question (and its conversation state) in, one Answer out.

Pure and synchronous: no I/O after construction, so every platform calls it directly.
`Engine.ask` understands free text; `Engine.run_command` serves the shared command set;
`Engine.complete` feeds autocomplete. Any user input gets an answer; an exception here is a
bug, and the service layer (`bot.service.chat`) is the one boundary that logs it with its
traceback and apologises.

A question flows one way: markup stripped (`bot.understanding.markup`) → read once (the
matcher's names, typos and dates, then `bot.understanding.reading`; claims ranked in
`bot.answering.pipeline.context`) → the first route of `bot.answering.pipeline.ROUTES` that
proposes an answer → the first of its `CHECKS` that objects → the kind asked
(`bot.answering.by_kind`) may answer instead → put into the asker's language.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from bot import wording
from bot.answer import Answer, Status
from bot.answering import record_answers
from bot.answering.assemble import one_note
from bot.answering.by_kind import KindRoutes
from bot.answering.checks import (
    DETAIL_LACKING,
)
from bot.answering.claim_answers import ClaimAnswers
from bot.answering.claims import ClaimChooser
from bot.answering.command_route import CommandRoute
from bot.answering.intent_route import IntentRoute
from bot.answering.multilingual import Multilingual
from bot.answering.parts import join_parts
from bot.answering.pipeline import Pipeline
from bot.answering.pipeline.context import DETAIL_KINDS, Asking, Tools, asking
from bot.answering.policy import RankPolicy
from bot.answering.replies import Replies
from bot.answering.retrieve import UnitIndex
from bot.answering.topic_kinds import topic_kinds
from bot.answering.units import compile_units
from bot.knowledge import load_knowledge
from bot.knowledge.commands import COMMANDS, find_command
from bot.knowledge.langs import ENGLISH
from bot.knowledge.models import (
    ArgumentTopic,
    KnowledgeBase,
)
from bot.knowledge.normalize import normalize
from bot.state import ConversationState
from bot.understanding.instructions import is_instruction
from bot.understanding.intents import MEMBER_INTENTS, WHY_WORDS, Slot
from bot.understanding.kind_model import NO_MODEL, KindGuess, KindModel, KindReader, blend
from bot.understanding.kinds import Kind, terse_follow_up
from bot.understanding.markup import strip_markup
from bot.understanding.matcher import Analysis, Index, MatchPolicy, Target
from bot.understanding.rambles import question_parts
from bot.understanding.reading import BACK_REFERENCES, Reading, read_question
from bot.understanding.terms import term
from bot.understanding.topics import TOPIC_WORDS, topics_in
from bot.understanding.two_parts import two_questions

_log = logging.getLogger(__name__)

MAX_INPUT_CHARS = 4000
STATED_KEPT = 6
"""How many of an answer's statements the conversation keeps for "why?"."""
MORE_RECORDS = 3
"""How many of the records an answer rests on its `more` holds when its route gave none."""


# Chat shorthand that is never the subject of a question.
_UNKNOWN_OK = frozenset({"atm", "tbh", "imo", "btw", "fyi", "idk", "ngl", "tldr", "eli5", "q"})


@dataclass(frozen=True, slots=True)
class Reply:
    """An answer and the conversation state to keep for the next question."""

    answer: Answer
    state: ConversationState


class Engine:
    """Answer questions from one knowledge base: a façade over the pipeline's stages."""

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
        self.multilingual = Multilingual(kb)
        self.replies = Replies(kb)
        self.intents = IntentRoute(kb, self.index, self.units, self.policy, self.replies)
        self.claims = ClaimChooser(self.units, self.rank_policy)
        self.commands = CommandRoute(kb, self.index, self.intents, self.replies)
        self._members = {m.id: m for m in kb.members}
        self._related = {r.id: r for r in kb.related}
        self._people = {p.id: p for p in kb.people}
        self._records = {rec.id: rec for rec in kb.records}
        self.claim_answers = ClaimAnswers(
            kb, self.units, self.rank_policy, self.replies, self.record_more
        )
        self.kind_model: KindReader = KindModel.for_base(kb) or NO_MODEL
        self.by_kind = KindRoutes(
            kb, self.intents, self.replies, topic_kinds=topic_kinds(kb, self.kind_model)
        )
        self.tools = Tools(
            kb,
            self.index,
            self.units,
            self.intents,
            self.claims,
            self.claim_answers,
            self.replies,
            self.policy,
            self.rank_policy,
            self._members,
            self._related,
            self.by_kind,
        )
        self.pipeline = Pipeline()

    @classmethod
    def from_dir(cls, path: Path, policy: MatchPolicy | None = None) -> Engine:
        """Load the fact files under `path` and build an engine (raises KnowledgeErrors)."""
        return cls(load_knowledge(path), policy)

    def ask(self, question: str, state: ConversationState | None = None) -> Reply:
        """Answer a free-text question, using `state` to resolve follow-ups."""
        state = state or ConversationState()
        answer, new_state = self._ask(question, state)
        new_state = _remembered(answer, new_state)
        _log.info(
            "answered status=%s intent=%s facts=%s score=%.1f",
            answer.status,
            answer.intent,
            ",".join(answer.fact_ids[:5]),
            answer.score,
        )
        return Reply(answer, new_state)

    def _ask(self, question: str, state: ConversationState) -> tuple[Answer, ConversationState]:
        # Another language is read into the English the reader knows, and answered back in it.
        english, language = self.multilingual.prepare(question)
        # The kind model reads the question as typed (it learned every language's own words)
        # and, for another language, as rewritten into English too, where it learned most.
        guess = self.kind_model.guess(question) if isinstance(question, str) else None
        if guess is not None and language != ENGLISH:
            guess = blend(guess, self.kind_model.guess(english))
        answer, new_state = self._ask_english(english, state, guess)
        parts = two_questions(english)
        both = self._both_parts(parts, state, (answer, new_state)) if parts is not None else None
        if both is not None:
            first, second, new_state = both
            answer = replace(join_parts(first, second), question=answer.question)
            if language != ENGLISH:
                # each part is put in the language on its own: a part rebuilt from its records
                # in the language keeps the other part beside it
                said = join_parts(*(self._in_language(p, language, question) for p in both[:2]))
                return replace(said, more=self._with_more(answer).more), new_state
        if answer.status is not Status.ANSWERED and answer.intent != DETAIL_LACKING:
            # the question inside a longer message; a detail the facts lack stays said so
            for part in question_parts(english):
                retried, retried_state = self._ask_english(part, state)
                if retried.status is Status.ANSWERED:
                    answer, new_state = replace(retried, question=answer.question), retried_state
                    break
        return self._in_language(self._with_more(answer), language, question), new_state

    def _in_language(self, answer: Answer, language: str, question: str) -> Answer:
        """Return `answer`, with one note of each kind, in the asker's language."""
        return self.multilingual.localize(one_note(answer), language, question)

    def _with_more(self, answer: Answer) -> Answer:
        """Return `answer` with the whole records it rests on one step away, when its route
        gave none (a list, a timeline, both sides of a debate): the first few, in order."""
        if answer.status is not Status.ANSWERED or answer.more:
            return answer
        texts = (self.record_more(f) for f in answer.fact_ids[:MORE_RECORDS])
        more = "\n\n".join(t for t in texts if t)
        return replace(answer, more=more) if more else answer

    def _both_parts(
        self,
        parts: tuple[str, str],
        state: ConversationState,
        whole: tuple[Answer, ConversationState],
    ) -> tuple[Answer, Answer, ConversationState] | None:
        """Answer two questions asked in one, the second as a follow-up of the first, or
        return None when the two make a statement in common: one question asked twice ("were
        they just deals? what do critics say?"), while who signed and what the signer got
        are two. A first part that needs
        the second's subject to be answered ("the people who signed + what the Emiratis got")
        is answered by the whole message."""
        first, after_first = self._ask_english(parts[0], state)
        if first.status is not Status.ANSWERED:
            first, after_first = whole
        if first.status is not Status.ANSWERED:
            return None
        second, after_both = self._ask_english(parts[1], after_first)
        if second.status is not Status.ANSWERED or _restates(second, first):
            return None
        return first, second, after_both

    def _ask_english(
        self, question: str, state: ConversationState, guess: KindGuess | None = None
    ) -> tuple[Answer, ConversationState]:
        if not isinstance(question, str):
            question = str(question)
        shown = question.strip()[:300]
        if len(question) > MAX_INPUT_CHARS:
            return self.replies.no_answer(
                shown,
                wording.TOO_LONG,
            ), state
        clean = strip_markup(question)
        if is_instruction(clean):
            return self.replies.no_answer(shown, wording.NO_INSTRUCTIONS), state
        normalized = normalize(clean, slang=True)
        if not normalized:
            return self.replies.no_answer(shown, wording.PLAIN_WORDS), state
        if normalized in WHY_WORDS:
            return self.replies.explain(shown, state), state
        analysis = self.index.read(clean)
        if analysis.guarded:
            return self.replies.no_answer(shown, wording.only_the_base(analysis.guarded)), state
        reading = self._reading(analysis, state)
        guess = self.kind_model.guess(question) if guess is None else guess
        read = asking(self.tools, shown, analysis, reading, state, guess)
        return self.pipeline.run(self.tools, read)

    def read(self, question: str, state: ConversationState | None = None) -> Asking:
        """Return the question as the pipeline's routes and checks read it (for tests and
        explanations): the markup stripped, names and kinds read, claims ranked."""
        state = state or ConversationState()
        clean = strip_markup(question)
        analysis = self.index.read(clean)
        reading = self._reading(analysis, state)
        guess = self.kind_model.guess(question)
        return asking(self.tools, question.strip()[:300], analysis, reading, state, guess)

    def _with_the_last_state(
        self, mentions: tuple[tuple[str, str], ...], state: ConversationState
    ) -> bool:
        """Return whether a follow-up names only a party to every deal while the last answer
        was about a member: "did Israel open an embassy there?" is about Israel and it."""
        if state.entity_id not in self._members or not mentions:
            return False
        return all(
            e in self._related and self._related[e].status.in_every_deal for e, _ in mentions
        )

    def _reading(self, analysis: Analysis, state: ConversationState) -> Reading:
        mentions = tuple((m.entity_id, m.kind) for m in analysis.mentions)
        words = set(analysis.normalized.split())
        if (
            not mentions
            and state.entity_id
            and (words & BACK_REFERENCES or terse_follow_up(words, len(analysis.content)))
        ):
            kind = "person" if state.entity_id in self._people else "member"
            mentions = ((state.entity_id, kind),)
        elif self._with_the_last_state(mentions, state):
            # "…and did Israel ever open an embassy there?": Israel with the state asked about
            mentions = (*mentions, (state.entity_id or "", "member"))
        reading = read_question(
            analysis.normalized,
            analysis.tokens,
            mentions,
            tuple(m.text for m in analysis.mentions),
            analysis.years,
            analysis.month,
            tuple(w for w in analysis.unknown if w not in _UNKNOWN_OK),
            frozenset(t.value for t in topics_in(analysis.normalized)),
        )
        padded = f" {analysis.normalized} "
        named = {
            term(w) for phrase in TOPIC_WORDS if f" {phrase} " in padded for w in phrase.split()
        }
        kinds = reading.kinds
        if reading.topics and not (reading.entities or reading.people or kinds & DETAIL_KINDS):
            kinds = kinds | {Kind.VIEWS}  # "are the accords dead?": the debate on it answers
        return replace(reading, topic_terms=frozenset(named & reading.focus), kinds=kinds)

    def run_command(
        self, name: str, argument: str = "", state: ConversationState | None = None
    ) -> Reply:
        """Run a shared command (`ask`, `members`, `member`, …) with its argument."""
        state = state or ConversationState()
        spec = find_command(name)
        argument = (argument or "").strip()
        shown = f"/{name} {argument}".strip()[:300]
        if spec is None:
            names = [f"/{c.name}" for c in COMMANDS]
            return Reply(self.replies.no_answer(shown, wording.unknown_command(names)), state)
        if spec.name == "ask":
            if not argument:
                return Reply(
                    self.replies.no_answer(shown, wording.ADD_A_QUESTION),
                    state,
                )
            return self.ask(argument, state)
        answer, new_state = self.commands.command(spec.name, argument, shown, state)
        return Reply(answer, new_state)

    def record_more(self, fact_id: str) -> str:
        """Return the whole record `fact_id` as text (every detail, note and source), or ""."""
        rec = self._records.get(fact_id)
        return record_answers.record_more(rec) if rec is not None else ""

    def resolve_entity(self, text: str) -> str | None:
        """Resolve a country (or agreement, person) name typed by a user to its id."""
        return self.commands.resolve_entity(text)

    def complete(self, command: str, prefix: str) -> tuple[str, ...]:
        """Return up to 25 autocomplete choices for the option of `command`."""
        return self.commands.complete(command, prefix)

    def every_answer(self) -> Iterator[Answer]:
        """Yield every answer the fact base can produce through commands and intents."""
        yield from self._command_answers()
        yield from self._record_answers()
        yield self.replies.no_answer(
            "x" * 300, "I couldn't match that to anything in my fact base."
        )
        yield self.replies.clarify(
            "when did it join",
            "Which country do you mean?",
            [
                self.intents.canonical(Target("intent", "member_when", Slot.ENTITY), m.id)
                for m in self.kb.members
            ],
        )

    def _command_answers(self) -> Iterator[Answer]:
        """Yield the answers of every command, year and side of the debate."""
        for name in ("members", "sources", "about", "timeline", "critiques"):
            yield self.run_command(name).answer
        for year in self.intents.years:
            yield self.run_command("timeline", str(year)).answer
        for topic in ArgumentTopic:
            yield self.run_command("critiques", topic.label).answer
        for intent in ("critiques", "defences", "debate"):
            yield self.intents.arguments(intent, intent, None)
            for topic in ArgumentTopic:
                yield self.intents.arguments(intent, intent, topic)

    def _record_answers(self) -> Iterator[Answer]:
        """Yield every record's answers: each member's by intent, the others' whole."""
        for m in self.kb.members:
            for intent in MEMBER_INTENTS:
                yield record_answers.member_answer(self.kb, intent, m, intent)
        for r in self.kb.related:
            yield record_answers.related_answer(self.kb, r.name, r, "member_overview")
        for p in self.kb.people:
            yield record_answers.person_answer(self.kb, p.name, p)
        for t in self.kb.topics:
            yield record_answers.topic_answer(self.kb, t.title, t)
        yield record_answers.events_answer(
            self.kb, "latest", "The latest", self.kb.events[-6:], "latest"
        )


def _restates(second: Answer, first: Answer) -> bool:
    """Return whether `second` answers what `first` answers: they make a statement in common
    (or, for answers that list none, rest on a record in common)."""
    if second.claims and first.claims:
        return bool({c.text for c in second.claims} & {c.text for c in first.claims})
    return bool(set(second.fact_ids) & set(first.fact_ids))


def _remembered(answer: Answer, state: ConversationState) -> ConversationState:
    """Return `state` with what `answer` stated and cited, for a "why?" after it: the words
    the asker read, and the sources shown with them."""
    if answer.status is not Status.ANSWERED or answer.intent == "explain":
        return state
    stated = tuple(dict.fromkeys(c.text for c in answer.claims))[:STATED_KEPT]
    return replace(state, stated=stated, cited=tuple(s.url for s in answer.sources))
