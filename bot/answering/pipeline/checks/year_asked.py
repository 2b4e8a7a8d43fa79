"""Check: a year asked about ("what happened in 2023") that the answer never mentions."""

from __future__ import annotations

from dataclasses import replace

from bot.answer import Status
from bot.answering.checks import DETAIL_LACKING, off_time
from bot.answering.pipeline.context import Asking, Proposal, Tools


def check(tools: Tools, asking: Asking, proposal: Proposal) -> Proposal | None:
    """Answer with the claims of the year asked instead, or say the facts lack that year."""
    answer, state = proposal
    if not off_time(answer, asking.reading):
        return None
    dated = tools.from_claims.in_time(asking.shown, answer, asking.hits, asking.reading)
    if dated.status is Status.ANSWERED:
        return dated, state
    return replace(dated, intent=DETAIL_LACKING), asking.state
