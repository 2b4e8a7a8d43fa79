"""Answers composed from claims the ranking found: one claim, one line per state, a span.

The engine decides which claims answer; this puts them into an answer with the fact base's
record names, caveats and date, so every claim answer is built the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from bot import wording
from bot.answer import Answer, Status
from bot.answering.checks import on_time
from bot.answering.policy import RankPolicy
from bot.answering.replies import Replies
from bot.answering.retrieve import Hit, UnitIndex
from bot.answering.span import span_label
from bot.answering.unit_answer import unit_answer
from bot.answering.units import Unit
from bot.knowledge.models import (
    KnowledgeBase,
)
from bot.understanding.reading import Reading


class ClaimAnswers:
    """Compose answers from units of one knowledge base."""

    def __init__(
        self,
        kb: KnowledgeBase,
        index: UnitIndex,
        policy: RankPolicy,
        replies: Replies,
        record_more: Callable[[str], str],
    ) -> None:
        self.kb = kb
        self.index = index
        self.policy = policy
        self.replies = replies
        self.record_more = record_more
        self.names: dict[str, str] = {
            **{m.id: m.name for m in kb.members},
            **{r.id: r.name for r in kb.related},
            **{p.id: p.name for p in kb.people},
        }
        self.caveats: dict[str, tuple[str, ...]] = {rec.id: rec.caveats for rec in kb.records}

    def name(self, record: str) -> str:
        """Return the display name of a state, body or person (the id otherwise)."""
        return self.names.get(record, record)

    def answer(
        self, shown: str, units: Sequence[Unit], score: float = 0.0, title: str = ""
    ) -> Answer:
        """Answer with `units`; one claim brings its whole record one step away."""
        return unit_answer(
            shown,
            units,
            as_of=self.kb.as_of,
            record_names=self.names,
            caveats=self.caveats,
            more=self.record_more(units[0].record) if len(units) == 1 else "",
            score=min(100.0, 10.0 * score),
            title=title,
        )

    def each_state(
        self, shown: str, answer: Answer, states: Sequence[str], reading: Reading
    ) -> Answer | None:
        """Answer one line per state when the answer leaves out a state the question names.

        "Did Egypt and Jordan attend the summit?": the summit's record names Egypt only;
        each state's own claim about it answers for that state.
        """
        if answer.status is not Status.ANSWERED or len(states) < 2:
            return None
        said = answer.stated()
        if all(self.name(s) in said for s in states):
            return None
        others = tuple(e for e in reading.entities if e not in states)
        units: list[Unit] = []
        for state in states:
            alone = replace(reading, entities=(state, *others))
            best = next(
                (
                    h
                    for h in self.index.rank(alone)
                    if h.unit.subject == state
                    and (h.coverage > 0 or (others and set(others) <= h.unit.entities))
                ),
                None,
            )
            if best is None:
                return None
            units.append(best.unit)
        title = wording.each_of([self.name(s) for s in states])
        return self.answer(shown, units, title=title)

    def in_time(self, shown: str, answer: Answer, hits: Sequence[Hit], reading: Reading) -> Answer:
        """Answer with the named state's claim of the year asked, or say there is none."""
        dated = on_time(hits, reading, self.policy.entity_in_text)
        if dated is not None:
            return self.answer(shown, [dated.unit], dated.score)
        year = reading.time.year if reading.time and reading.time.year else ""
        return self.replies.no_answer(shown, wording.nothing_for_year(year), answer.suggestions)

    def span(self, shown: str, dated: Sequence[Unit], reading: Reading) -> Answer:
        """Answer with the happenings over the question's span of time, in date order."""
        label = span_label(reading.time) if reading.time else ""
        title = wording.happened_over([self.name(e) for e in reading.entities], label)
        return unit_answer(
            shown,
            dated,
            as_of=self.kb.as_of,
            record_names=self.names,
            caveats=self.caveats,
            title=title,
        )
