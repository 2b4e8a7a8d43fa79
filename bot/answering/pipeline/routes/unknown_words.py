"""Route: a question about something the base does not know is said to be so.

"Who won the Versailles treaty?" names nothing of the base and a name it does not know; a
question mostly of words the base never uses is not about the accords either.
"""

from __future__ import annotations

from bot import wording
from bot.answering.pipeline.context import Asking, Proposal, Tools


def propose(tools: Tools, asking: Asking) -> Proposal | None:
    """Say the base knows nothing of the question's unknown words, when they decide it."""
    analysis = asking.analysis
    if not analysis.unknown or asking.evidence:
        return None
    unknown = len(analysis.unknown)
    mostly_unknown = unknown >= tools.policy.max_unknown_share * (unknown + len(analysis.content))
    if analysis.content and not analysis.unknown_names and not mostly_unknown:
        return None
    answer = tools.replies.no_answer(
        asking.shown, wording.nothing_on(analysis.unknown), tools.intents.suggest_for(analysis)
    )
    return answer, asking.state
