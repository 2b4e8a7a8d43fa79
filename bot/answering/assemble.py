"""The parts every composed answer shares: statements with their sources, a body cut to fit.

`shown` ties a sentence to the claims it rests on, `cited` picks an answer's sources from its
statements, and `answered` builds the `Answer` a composer returns. Pure; no wording of its own
beyond the note that a list was cut (`bot.wording`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from bot import wording
from bot.answer import Answer, AnswerField, ShownClaim, Source, Status
from bot.answering.units import sentences
from bot.knowledge.models import Claim, FuzzyDate, KnowledgeBase, Provenance
from bot.understanding.terms import quick_terms

MAX_BODY = 3500
MAX_SOURCES = 8
SHOWN_SOURCES = 3
TOPIC_SENTENCES = 3
"""A topic's answer shows its lead sentence and the sentences nearest the question, this many."""


def sources_of(provs: Iterable[Provenance], limit: int = MAX_SOURCES) -> tuple[Source, ...]:
    """Return the distinct sources of `provs`, in order, at most `limit`."""
    seen: dict[str, Source] = {}
    for prov in provs:
        for src in prov.sources:
            seen.setdefault(src.url, src)
    return tuple(list(seen.values())[:limit])


def clip(lines: Sequence[str], more_hint: str) -> str:
    """Join `lines` into a body that fits, saying how many were left out and how to see them."""
    out: list[str] = []
    size = 0
    for i, line in enumerate(lines):
        if size + len(line) + 1 > MAX_BODY:
            out.append(wording.more_lines(len(lines) - i, more_hint))
            break
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


def first_sentences(text: str, n: int = 2) -> str:
    """Return the first `n` sentences of `text`."""
    return " ".join(sentences(text)[:n])


def focused(text: str, question: str, n: int = TOPIC_SENTENCES) -> str:
    """Return the lead sentence of `text` and those of the rest that share most words with
    `question`, `n` in all, in the text's order: a long text answers the question asked, and
    the whole of it is in More."""
    said = sentences(text)
    if len(said) <= n + 1:
        return text
    asked = quick_terms(question)
    overlap = [len(quick_terms(s) & asked) for s in said]
    best = sorted(range(1, len(said)), key=lambda i: (-overlap[i], i))[: n - 1]
    return " ".join(said[i] for i in sorted({0, *best}))


def caveat_notes(caveats: Iterable[str]) -> tuple[str, ...]:
    """Return the notes that present `caveats`."""
    return tuple(wording.note(c) for c in caveats)


def shown(
    text: str, fact_id: str, claims: Sequence[Claim], date: FuzzyDate | None = None
) -> ShownClaim:
    """Return one statement of an answer with the sources of the claims it rests on."""
    seen: dict[str, Source] = {}
    for c in claims:
        for src in c.sources:
            seen.setdefault(src.url, src)
    return ShownClaim(text, fact_id, tuple(seen.values()), date.iso if date else "")


def cited(claims: Sequence[ShownClaim], limit: int = SHOWN_SOURCES) -> tuple[Source, ...]:
    """Return the sources of the statements shown, best first: each one's first, then the rest,
    and always one of the newest dated statement's."""
    seen: dict[str, Source] = {}
    for rank in range(max((len(c.sources) for c in claims), default=0)):
        for c in claims:
            if rank < len(c.sources):
                seen.setdefault(c.sources[rank].url, c.sources[rank])
    chosen = list(seen.values())[:limit]
    newest = max((c for c in claims if c.dated and c.sources), key=lambda c: c.dated, default=None)
    if newest is not None and chosen and not set(newest.sources) & set(chosen):
        chosen[-1] = newest.sources[0]  # what is newest is what a reader checks first
    return tuple(chosen)


def answered(
    kb: KnowledgeBase,
    question: str,
    title: str,
    body: str,
    *,
    fact_ids: Sequence[str],
    provs: Iterable[Provenance],
    intent: str,
    fields: Sequence[AnswerField] = (),
    notes: Sequence[str] = (),
    contested: bool = False,
    claims: Sequence[ShownClaim] = (),
    more: str = "",
) -> Answer:
    """Return a composed answer, cited from its statements (else from the records' sources)."""
    return Answer(
        question=question,
        status=Status.ANSWERED,
        title=title,
        body=body,
        fields=tuple(fields),
        sources=cited(claims) if claims else sources_of(provs, SHOWN_SOURCES),
        as_of=kb.as_of,
        fact_ids=tuple(fact_ids),
        intent=intent,
        notes=tuple(notes),
        contested=contested,
        claims=tuple(claims),
        more=more,
    )


def each_answered(question: str, names: Sequence[str], answers: Sequence[Answer]) -> Answer:
    """Join one answer per state named ("when did Egypt and Jordan sign?") into one reply.

    Each state's answer keeps its own statements; the reply cites at most three sources in
    all, from the statements shown, and has no single record one step away.
    """
    claims = tuple(c for a in answers for c in a.claims)
    sources = (
        cited(claims) or tuple(dict.fromkeys(s for a in answers for s in a.sources))[:SHOWN_SOURCES]
    )
    first = answers[0]
    return Answer(
        question=question,
        status=Status.ANSWERED,
        title=wording.each_of(names),
        body="\n".join(f"• {a.title}: {' '.join(a.body.split())}" for a in answers),
        sources=sources,
        claims=claims,
        as_of=first.as_of,
        fact_ids=tuple(dict.fromkeys(f for a in answers for f in a.fact_ids)),
        score=min(a.score for a in answers),
        intent=f"each:{first.intent}",
        notes=tuple(dict.fromkeys(n for a in answers for n in a.notes)),
        contested=any(a.contested for a in answers),
    )


def one_note(answer: Answer) -> Answer:
    """Return `answer` with one note, the first statement's: the others, which qualify what
    it states further down, move to its More, where nothing is lost."""
    if len(answer.notes) <= 1:
        return answer
    kept, *moved = answer.notes
    missing = [n for n in moved if n not in answer.more]
    more = "\n".join([answer.more, *missing]) if missing else answer.more
    return replace(answer, notes=(kept,), more=more.strip())
