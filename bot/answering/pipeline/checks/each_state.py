"""Check: a question about several named states gets each one's own claim, not one's."""

from __future__ import annotations

from bot.answering.pipeline.context import Asking, Proposal, Tools


def check(tools: Tools, asking: Asking, proposal: Proposal) -> Proposal | None:
    """Answer each named state from its own claim, when the answer speaks of only one."""
    answer, state = proposal
    each = tools.claim_answers.each_state(
        asking.shown, answer, list(asking.countries), asking.reading
    )
    return (each, state) if each is not None else None
