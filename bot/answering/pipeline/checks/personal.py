"""Check: a personal detail asked about a person (age, family) that the facts never record."""

from __future__ import annotations

from bot import wording
from bot.answering.checks import DETAIL_LACKING, personal_unstated
from bot.answering.pipeline.context import Asking, Proposal, Tools


def check(tools: Tools, asking: Asking, proposal: Proposal) -> Proposal | None:
    """Say the facts lack the personal detail asked, when the answer does not state it."""
    answer = proposal[0]
    personal = personal_unstated(answer, asking.reading)
    if not personal:
        return None
    refusal = tools.replies.no_answer(
        asking.shown, wording.personal_unstated(personal), answer.suggestions, intent=DETAIL_LACKING
    )
    return refusal, asking.state
