"""Two answers to the two parts of one question, put together as one reply."""

from __future__ import annotations

from bot.answer import Answer, ShownClaim, Source, Status
from bot.answering.parts import MAX_SOURCES, join_parts


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
