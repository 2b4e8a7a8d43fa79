"""Check: a personal detail asked about a person (age, family) that the facts never record."""

from __future__ import annotations

from bot import wording
from bot.answering.checks import personal_unstated
from bot.answering.pipeline.context import Asking, Proposal, Tools, lacking


def check(tools: Tools, asking: Asking, proposal: Proposal) -> Proposal | None:
    """Say the facts lack the personal detail asked, when the answer does not state it."""
    answer = proposal[0]
    personal = personal_unstated(answer, asking.reading)
    return lacking(tools, asking, answer, wording.personal_unstated(personal)) if personal else None
