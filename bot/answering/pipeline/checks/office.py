"""Check: the office a "who" question names ("which foreign minister") the answer never names."""

from __future__ import annotations

from bot import wording
from bot.answering.checks import role_unnamed
from bot.answering.pipeline.context import Asking, Proposal, Tools, lacking
from bot.knowledge.corpus import QuestionKind

WHO = (QuestionKind.PERSON, QuestionKind.SIGNATORIES)
"""The kinds that ask who: an office named in a question read as neither is context ("my dad,
a retired diplomat, says Sudan is in"), not the holder asked for."""


def check(tools: Tools, asking: Asking, proposal: Proposal) -> Proposal | None:
    """Say the facts do not name the holder of the office asked, when the answer does not
    and the model reads the question as asking who."""
    answer = proposal[0]
    floor = tools.kinds.policy.asked_floor
    if all(asking.guess.p(kind) < floor for kind in WHO):
        return None
    member = tools.members.get(answer.fact_ids[0]) if answer.fact_ids else None
    if member is not None and member.signed is None:
        return None  # "who signed for Kazakhstan, its foreign minister?": no one, the answer says
    role = role_unnamed(answer, asking.reading)
    return lacking(tools, asking, answer, wording.office_unnamed(role)) if role else None
