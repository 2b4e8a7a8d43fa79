"""Revision: a question the routes did not answer is answered as the kind the model reads.

"what did they get?" with nothing to refer to stays asked back; a detail the facts lack (a
year, an office, an article) stays said so.
"""

from __future__ import annotations

from bot.answer import Status
from bot.answering.checks import DETAIL_LACKING
from bot.answering.pipeline.context import Asking, Proposal, Tools, state_after


def revise(tools: Tools, asking: Asking, proposal: Proposal, routed: Proposal) -> Proposal | None:
    """Return the answer of the kind read when the routes gave none, or None."""
    answer = routed[0]
    if answer.status is Status.ANSWERED or answer.intent == DETAIL_LACKING:
        return None
    fallback = tools.kinds.after(asking.asked)
    if fallback is None:
        return None
    return fallback, state_after(fallback, asking.reading, asking.state)
