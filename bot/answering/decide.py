"""Decide whether the best units answer the question, and which of them to state.

A unit answers when it states most of what the question's focus words ask (coverage), is
about the entity the question names, and scores clearly; when no entity is named and the
best units are the same claim of several records ("who signed for Israel?"), all of them are
the answer, one line each, rather than a question back.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.answering.policy import RankPolicy
from bot.answering.retrieve import Hit
from bot.answering.units import Unit
from bot.understanding.reading import Reading

# Fields that several records share, so that their units side by side make one list.
LISTABLE = frozenset({"signatories", "signed", "announced", "documents", "status", "argument"})


def confident(hit: Hit, reading: Reading, policy: RankPolicy) -> bool:
    """Return whether one hit is good enough to answer from."""
    named = bool(reading.entities or reading.people)
    if hit.coverage < policy.min_coverage or hit.score < policy.min_score:
        return False
    return not (named and hit.entity <= policy.entity_other)


def _fuller_close(hits: Sequence[Hit], reading: Reading, policy: RankPolicy) -> Sequence[Hit]:
    """Put first the close contender that states most of the question, if it states more.

    Used only when the best-scoring claim is not good enough: a claim scoring nearly as well
    that covers the question may answer instead of a question back.
    """
    named = {*reading.entities, *reading.people}
    close = [
        h
        for h in hits[1:]
        if h.score * policy.min_lead >= hits[0].score
        and h.kind >= hits[0].kind
        and (
            not named
            or h.unit.subject in named
            or (h.unit.subject is None and named <= h.unit.entities)
        )
    ]
    fuller = max(close, key=lambda h: h.coverage, default=None)
    if fuller is None or fuller.coverage <= hits[0].coverage:
        return hits
    return [fuller, *(h for h in hits if h is not fuller)]


def pick_units(hits: Sequence[Hit], reading: Reading, policy: RankPolicy) -> list[Unit]:
    """Return the units to answer with, best first, or [] when none answers."""
    if hits and not confident(hits[0], reading, policy):
        hits = _fuller_close(hits, reading, policy)
    if not hits or not confident(hits[0], reading, policy):
        return []
    best = hits[0]
    named = bool(reading.entities or reading.people)
    if not named and best.unit.field in LISTABLE:
        same = [
            h.unit
            for h in hits[1:]
            if h.unit.field == best.unit.field
            and h.unit.record != best.unit.record
            and h.score * policy.min_lead >= best.score
            and h.coverage >= policy.min_coverage
        ]
        if same:
            return [best.unit, *dict.fromkeys(same)]
    return [best.unit]


def one_subject(hits: Sequence[Hit], policy: RankPolicy) -> bool:
    """Return whether the close contenders are all about the best unit's record.

    "When did it open its embassy?" with nothing named fits several members' claims about
    equally well; a question whose words single out one record's claims does not. A claim
    with no record of its own (an event) is about the states it names.
    """
    if not hits or hits[0].unit.subject is None:
        return False
    best = hits[0].unit.subject
    return all(
        h.unit.subject == best or (h.unit.subject is None and h.unit.entities <= {best})
        for h in hits[1:]
        if h.score * policy.min_lead >= hits[0].score
    )
