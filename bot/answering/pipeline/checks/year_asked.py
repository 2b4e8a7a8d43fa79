"""Check: a year asked about ("what happened in 2023") that the answer never mentions."""

from __future__ import annotations

from dataclasses import replace

from bot import wording
from bot.answer import Answer, Status
from bot.answering.checks import DETAIL_LACKING, off_time
from bot.answering.pipeline.context import Asking, Proposal, Tools
from bot.answering.yesno import wrongly_presumed


def check(tools: Tools, asking: Asking, proposal: Proposal) -> Proposal | None:
    """Answer with the claims of the year asked instead; else, when the answer dates what it
    states to another year ("the 2019 White House signing"), correct the year and keep it;
    else say the facts lack that year."""
    answer, state = proposal
    if not off_time(answer, asking.reading) or _corrects_a_premise(tools, asking, answer):
        return None
    asked = asking.reading.time.year if asking.reading.time else None
    other = _year_stated(answer) if answer.intent.startswith(_ONCE) else None
    if asked is not None and other is not None:
        # what happened once, put in another year: the year is corrected, not the question
        # answered with whatever else that year holds ("who signed for Morocco in 2021?")
        return replace(answer, body=f"{wording.not_that_year(asked, other)}\n{answer.body}"), state
    dated = tools.claim_answers.in_time(asking.shown, answer, asking.hits, asking.reading)
    if dated.status is Status.ANSWERED:
        return dated, state
    if asked is not None and _standing_then(tools, answer, asked):
        return replace(answer, body=f"{wording.no_change_that_year(asked)}\n{answer.body}"), state
    return replace(dated, intent=DETAIL_LACKING), asking.state


_ONCE = (
    "member_when",
    "member_signers",
    "member_where",
    "member_documents",
    "member_is",
    "claim:signed",
)
"""Answers about what happened once (a signing, who signed, where): a year asked that is not
theirs is a wrong year, not a year the facts lack."""


def _year_stated(answer: Answer) -> int | None:
    """Return the year the answer's first dated statement happened in, if any."""
    years = [int(c.dated[:4]) for c in answer.claims if c.dated[:4].isdigit()]
    return years[0] if years else None


_STANDING = ("member_status", "member_overview")
"""Answers saying where a state stands now: they hold for a year since it joined in which the
facts record no change."""


def _standing_then(tools: Tools, answer: Answer, year: int) -> bool:
    """Return whether `answer` says where a member stands now and `year` lies between its
    announcement and the facts' date: no change recorded that year, the standing answers."""
    member = tools.members.get(answer.fact_ids[0]) if answer.fact_ids else None
    if member is None or not answer.intent.startswith(_STANDING):
        return False
    return member.announced.date.year <= year <= tools.kb.meta.as_of.year


def _corrects_a_premise(tools: Tools, asking: Asking, answer: Answer) -> bool:
    """Return whether `answer` is about a country outside the accords that the question takes
    for a member ("why did Egypt sign the accords in 2020?"): its "No" answers whatever the
    year."""
    record = tools.related.get(answer.fact_ids[0]) if answer.fact_ids else None
    return record is not None and wrongly_presumed(asking.reading, record.status)
