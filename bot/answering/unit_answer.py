"""Compose an answer that leads with the claim asked for: one unit, or one field of several.

The answer states the unit's own sentence (dated where it has a date), under the name of its
record; a list answer gives one line per record. Arguments keep their attribution ("Critics
say" / "Supporters argue") and are marked contested. Each statement cites its own claim's
sources; notes are the caveats on the claims shown, and the record's caveats about what the
claim states (sharing its words). The words around the claims are `bot.wording`'s, and the
sources and notes are picked as every composed answer picks them (`bot.answering.assemble`).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import wording
from bot.answer import Answer, ShownClaim, Status
from bot.answering.assemble import caveat_notes, cited
from bot.answering.units import Unit
from bot.understanding.terms import terms


def _line(u: Unit) -> str:
    if u.date is not None and u.field in ("milestone", "event", "ratification"):
        return f"{u.date.human}: {u.text}"
    return u.text


def _claim(u: Unit) -> ShownClaim:
    dated = u.date.iso if u.date is not None else ""
    return ShownClaim(_line(u), u.record, u.sources or u.provenance.sources, dated)


def unit_answer(
    question: str,
    units: Sequence[Unit],
    *,
    as_of: str,
    record_names: dict[str, str],
    caveats: dict[str, tuple[str, ...]],
    lead: str = "",
    score: float = 0.0,
    more: str = "",
    title: str = "",
) -> Answer:
    """Answer with `units`: one claim, or one line per claim when there are several."""
    heading = title
    first = units[0]
    claims = tuple(_claim(u) for u in units)
    contested = any(u.side is not None for u in units)
    if len(units) == 1:
        title = record_names.get(first.record, first.title)
        if first.side is not None:
            title = first.title
        body = _line(first)
    else:
        title = first.title if contested else wording.CLAIMS_TITLE
        body = "\n".join(
            f"• {record_names.get(u.record, u.title)}: {_line(u)}"
            if u.side is None
            else f"• {_line(u)}"
            for u in units
        )
    if lead:
        body = f"{lead} {body}"
    title = heading or title
    # The shown claims' own caveats, and those of the record about what the claim states.
    stated = set(terms(body))
    notes = caveat_notes(
        c
        for u in units
        for c in dict.fromkeys(
            [
                *u.caveats,
                *(c for c in caveats.get(u.record, ()) if len(stated & set(terms(c))) >= 3),
            ]
        )
    )[:2]
    if contested:
        notes += (wording.NO_SIDE_TAKEN,)
    return Answer(
        question=question,
        status=Status.ANSWERED,
        title=title,
        body=body,
        sources=cited(claims),
        claims=claims,
        as_of=as_of,
        fact_ids=tuple(dict.fromkeys(u.record for u in units)),
        score=round(score, 1),
        intent=f"claim:{first.field}",
        notes=tuple(dict.fromkeys(notes)),
        contested=contested,
        more=more,
    )
