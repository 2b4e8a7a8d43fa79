"""Check: the office a "who" question names ("which foreign minister") the answer never names."""

from __future__ import annotations

from bot import wording
from bot.answering.checks import role_unnamed
from bot.answering.pipeline.context import Asking, Proposal, Tools, lacking


def check(tools: Tools, asking: Asking, proposal: Proposal) -> Proposal | None:
    """Say the facts do not name the holder of the office asked, when the answer does not."""
    answer = proposal[0]
    role = role_unnamed(answer, asking.reading)
    return lacking(tools, asking, answer, wording.office_unnamed(role)) if role else None
