"""The core's fixed replies: don't-know, asking back, too fast, why, where from, about.

Each is composed from the knowledge base (its as-of date, counts and sources) and the shared
command list, never from a question's matching; the question-answering stages call them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from urllib.parse import urlsplit

from bot import compose
from bot.answer import Answer, AnswerField, Source, Status
from bot.commands import ALL_COMMANDS
from bot.knowledge.models import (
    Argument,
    Event,
    KnowledgeBase,
    Member,
    Person,
    Provenance,
    Related,
    Topic,
)
from bot.state import ConversationState


class Replies:
    """Replies that do not depend on matching a question."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        records: list[Member | Related | Person | Event | Topic | Argument] = [
            *kb.members,
            *kb.related,
            *kb.people,
            *kb.events,
            *kb.topics,
            *kb.arguments,
        ]
        self._provs: dict[str, Provenance] = {rec.id: rec.provenance for rec in records}

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

    def no_answer(
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
            title="I don't know that.",
            body=body,
            suggestions=tuple(dict.fromkeys(suggestions))[:5] or self.default_suggestions(),
            as_of=self.kb.as_of,
            score=round(score, 1),
            intent=intent,
        )

    def clarify(
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

    def explain(self, question: str, state: ConversationState) -> Answer:
        if not state.fact_ids:
            return self.no_answer(
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

    def sources_answer(self, question: str) -> Answer:
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

    def about_answer(self, question: str) -> Answer:
        kb = self.kb
        body = kb.meta.about or kb.meta.coverage
        commands = "\n".join(f"/{c.name}: {c.description}" for c in ALL_COMMANDS)
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
