"""Revision: an answer of another kind than the one read gives way to one of that kind.

"what prompted Morocco to sign?" answered with what Morocco signed states a document, not a
reason; "is Kazakhstan officially in?" answered with a topic on the Iran war is about none of
the records named; "what did Rubio say about Morocco?" answered about Morocco is not his.
"""

from __future__ import annotations

from bot.answer import Answer, Status
from bot.answering.pipeline.context import Asking, Proposal, Tools, state_after


def revise(tools: Tools, asking: Asking, proposal: Proposal, routed: Proposal) -> Proposal | None:
    """Return the answer of the kind read that answers better than the routes', or None."""
    answer = routed[0]
    if answer.status is not Status.ANSWERED:
        return None
    asked, kinds = asking.asked, tools.kinds
    better = kinds.better_answer(asked, answer)
    if better is None or not _replaces(tools, asking, answer, better):
        better = kinds.about_what_was_named(asked, answer)
    better = better or kinds.said_by_who_was_named(asked, answer)
    if better is None:
        return None
    return better, state_after(better, asking.reading, asking.state)


def _replaces(tools: Tools, asking: Asking, answer: Answer, better: Answer) -> bool:
    """Return whether the answer of the kind read replaces the routes': a refusal does, as does
    one the model is sure of; else it must state more of the question, or as much when the
    model reads the kind at least fairly (on a tie, a weak reading such as "what did Witkoff
    say before …" leaves the routes' answer)."""
    asked, kinds = asking.asked, tools.kinds
    if better.status is not Status.ANSWERED:
        return True
    if kinds.leaves_out_who_was_named(asked, better):
        return False
    if kinds.sure(asked):
        return True
    covers = tools.claims.share_stated
    gain = covers(better, asking.reading) - covers(answer, asking.reading)
    return gain > 0 or (gain == 0 and kinds.fairly_sure(asked))
