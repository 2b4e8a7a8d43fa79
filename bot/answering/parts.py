"""One reply for a question that asks two things: each part answered, then put together.

The first part keeps the lead; the second follows under its own title. Sources stay few (the
first part's first, then the second's), and every claim, fact id and note of both is kept.
"""

from __future__ import annotations

from dataclasses import replace

from bot.answer import Answer

MAX_SOURCES = 3


def join_parts(first: Answer, second: Answer) -> Answer:
    """Return `first` followed by `second`, as one answer."""
    body = "\n\n".join(p for p in (first.body, f"{second.title}\n{second.body}".strip()) if p)
    sources = tuple(dict.fromkeys((*first.sources[:2], *second.sources[:1], *first.sources)))
    return replace(
        first,
        body=body,
        fields=(*first.fields, *second.fields),
        sources=sources[:MAX_SOURCES],
        fact_ids=tuple(dict.fromkeys((*first.fact_ids, *second.fact_ids))),
        notes=tuple(dict.fromkeys((*first.notes, *second.notes))),
        claims=(*first.claims, *second.claims),
        contested=first.contested or second.contested,
        more="\n\n".join(m for m in (first.more, second.more) if m),
    )
