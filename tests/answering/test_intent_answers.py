"""The phrasing route's answers once a target is chosen: periods, asking back, suggestions."""

from __future__ import annotations

from bot.answer import Status
from bot.answering.intent_answers import IntentAnswers
from bot.answering.list_answers import OTHER_SIDE_SHOWN
from bot.answering.replies import Replies
from bot.engine import Engine
from bot.knowledge.models import Side
from bot.understanding.intents import Slot
from bot.understanding.matcher import Target


def _answers(engine: Engine) -> IntentAnswers:
    return IntentAnswers(engine.kb, Replies(engine.kb))


def test_a_year_without_events_says_which_years_the_timeline_covers(
    answering_engine: Engine,
) -> None:
    """An empty year is not answered; the reply lists the years there are and offers the last."""
    answers = _answers(answering_engine)
    answer = answers.timeline("what happened in 1900", 1900)
    assert answer.status is Status.NO_ANSWER
    assert all(str(y) in answer.body for y in answers.years)
    assert answer.suggestions == tuple(f"What happened in {y}?" for y in answers.years[-4:])


def test_a_day_is_titled_on_it_and_a_month_in_it(answering_engine: Engine) -> None:
    """A named day narrows the events to that day; a named month to that month."""
    answers = _answers(answering_engine)
    event = next(e for e in answering_engine.kb.events if e.date.day is not None)
    year, month, day = event.date.year, event.date.month, event.date.day
    assert month is not None and day is not None
    on_day = answers.timeline("q", year, month, day)
    assert on_day.title == f"What happened on {event.date.human}"
    assert event.id in on_day.fact_ids
    in_month = answers.timeline("q", year, month)
    assert in_month.title.startswith("What happened in ") and in_month.title.endswith(str(year))
    assert all(
        e.date.month == month for e in answering_engine.kb.events if e.id in in_month.fact_ids
    )


def test_a_member_question_naming_no_member_asks_which_one(answering_engine: Engine) -> None:
    """Asking back offers the same question about each member, by its short name."""
    answers = _answers(answering_engine)
    target = Target("intent", "member_when", Slot.ENTITY)
    answer = answers.which_country("when did it join", target, 70.0)
    assert answer.status is Status.CLARIFY
    members = answering_engine.kb.members
    expected = [f"When did {m.short_name} join?" for m in members][:5]
    assert list(answer.suggestions) == expected


def test_suggestions_never_say_a_non_member_joined(answering_engine: Engine) -> None:
    """A question naming Syria never suggests "When did Syria join?"; one naming Morocco may."""
    syria = answering_engine.ask("blah syria blah").answer.suggestions
    morocco = answering_engine.ask("blah morocco blah").answer.suggestions
    assert syria and not any("join" in s.casefold() for s in syria)
    assert any("join" in s.casefold() for s in morocco)


def test_a_question_with_its_slot_empty_is_never_offered(answering_engine: Engine) -> None:
    """ "What happened in ?" is not a question: a suggestion whose year or name is missing is
    left out of what is offered, and the rest stays."""
    answers = _answers(answering_engine)
    assert answers.canonical(Target("intent", "timeline_year", Slot.YEAR)) == ""
    assert answers.canonical(Target("intent", "timeline_year", Slot.YEAR), "2021").endswith("?")
    replies = Replies(answering_engine.kb)
    asked_back = replies.clarify("q", "which?", ["", "Who are the members?", ""])
    assert asked_back.suggestions == ("Who are the members?",)
    refused = replies.no_answer("q", "no", ["", "Who are the members?"])
    assert refused.suggestions == ("Who are the members?",)


def test_one_side_asked_for_comes_first_and_the_other_follows(answering_engine: Engine) -> None:
    """ "what do critics say?" gets the critics in full, then a few of the supporters, and the
    other way round for the defences: a debate is never given one side only."""
    answers = _answers(answering_engine)
    kb = answering_engine.kb
    for intent, asked, other in (
        ("critiques", Side.CRITIQUE, Side.DEFENCE),
        ("defences", Side.DEFENCE, Side.CRITIQUE),
    ):
        answer = answers.arguments("what do they say?", intent, None)
        sides = [a.side for f in answer.fact_ids for a in kb.arguments if a.id == f]
        shown = sides[: len(answer.claims)]
        assert shown[0] is asked and other in shown, intent
        assert shown.count(other) <= OTHER_SIDE_SHOWN < shown.count(asked), intent
        assert answer.intent == intent and "and defences" in answer.title
