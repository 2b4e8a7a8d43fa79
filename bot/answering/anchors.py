"""Times given by a state's step: "since the Kazakhstan announcement", "after Morocco signed".

A question may date itself by a member's announcement or signing rather than a year; the
member's record gives that date, and the state named is then the anchor of the time, not
what the question is about.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from bot.knowledge.models import FuzzyDate, Member
from bot.understanding.reading import Reading, TimeConstraint, TimeOp

_ANCHOR = re.compile(
    r"\b(since|after|before|until|by)\s+(?:the\s+)?(?P<state>\w+(?:\s\w+)?)\s+"
    r"(?P<step>announcement|announced|signing|signed|signature|accession|joined|joining|deal)\b"
)
_OPS = {
    "since": TimeOp.AFTER,
    "after": TimeOp.AFTER,
    "before": TimeOp.BEFORE,
    "until": TimeOp.BY,
    "by": TimeOp.BY,
}
_SIGNING = frozenset({"signing", "signed", "signature"})


def anchored(reading: Reading, members: Sequence[Member]) -> Reading:
    """Return `reading` with a time anchored on a member's step, when it has one."""
    if reading.time is not None or not reading.entities:
        return reading
    found = _ANCHOR.search(reading.normalized)
    if found is None:
        return reading
    names = found.group("state")
    member = next(
        (
            m
            for m in members
            if m.id in reading.entities
            and any(n in names for n in (m.id, m.name.casefold(), m.short_name.casefold()))
        ),
        None,
    )
    if member is None:
        return reading
    step: FuzzyDate | None = member.announced.date
    if found.group("step") in _SIGNING:
        step = member.signed.date if member.signed else None
    if step is None:
        return reading
    op = _OPS[found.group(1)]
    time = TimeConstraint(op, step.year, step.month, entity=member.id)
    others = tuple(e for e in reading.entities if e != member.id)
    return replace(reading, time=time, entities=others)
