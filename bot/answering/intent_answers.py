"""The phrasing route's answers: a chosen intent, its slot filled, composed from the records.

Once `bot.answering.intent_route` has picked what a question asks (an intent and the entity,
person or year in its slot), this composes the answer: a member question, a period's events,
the debate on a topic, the lists, the fixed replies. It also words the questions that lead back
to each intent, which suggestion buttons and asking back offer.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import wording
from bot.answer import Answer
from bot.answering import record_answers
from bot.answering.arguments_ranked import ArgumentRanking
from bot.answering.replies import Replies
from bot.knowledge.models import Argument, ArgumentTopic, KnowledgeBase, Side
from bot.state import ConversationState
from bot.understanding.intents import Slot
from bot.understanding.matcher import Analysis, Target
from bot.understanding.topics import ENTITY_TOPICS, topics_in


class IntentAnswers:
    """Compose the answer of a chosen intent, and the questions that lead back to one."""

    def __init__(self, kb: KnowledgeBase, replies: Replies) -> None:
        self.kb = kb
        self.replies = replies
        self._members = {m.id: m for m in kb.members}
        self._related = {r.id: r for r in kb.related}
        self._people = {p.id: p for p in kb.people}
        self._topics = {t.id: t for t in kb.topics}
        self.years = sorted({e.date.year for e in kb.events})
        self._ranking = ArgumentRanking(kb.arguments)

    def name(self, entity_id: str) -> str:
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
        name = self.name(entity) if entity else ""
        if "{name}" in template and not name:
            return ""  # "What happened in ?": a question with its slot empty is not offered
        text = template.format(name=name)
        return text[:1].upper() + text[1:]

    def suggest_for(self, analysis: Analysis) -> tuple[str, ...]:
        """Return questions to suggest for what `analysis` names: the defaults if nothing."""
        if not analysis.mentions:
            return self.replies.default_suggestions()
        m = analysis.mentions[0]
        if m.kind == "person":
            return (self.canonical(Target("intent", "person"), m.entity_id),)
        # "When did Syria join?" would say a non-member joined: it is never offered.
        keys: tuple[str, ...] = ("member_overview", "member_when", "member_status")
        if m.entity_id not in self._members:
            keys = ("member_overview", "member_status")
        return tuple(self.canonical(Target("intent", key), m.entity_id) for key in keys)

    def which_country(self, question: str, target: Target, score: float) -> Answer:
        """Ask back which member a question means when it names none ("when did it join?")."""
        return self.replies.clarify(
            question,
            wording.WHICH_COUNTRY,
            [self.canonical(target, m.id) for m in self.kb.members],
            score,
        )

    def answer_target(
        self,
        question: str,
        target: Target,
        entity: str | None,
        score: float,
        analysis: Analysis,
        state: ConversationState,
    ) -> Answer:
        """Answer the chosen `target` about `entity`, or ask back for a slot still empty."""
        if target.kind == "topic":
            return record_answers.topic_answer(self.kb, question, self._topics[target.key])
        key = target.key
        if target.slot is Slot.ENTITY:
            if entity is None:
                return self.which_country(question, target, score)
            return self.entity_answer(question, entity, key)
        if target.slot is Slot.PERSON:
            if entity is None or entity not in self._people:
                return self.replies.clarify(
                    question,
                    wording.WHICH_PERSON,
                    [self.canonical(target, p.id) for p in self.kb.people[:5]],
                )
            return record_answers.person_answer(self.kb, question, self._people[entity])
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
        """Answer `intent` about a member, a non-member or a person."""
        if entity_id in self._members:
            return record_answers.member_answer(self.kb, question, self._members[entity_id], intent)
        if entity_id in self._related:
            return record_answers.related_answer(
                self.kb, question, self._related[entity_id], intent
            )
        if entity_id in self._people:
            return record_answers.person_answer(self.kb, question, self._people[entity_id])
        return self.replies.no_answer(question, wording.NOT_IN_FACTS)

    def timeline(
        self, question: str, year: int, month: int | None = None, day: int | None = None
    ) -> Answer:
        """List what happened in a year, or in a month or on a day of it when named."""
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
        return record_answers.events_answer(
            self.kb,
            question,
            wording.what_happened(label, on_day=on_day),
            events,
            "timeline_year",
            wording.ASK_A_MONTH,
        )

    def arguments(
        self,
        question: str,
        intent: str,
        topic: ArgumentTopic | None,
        focus: frozenset[str] = frozenset(),
    ) -> Answer:
        """Present the critiques, the defences or both, on `topic` or on the accords, those
        stating most of the question's `focus` terms first."""
        args: list[Argument] = [a for a in self.kb.arguments if topic is None or topic in a.topics]
        focused = any(self._ranking.relevance(a, focus) for a in args)
        args = self._ranking.ranked(args, focus)
        asked = {"critiques": Side.CRITIQUE, "defences": Side.DEFENCE}.get(intent)
        sides = [Side.CRITIQUE, Side.DEFENCE]
        if asked is Side.DEFENCE:
            sides.reverse()
        if topic is None and intent == "debate":
            args = self._balanced(args)
        return record_answers.arguments_answer(
            self.kb, question, args, topic, sides, intent, asked, focused=focused
        )

    @staticmethod
    def _balanced(args: Sequence[Argument], per_side: int = 5) -> list[Argument]:
        crit = [a for a in args if a.side is Side.CRITIQUE][:per_side]
        dfn = [a for a in args if a.side is Side.DEFENCE][:per_side]
        return crit + dfn

    def _general(self, question: str, key: str, analysis: Analysis) -> Answer:
        if key == "members":
            return record_answers.members_answer(self.kb, question)
        if key == "timeline":
            return record_answers.timeline_overview(self.kb, question)
        if key == "latest":
            recent = list(self.kb.events[-6:])
            return record_answers.events_answer(
                self.kb, question, wording.LATEST_TITLE, recent, "latest"
            )
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
