"""Check: a yes/no question about one state's membership leads with "Yes" or "No"."""

from __future__ import annotations

from bot.answering.pipeline.context import Asking, Proposal, Tools
from bot.answering.yesno import with_lead
from bot.knowledge.models import EntityKind


def check(tools: Tools, asking: Asking, proposal: Proposal) -> Proposal | None:
    """Put the yes or no first, when the answer is about the one state the question names."""
    answer, state = proposal
    entities = asking.reading.entities
    entity = entities[0] if len(entities) == 1 else None
    if entity is None or entity not in answer.fact_ids[:1]:
        return None
    if entity in tools.members:
        m = tools.members[entity]
        return with_lead(answer, asking.reading, m.name, m.status), state
    related = tools.related.get(entity)
    if related is not None and related.kind == EntityKind.COUNTRY:
        return with_lead(answer, asking.reading, related.name, related.status), state
    return None
