"""Which critiques and defences a debate answer shows first, and how many."""

from __future__ import annotations

from bot.answer import Source
from bot.answering.arguments_ranked import ArgumentRanking
from bot.answering.list_answers import FOCUSED_SHOWN, arguments_answer
from bot.engine import Engine
from bot.knowledge.models import Argument, ArgumentTopic, FuzzyDate, Provenance, Side
from bot.understanding.terms import quick_terms


def _argument(aid: str, side: Side, claim: str, *topics: ArgumentTopic) -> Argument:
    source = Source(f"Source of {aid}", f"https://example.org/{aid}")
    provenance = Provenance((source,), FuzzyDate(2026, 12, 7), "critiques.yaml", 1)
    return Argument(aid, side, topics, "Someone", claim, (), provenance)


_VIEWS = (
    _argument("c-pal", Side.CRITIQUE, "the deals betray the Palestinians"),
    _argument("c-arms", Side.CRITIQUE, "arms sales and spyware sealed the deals"),
    _argument("c-sahara", Side.CRITIQUE, "a bargain", ArgumentTopic.WESTERN_SAHARA),
    _argument("d-trade", Side.DEFENCE, "trade between the states grew"),
)


def test_views_stating_more_of_the_question_come_first_and_the_rest_keep_their_order() -> None:
    """The rarer the question's terms a view states, the earlier it comes; a topic's label
    counts as the view's words; views stating none keep the facts' order."""
    ranking = ArgumentRanking(_VIEWS)
    ids = [a.id for a in ranking.ranked(_VIEWS, quick_terms("were the arms sales a bribe"))]
    assert ids == ["c-arms", "c-pal", "c-sahara", "d-trade"]
    sahara = ranking.ranked(_VIEWS, quick_terms("what about western sahara"))
    assert sahara[0].id == "c-sahara"
    assert [a.id for a in ranking.ranked(_VIEWS, frozenset())] == [a.id for a in _VIEWS]
    assert ranking.relevance(_VIEWS[0], quick_terms("nothing shared here")) == 0.0


def test_a_term_only_the_attribution_has_counts_less_than_one_the_view_states() -> None:
    """ "as reported by People's Dispatch" is no view on people: a view stating "people"
    comes before one whose attribution alone has it."""
    reported = _argument("c-reported", Side.CRITIQUE, "a bargain over territory")
    reported = Argument(
        reported.id,
        reported.side,
        (),
        "Groups, as reported by People's Dispatch",
        reported.claim,
        (),
        reported.provenance,
    )
    stated = _argument("d-people", Side.DEFENCE, "peace is made by the people")
    ranking = ArgumentRanking((reported, stated))
    focus = quick_terms("peace between governments or between people")
    assert [a.id for a in ranking.ranked((reported, stated), focus)] == ["d-people", "c-reported"]
    assert 0 < ranking.relevance(reported, quick_terms("people")) < 1


def test_views_ranked_for_the_question_are_few_and_give_both_sides(
    answering_engine: Engine,
) -> None:
    """Ranked for a question, a debate shows the first few views of each side and leaves the
    rest and the list of topics to its More; unranked, it shows more and lists the topics."""
    kb = answering_engine.kb
    sides = [Side.CRITIQUE, Side.DEFENCE]
    args = list(kb.arguments)
    focused = arguments_answer(kb, "q", args, None, sides, "debate", focused=True)
    assert len(focused.claims) == 2 * FOCUSED_SHOWN
    assert not focused.fields
    assert {"Critics say:", "Supporters argue:"} <= set(focused.body.splitlines())
    whole = arguments_answer(kb, "q", args, None, sides, "debate")
    assert len(whole.claims) > len(focused.claims) and whole.fields
    assert all(line in whole.more for line in focused.body.splitlines())
