"""Route: a question about the set of members (which, how many, in what order) gets the table."""

from __future__ import annotations

from bot.answering.aggregate import about_members, answer_members
from bot.answering.pipeline.context import Asking, Proposal, Tools
from bot.state import ConversationState


def propose(tools: Tools, asking: Asking) -> Proposal | None:
    """Answer from the members table, when the question is about the members as a set."""
    if not about_members(asking.reading, frozenset(tools.related)):
        return None
    table = answer_members(tools.kb, asking.shown, asking.reading)
    if table is None:
        return None
    return table, ConversationState(fact_ids=table.fact_ids, score=table.score)
