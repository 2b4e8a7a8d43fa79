"""Check: a year asked about ("what happened in 2023") that the answer never mentions."""

from __future__ import annotations

from dataclasses import replace

from bot import wording
from bot.answer import Answer, Status
from bot.answering.checks import DETAIL_LACKING, off_time
from bot.answering.pipeline.context import Asking, Proposal, Tools


def check(tools: Tools, asking: Asking, proposal: Proposal) -> Proposal | None:
    """Answer with the claims of the year asked instead; else, when the answer dates what it
    states to another year ("the 2019 White House signing"), correct the year and keep it;
    else say the facts lack that year."""
    answer, state = proposal
    if not off_time(answer, asking.reading):
        return None
    dated = tools.from_claims.in_time(asking.shown, answer, asking.hits, asking.reading)
    if dated.status is Status.ANSWERED:
        return dated, state
    asked = asking.reading.time.year if asking.reading.time else None
    other = _year_stated(answer) if answer.intent.startswith(_ONCE) else None
    if asked is not None and other is not None:
        return replace(answer, body=f"{wording.not_that_year(asked, other)}\n{answer.body}"), state
    return replace(dated, intent=DETAIL_LACKING), asking.state


_ONCE = ("member_when", "member_signers", "member_where", "member_documents", "claim:signed")
"""Answers about what happened once (a signing, who signed, where): a year asked that is not
theirs is a wrong year, not a year the facts lack."""


def _year_stated(answer: Answer) -> int | None:
    """Return the year the answer's first dated statement happened in, if any."""
    years = [int(c.dated[:4]) for c in answer.claims if c.dated[:4].isdigit()]
    return years[0] if years else None
