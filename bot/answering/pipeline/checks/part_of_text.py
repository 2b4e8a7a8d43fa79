"""Check: a numbered part of a text asked ("article 7") that the answer does not state."""

from __future__ import annotations

from bot import wording
from bot.answering.checks import part_unstated
from bot.answering.pipeline.context import Asking, Proposal, Tools, lacking


def check(tools: Tools, asking: Asking, proposal: Proposal) -> Proposal | None:
    """Say the facts lack the part of the text asked, when the answer does not state it."""
    answer = proposal[0]
    part = part_unstated(answer, asking.reading)
    return lacking(tools, asking, answer, wording.no_text_of(part)) if part else None
