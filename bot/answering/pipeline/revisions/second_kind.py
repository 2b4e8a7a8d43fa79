"""Revision: the second thing a question asks is answered too, and its one state remembered.

"why did Sudan sign, and is its deal done?" asks a reason (findings) and a status (the
records): each family answers its own part. The state a question named is what "it" means
next, even when a topic answered it.
"""

from __future__ import annotations

from bot.answer import Answer, Status
from bot.answering.checks import DETAIL_LACKING
from bot.answering.from_findings import FINDING_INTENT
from bot.answering.parts import join_parts, restates
from bot.answering.pipeline.context import Asking, Proposal, Tools, with_subject


def revise(tools: Tools, asking: Asking, proposal: Proposal, routed: Proposal) -> Proposal | None:
    """Return the answer with its second part, when the routes answered, or None."""
    answer, state = proposal
    if routed[0].status is not Status.ANSWERED or answer.intent == DETAIL_LACKING:
        return None
    return _with_second_part(tools, asking, answer, routed[0]), with_subject(state, asking.reading)


def _with_second_part(tools: Tools, asking: Asking, first: Answer, chosen: Answer) -> Answer:
    """Answer the second kind asked from the other family of answers: the findings of that
    kind, a lookup, or the routes' own answer (`chosen`) when findings replaced it."""
    kinds, asked = tools.kinds, asking.asked
    reading = asking.reading
    if not (reading.focus or reading.entities or reading.people):
        return first  # the accords' name and nothing more ("the Abraham Accords"): one thing
    kind = kinds.second_kind(asked, first)
    if kind is None or first.status is not Status.ANSWERED:
        return first
    part = kinds.part(asked, kind) or kinds.lookup_part(asked, kind)
    if part is None and first.intent.startswith(FINDING_INTENT):
        part = chosen
    if part is None or part.status is not Status.ANSWERED:
        return first
    if set(part.fact_ids) <= set(first.fact_ids) or restates(first, part):
        return first
    return join_parts(first, part)
