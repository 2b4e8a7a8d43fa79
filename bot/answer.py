"""The platform-neutral answer: what the core returns and every renderer consumes.

It holds structured plain text only, no markup of any platform; renderers escape it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class AnswerKind(StrEnum):
    """What kind of reply this is, beyond its status: renderers and logs decide on it.

    A `REPLY` is the core's answer to what was asked; `RATE_LIMITED` and `ERROR` are the
    service's own notices (too many questions; something failed), which are never shared,
    reported or logged as unanswered questions.
    """

    REPLY = "reply"
    RATE_LIMITED = "rate_limited"
    ERROR = "error"


class Status(StrEnum):
    """How sure the core is: an answer, a request to choose, or an honest "don't know"."""

    ANSWERED = "answered"
    CLARIFY = "clarify"
    NO_ANSWER = "no_answer"


@dataclass(frozen=True, slots=True)
class Source:
    """A cited source: a title and an http(s) URL."""

    title: str
    url: str


LISTED_ONE_BY_ONE = 3
"""Up to this many sources are listed one per line; more (a whole record's, in its More) are
grouped by publisher, one line each, so a chat reply stays as tidy as the answer."""


def source_lines(sources: Sequence[Source]) -> tuple[tuple[str, tuple[Source, ...]], ...]:
    """Return `sources` as a reply lists them, each line a publisher ("" for a source listed
    alone) and its pages: a few one by one under their full titles; many by who published
    them, in order of first citation, each page under its headline alone. A title reads
    "Publisher: headline"; one with no publisher before a colon is a line of its own."""
    if len(sources) <= LISTED_ONE_BY_ONE:
        return tuple(("", (s,)) for s in sources)
    groups: dict[tuple[str, str], list[Source]] = {}
    for source in sources:
        publisher, sep, headline = source.title.partition(": ")
        key = (publisher, "") if sep else ("", source.url)  # no publisher: a line of its own
        groups.setdefault(key, []).append(Source(headline if sep else source.title, source.url))
    return tuple((publisher, tuple(items)) for (publisher, _), items in groups.items())


@dataclass(frozen=True, slots=True)
class AnswerField:
    """A labelled part of an answer ("Signed", "Status"), shown as a field where supported."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class ShownClaim:
    """One statement an answer makes, the fact it comes from and the sources it rests on."""

    text: str
    fact_id: str
    sources: tuple[Source, ...]
    dated: str = ""
    """When what it states happened, as YYYY, YYYY-MM or YYYY-MM-DD ("" when undated): the
    newest statement's source is always among an answer's sources."""


@dataclass(frozen=True, slots=True)
class Answer:
    """One reply of the core, independent of any platform."""

    question: str
    status: Status
    title: str
    body: str
    fields: tuple[AnswerField, ...] = ()
    sources: tuple[Source, ...] = ()
    suggestions: tuple[str, ...] = ()
    as_of: str = ""
    fact_ids: tuple[str, ...] = ()
    score: float = 0.0
    contested: bool = False
    intent: str = ""
    notes: tuple[str, ...] = field(default=())
    candidates: tuple[tuple[str, float], ...] = ()
    kind: AnswerKind = AnswerKind.REPLY
    claims: tuple[ShownClaim, ...] = ()
    """The statements the answer makes, each with its own sources (`sources` is their union)."""
    more: str = ""
    """The whole record behind a short answer (every detail, note and source), one step away."""
    knowledge_version: str = ""
    """The content hash of the facts that produced this answer, stamped by the service, so a
    report filed long after (a shared or re-rendered answer) names the facts that answered."""
    language: str = "en"
    """The language the answer is written in (a language file's code)."""
    decorations: tuple[tuple[str, str], ...] = ()
    """The words renderers put around the answer ("Sources", "Facts as of", "Try:"), by key, in
    its language; none for English, whose words are `bot.wording`'s own."""
    rtl: bool = False
    """Whether the answer's language is written right to left: renderers isolate the Latin runs
    they add (a source's title, a date) so they keep their order."""

    @property
    def is_notice(self) -> bool:
        """Return True for the service's own notices (rate limit, failure), not answers."""
        return self.kind is not AnswerKind.REPLY

    def stated(self) -> str:
        """Return what the answer states, as one text: the name of what it is about (its
        title), its claims, its labelled fields and the caveats on them (its notes). Choosing
        and checking weigh this, never the words around the facts (the sentences joining them,
        the suggestions)."""
        return "\n".join(
            [
                self.title,
                *(c.text for c in self.claims),
                *(f.value for f in self.fields),
                *self.notes,
            ]
        )

    def text(self) -> str:
        """Return the whole answer as plain text (title, body, fields, notes), no sources."""
        parts = [self.title, self.body] if self.title else [self.body]
        parts.extend(f"{f.name}: {f.value}" for f in self.fields)
        parts.extend(self.notes)
        if self.suggestions:
            parts.append("Try: " + " | ".join(self.suggestions))
        return "\n".join(p for p in parts if p)
