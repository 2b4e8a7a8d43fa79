"""Deciding on the claims ranked: whether the close ones are all about one record."""

from __future__ import annotations

from dataclasses import replace

from bot.answering.decide import one_subject
from bot.engine import Engine


def test_claims_about_one_record_are_one_subject(answering_engine: Engine) -> None:
    """The best claims on Bahrain's ambassador are all Bahrain's; with nothing named, the
    embassies of several states fit alike."""
    policy = answering_engine.rank_policy
    named = answering_engine.read("when did bahrain's ambassador to israel present credentials")
    assert one_subject(named.hits, policy)
    unnamed = answering_engine.read("when did it open its embassy")
    assert not one_subject(unnamed.hits, policy)


def test_a_close_claim_about_another_record_is_not_one_subject(answering_engine: Engine) -> None:
    """The same claims scored alike but filed under another state: two subjects, not one."""
    hits = list(answering_engine.read("when did bahrain's ambassador present credentials").hits)
    first, rest = hits[0], hits[1:]
    others = [replace(h, unit=replace(h.unit, subject="morocco")) for h in rest]
    close = [replace(h, score=first.score) for h in others]
    assert not one_subject([first, *close], answering_engine.rank_policy)
    assert one_subject([first], answering_engine.rank_policy)
