"""The core's fixed replies: don't-know, asking back, too fast, why, where from, about.

Each is composed from the knowledge base (its as-of date, counts and sources) and the shared
command list, never from a question's matching; the question-answering stages call them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from urllib.parse import urlsplit

from bot import wording
from bot.answer import Answer, AnswerField, Source, Status
from bot.answering.assemble import sources_of
from bot.knowledge.commands import ALL_COMMANDS
from bot.knowledge.models import (
    KnowledgeBase,
    Provenance,
)
from bot.state import ConversationState


class Replies:
    """Replies that do not depend on matching a question."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._provs: dict[str, Provenance] = {rec.id: rec.provenance for rec in kb.records}
        self._by_url: dict[str, Source] = {}
        for claim in kb.claims:
            for source in claim.sources:
                self._by_url.setdefault(source.url, source)

    def default_suggestions(self) -> tuple[str, ...]:
        """Return questions that show what the bot can answer."""
        first = self.kb.members[0].short_name if self.kb.members else wording.EXAMPLE_MEMBER
        pick = next((m for m in self.kb.members if m.id == "morocco"), None)
        return wording.default_suggestions(pick.short_name if pick else first)

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
            title=wording.NO_ANSWER_TITLE,
            body=body,
            suggestions=_offered(suggestions) or self.default_suggestions(),
            as_of=self.kb.as_of,
            score=round(score, 1),
            intent=intent,
        )

    def clarify(
        self, question: str, body: str, options: Sequence[str], score: float = 0.0
    ) -> Answer:
        unique = _offered(options)
        return Answer(
            question=question,
            status=Status.CLARIFY,
            title=wording.CLARIFY_TITLE,
            body=body,
            suggestions=tuple(unique),
            as_of=self.kb.as_of,
            score=round(score, 1),
            intent="clarify",
        )

    def explain(self, question: str, state: ConversationState) -> Answer:
        if not state.fact_ids:
            return self.no_answer(question, wording.NOTHING_TO_EXPLAIN)
        provs = [self._provs[f] for f in state.fact_ids if f in self._provs]
        files = sorted({f"{p.file}:{p.line}" for p in provs})
        body = wording.why_that_answer(state.fact_ids[:8], state.score, state.intent, files[:4])
        return Answer(
            question=question,
            status=Status.ANSWERED,
            title=wording.WHY_TITLE,
            body=body,
            sources=self._shown(state) or sources_of(provs),
            as_of=self.kb.as_of,
            fact_ids=state.fact_ids,
            score=100.0,
            intent="explain",
        )

    def _shown(self, state: ConversationState) -> tuple[Source, ...]:
        """Return the sources the last answer showed, as the fact base now holds them."""
        return tuple(self._by_url[u] for u in state.cited if u in self._by_url)

    def sources_answer(self, question: str) -> Answer:
        provs = list(self._provs.values())
        urls = {s.url for p in provs for s in p.sources}
        hosts = Counter(
            urlsplit(s.url).netloc.removeprefix("www.") for p in provs for s in p.sources
        )
        top = ", ".join(f"{h} ({n})" for h, n in hosts.most_common(8))
        oldest = min((p.verified_on for p in provs), key=lambda d: d.sort_key(), default=None)
        body = wording.facts_and_sources(self.kb.meta.coverage, len(provs), len(urls))
        fields = [
            AnswerField(wording.FIELD_FACTS_AS_OF, self.kb.as_of),
            AnswerField(wording.FIELD_CITED_SITES, top or wording.NO_SITES),
        ]
        if oldest:
            fields.append(AnswerField(wording.FIELD_OLDEST_CHECK, oldest.human))
        version = self.kb.content_hash or wording.NO_VERSION
        fields.append(AnswerField(wording.FIELD_VERSION, version))
        sources = (
            Source("Abraham Accords (Wikipedia)", "https://en.wikipedia.org/wiki/Abraham_Accords"),
        )
        return Answer(
            question=question,
            status=Status.ANSWERED,
            title=wording.SOURCES_TITLE,
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
            AnswerField(wording.FIELD_COMMANDS, commands),
            AnswerField(
                wording.FIELD_KNOWN,
                wording.what_i_know(
                    members=len(kb.members),
                    related=len(kb.related),
                    people=len(kb.people),
                    events=len(kb.events),
                    topics=len(kb.topics),
                    arguments=len(kb.arguments),
                ),
            ),
            AnswerField(
                wording.FIELD_FACTS_AS_OF, wording.as_of_version(kb.as_of, kb.content_hash)
            ),
            AnswerField(wording.REPORT_LABEL, kb.meta.report_hint),
        ]
        return Answer(
            question=question,
            status=Status.ANSWERED,
            title=wording.ABOUT_TITLE,
            body=body,
            fields=tuple(fields),
            as_of=kb.as_of,
            intent="about",
            fact_ids=("meta",),
        )


def _offered(questions: Sequence[str]) -> tuple[str, ...]:
    """Return the questions to offer: each once, none empty, at most five."""
    return tuple(q for q in dict.fromkeys(questions) if q)[:5]
