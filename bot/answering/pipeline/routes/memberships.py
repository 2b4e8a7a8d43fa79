"""Route: whether each of several named states is in the accords ("are Egypt and Oman in?")."""

from __future__ import annotations

from bot.answer import Source
from bot.answering.pipeline.context import DETAIL_KINDS, Asking, Proposal, Tools
from bot.answering.yesno import asks_membership, memberships_answer
from bot.knowledge.models import MemberStatus


def propose(tools: Tools, asking: Asking) -> Proposal | None:
    """Answer each named state's membership, when two or more are asked about together."""
    reading = asking.reading
    if len(asking.countries) < 2 or not asks_membership(reading):
        return None
    if reading.kinds & DETAIL_KINDS:
        return None
    why_not = {e: tools.related[e].why_not for e in asking.countries if e in tools.related}
    states = [_membership(tools, e) for e in asking.countries]
    return memberships_answer(asking.shown, states, tools.kb.as_of, why_not), asking.state


def _membership(tools: Tools, entity: str) -> tuple[str, str, MemberStatus, tuple[Source, ...]]:
    rec = tools.members.get(entity) or tools.related[entity]
    return entity, rec.name, rec.status, rec.provenance.sources
