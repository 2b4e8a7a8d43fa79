"""Yes or no first, for questions about whether a state is in the accords.

The lead comes from the status enum only: "Yes" for a member whose relations are in place,
a qualified answer for a stalled deal or an announced accession, "No" for every non-member.
It is added only when the question asks about membership and names one state. The sentences
are `bot.wording`'s; this module only chooses one by the status.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from bot import wording
from bot.answer import Answer, ShownClaim, Source, Status
from bot.knowledge.models import MemberStatus
from bot.understanding.kinds import Kind
from bot.understanding.reading import Reading

_MEMBERSHIP = frozenset(
    "member members membership join joined in part party parties signatory belong still counts "
    "counted included inside included signed".split()
)


def membership_lead(name: str, status: MemberStatus) -> str:
    """Return the yes/no sentence for whether `name` (with `status`) is in the accords."""
    if status in (
        MemberStatus.IN_FORCE,
        MemberStatus.RELATIONS_ESTABLISHED,
        MemberStatus.RELATIONS_RESTORED,
    ):
        return wording.is_member(name, status.label)
    if status is MemberStatus.STALLED:
        return wording.partly_member(name)
    if status is MemberStatus.ANNOUNCED:
        return wording.announced_not_signed(name)
    if status is MemberStatus.PLEDGED:
        return wording.pledged_not_member(name)
    if status is MemberStatus.PARTY:
        return wording.party_to_every_deal(name)
    return wording.not_member(name)


_IN_ACCORDS = re.compile(r"\bin (?:the )?(?:abraham )?(?:accords?|deal|it|them)\b|\bin or not\b")


def asks_membership(reading: Reading) -> bool:
    """Return whether `reading` is a yes/no question about being in the accords."""
    if Kind.YESNO not in reading.kinds:
        return False
    # "in" asks about membership only as "in the accords", "in it", "in or not"
    return bool(set(reading.words) & (_MEMBERSHIP - {"in"})) or bool(
        _IN_ACCORDS.search(reading.normalized)
    )


def memberships_answer(
    question: str,
    states: Sequence[tuple[str, str, MemberStatus, Sequence[Source]]],
    as_of: str,
    why_not: Mapping[str, str] | None = None,
) -> Answer:
    """Answer "are Egypt and Jordan in the accords?" with one yes/no line per state named.

    A state that is not a member has its reason beside the no (`why_not`, by state id).
    """
    why = why_not or {}
    said = [
        ShownClaim(
            " ".join(filter(None, (membership_lead(name, status), why.get(fact_id, "")))),
            fact_id,
            tuple(cited),
        )
        for fact_id, name, status, cited in states
    ]
    return Answer(
        question=question,
        status=Status.ANSWERED,
        title=wording.MEMBERSHIPS_TITLE,
        body="\n".join(f"• {claim.text}" for claim in said),
        sources=tuple(dict.fromkeys(c.sources[0] for c in said if c.sources))[:3],
        as_of=as_of,
        fact_ids=tuple(fact_id for fact_id, _, _, _ in states),
        score=100.0,
        intent="member_is",
        claims=tuple(said),
    )


_JOINING = (_MEMBERSHIP - {"in", "still", "inside"}) | {
    "sign",
    "signs",
    "signing",
    "joins",
    "joining",
}


_WOULD = frozenset("should would will could can might may to".split())
"""Words that ask about joining as a prospect ("why should Palestine join?"), not a fact."""


def presumes_membership(reading: Reading) -> bool:
    """Return whether `reading` takes for granted that a state it names joined the accords
    ("why did Egypt sign the Abraham Accords?"): for a state that did not, "No" answers it."""
    words = set(reading.words)
    return reading.says_accords and bool(words & _JOINING) and not words & _WOULD


_SIGNING = frozenset("sign signed signs signing".split())


def presumes_signing(reading: Reading) -> bool:
    """Return whether `reading` takes for granted that a state it names signed ("why did
    Kazakhstan sign the accords?"), not asking whether or when it will."""
    words = set(reading.words)
    return bool(words & _SIGNING) and not words & _WOULD and Kind.YESNO not in reading.kinds


def wrongly_presumed(reading: Reading, status: MemberStatus) -> bool:
    """Return whether `reading` takes a state with `status` for a member when it is not one,
    nor a party to every deal: "No" answers it, whatever else it asks."""
    return not (status.is_member or status.in_every_deal) and presumes_membership(reading)


def with_lead(answer: Answer, reading: Reading, name: str, status: MemberStatus) -> Answer:
    """Return `answer` led by yes/no when `reading` asks whether the state is in the accords,
    or takes for granted that a state outside them joined."""
    if answer.status is not Status.ANSWERED:
        return answer
    if not (asks_membership(reading) or wrongly_presumed(reading, status)):
        return answer
    if len(reading.entities) != 1:
        return answer
    lead = membership_lead(name, status)
    if answer.body.startswith(lead.split(".")[0] + "."):
        return answer
    return replace(answer, body=f"{lead} {answer.body}")
