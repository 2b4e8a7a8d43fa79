"""One reply for a question that asks two things: each part answered, then put together.

The first part keeps the lead and its details; the second follows under its own title, as its
lead alone: its details are in its More, which the reply's More includes. Sources stay few (the
first part's first, then the second's), and every claim, fact id and note of both is kept.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answer import Answer

MAX_SOURCES = 3
RESTATED = 0.8
"""A statement restates another part when this share of its words is already said there."""
_WORD = re.compile(r"\w{4,}")


def restates(first: Answer, second: Answer) -> bool:
    """Return whether every statement of `second` is already made by `first`: a second part
    that says the same again ("when did Egypt make peace?" and then what came before Egypt)
    only makes the reply longer."""
    said = {w for c in first.claims for w in _words(c.text)}
    return bool(second.claims) and all(
        len(words & said) >= RESTATED * len(words)
        for words in (_words(c.text) for c in second.claims)
    )


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def join_parts(first: Answer, second: Answer) -> Answer:
    """Return `first` followed by `second`, as one answer."""
    body = "\n\n".join(p for p in (first.body, f"{second.title}\n{second.body}".strip()) if p)
    sources = tuple(dict.fromkeys((*first.sources[:2], *second.sources[:1], *first.sources)))
    return replace(
        first,
        body=body,
        sources=sources[:MAX_SOURCES],
        fact_ids=tuple(dict.fromkeys((*first.fact_ids, *second.fact_ids))),
        notes=tuple(dict.fromkeys((*first.notes, *second.notes))),
        claims=(*first.claims, *second.claims),
        contested=first.contested or second.contested,
        more="\n\n".join(m for m in (first.more, second.more) if m),
    )
