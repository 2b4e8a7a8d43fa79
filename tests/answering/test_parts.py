"""Two answers to the two parts of one question, put together as one reply."""

from __future__ import annotations

from dataclasses import replace

from bot.answer import Answer, ShownClaim, Source, Status
from bot.answering.parts import MAX_SOURCES, join_parts, restates


def _source(n: int) -> Source:
    return Source(f"S{n}", f"https://example.org/{n}")


def test_the_first_part_leads_and_the_second_follows_under_its_title() -> None:
    """The reply keeps the first part's title and lead, then the second part's title and body;
    every fact, claim and note of both is kept, and sources stay few, the first part's first."""
    first = Answer(
        "q",
        Status.ANSWERED,
        "Why, as reported",
        "• Reason.",
        sources=(_source(1), _source(2)),
        fact_ids=("r1",),
        notes=("Note A",),
        claims=(ShownClaim("Reason.", "r1", ()),),
        intent="finding_reason",
    )
    second = Answer(
        "q",
        Status.ANSWERED,
        "Sudan: status now",
        "Stalled.",
        sources=(_source(3), _source(4)),
        fact_ids=("sudan", "r1"),
        notes=("Note A", "Note B"),
        claims=(ShownClaim("Stalled.", "sudan", ()),),
        intent="member_status",
    )
    joined = join_parts(first, second)
    assert joined.title == "Why, as reported" and joined.intent == "finding_reason"
    assert joined.body == "• Reason.\n\nSudan: status now\nStalled."
    assert joined.fact_ids == ("r1", "sudan")
    assert joined.notes == ("Note A", "Note B")
    assert [c.fact_id for c in joined.claims] == ["r1", "sudan"]
    assert len(joined.sources) <= MAX_SOURCES
    assert joined.sources[:3] == (_source(1), _source(2), _source(3))


def _part(title: str, *statements: str) -> Answer:
    claims = tuple(ShownClaim(s, f"f{i}", ()) for i, s in enumerate(statements))
    return Answer("q", Status.ANSWERED, title, " ".join(statements), claims=claims)


def test_a_second_part_that_says_again_what_the_first_said_is_restated() -> None:
    """A part whose every statement the first already makes adds length, not an answer; one
    new statement is enough for it to be worth joining."""
    first = _part(
        "Egypt: not a member",
        "Egypt made peace with Israel in a treaty signed at the White House on 26 March 1979.",
    )
    again = _part("What came before", "Egypt signed its peace treaty at the White House in 1979.")
    new = _part("What came before", "Jordan signed its peace treaty at Wadi Araba in 1994.")
    assert restates(first, again)
    assert not restates(first, new)
    assert not restates(first, _part("What came before", again.body, new.body))
    assert not restates(first, replace(again, claims=()))
