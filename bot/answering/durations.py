"""How long each deal took from announcement to signing, computed from the members' dates.

"How many days between Bahrain's announcement and its signing?", "which deal took longest
from announcement to signing?": the answer is arithmetic on the two dates the fact base
records for each member, never a number written by hand. A member with no signing, or a
date known only to the month, has no duration.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot import wording
from bot.knowledge.models import FuzzyDate, Member
from bot.understanding.reading import Reading
from bot.understanding.terms import terms

_ANNOUNCE, _SIGN = terms("announce sign")
_SPAN_WORDS = frozenset(
    "long longest longer fastest faster quickest quicker slowest slower shortest shorter days "
    "weeks gap took take between".split()
)
_MOST = frozenset({"longest", "slowest", "longer", "slower", "most"})
_LEAST = frozenset({"fastest", "quickest", "shortest", "faster", "quicker", "shorter", "least"})


def asks_duration(reading: Reading) -> bool:
    """Return whether the question asks how long it took from announcement to signing."""
    words = set(reading.words)
    return bool(words & _SPAN_WORDS) and {_ANNOUNCE, _SIGN} <= set(reading.terms)


def _day(d: FuzzyDate) -> date | None:
    if d.month is None or d.day is None or d.approximate:
        return None
    return date(d.year, d.month, d.day)


def days_to_sign(m: Member) -> int | None:
    """Return the days from `m`'s announcement to its signing, or None when not computable."""
    announced = _day(m.announced.date)
    signed = _day(m.signed.date) if m.signed else None
    if announced is None or signed is None:
        return None
    return (signed - announced).days


def _line(m: Member, days: int) -> str:
    signed = m.signed.date.human if m.signed else ""
    return wording.days_line(m.name, m.announced.date.human, signed, days)


def durations(members: Sequence[Member], reading: Reading) -> tuple[str, list[Member]] | None:
    """Return the answer's text and the members it is about, or None when none applies."""
    timed = [(m, d) for m in members if (d := days_to_sign(m)) is not None]
    if not timed:
        return None
    words = set(reading.words)
    timed.sort(key=lambda pair: pair[1])
    if words & _MOST or words & _LEAST:
        m, days = timed[-1] if words & _MOST else timed[0]
        lead = wording.took_most(m.name, bool(words & _MOST), days)
    elif len(timed) == 1:
        m, days = timed[0]
        signed = m.signed.date.human if m.signed else ""
        lead = wording.took_days(days, m.name, m.announced.date.human, signed)
    else:
        lead = wording.DURATIONS_HEAD
    body = lead + "\n" + "\n".join(f"• {_line(m, d)}" for m, d in timed)
    return body, [m for m, _ in timed]
