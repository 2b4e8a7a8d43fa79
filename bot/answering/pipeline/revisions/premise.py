"""Revision: a wrong premise about the one member named is corrected before the answer.

"Why did Kazakhstan sign the accords at the White House in 2020?" takes for granted a signing
that never happened, and a year that is not Kazakhstan's: whatever answers the why, the reply
first says it has not signed, or when it did join. (A state outside the accords taken for a
member gets its "No" from the yes/no check.)
"""

from __future__ import annotations

from dataclasses import replace

from bot import wording
from bot.answer import Status
from bot.answering.pipeline.context import Asking, Proposal, Tools
from bot.answering.yesno import membership_lead, presumes_signing
from bot.knowledge.models import Member
from bot.understanding.reading import Reading, TimeOp


def revise(tools: Tools, asking: Asking, proposal: Proposal, routed: Proposal) -> Proposal | None:
    """Return the answer led by the correction of its premise, or None when it has none."""
    answer, state = proposal
    reading = asking.reading
    member = _the_member_named(tools, reading, answer.status)
    if member is None:
        return None
    lead = _correction(member, reading)
    if not lead or answer.body.startswith(lead.split(".")[0] + "."):
        return None
    return replace(answer, body=f"{lead}\n{answer.body}"), state


def _the_member_named(tools: Tools, reading: Reading, status: Status) -> Member | None:
    """Return the one member the question names, when it is answered (a refusal has nothing
    to lead)."""
    if status is not Status.ANSWERED or len(reading.entities) != 1:
        return None
    return tools.members.get(reading.entities[0])


def _correction(member: Member, reading: Reading) -> str:
    """Return what corrects the question's premise about `member`: a signing it never had, or
    a year it did not join in; "" when the premise holds."""
    if not presumes_signing(reading):
        return ""
    if member.signed is None:
        return membership_lead(member.name, member.status)
    time = reading.time
    if time is None or time.op is not TimeOp.IN or time.year is None or time.month is not None:
        return ""
    years = {member.announced.date.year, member.signed.date.year}
    if time.year in years:
        return ""
    return wording.not_that_year(time.year, min(years))
