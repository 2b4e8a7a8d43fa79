"""Route: what happened between two moments ("since the Kazakhstan announcement")."""

from __future__ import annotations

from bot.answering.anchors import anchored
from bot.answering.pipeline.context import Asking, Proposal, Tools
from bot.answering.span import asks_span, span_units
from bot.state import ConversationState


def propose(tools: Tools, asking: Asking) -> Proposal | None:
    """Answer with the dated claims of the span asked, when the question asks for one."""
    spanned = anchored(asking.reading, tools.kb.members)
    if not asks_span(spanned):
        return None
    dated = span_units(tools.units.units, spanned)
    if not dated:
        return None
    answer = tools.claim_answers.span(asking.shown, dated, spanned)
    subject = spanned.entities[0] if spanned.entities else asking.state.entity_id
    state = ConversationState(
        entity_id=subject, fact_ids=tuple(dict.fromkeys(u.record for u in dated))
    )
    return answer, state
