"""The pipeline's routes and checks, each pinned on its own and in the list.

Each route and check has a question whose right answer needs it: with the whole pipeline the
answer holds, and with that one route or check left out it no longer does, so none of them is
dead weight and none can stop working unnoticed. Direct tests build the answer a check weighs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from bot.answer import Answer, ShownClaim, Status
from bot.answering.checks import DETAIL_LACKING
from bot.answering.pipeline import CHECKS, REVISIONS, ROUTES, Pipeline
from bot.answering.pipeline.checks import office, part_of_text, year_asked, yes_no
from bot.answering.pipeline.routes import members_table, memberships, since, unknown_words
from bot.engine import Engine
from bot.state import ConversationState

Holds = Callable[[Answer], bool]

# For each route and check: a question, and what its right answer holds.
NEEDS: dict[str, tuple[str, Holds]] = {
    "unknown_words": (
        "give me a recipe for hummus",
        lambda a: a.status is Status.NO_ANSWER and "hummus" in a.text(),
    ),
    "memberships": (
        "are oman and egypt members of the abraham accords?",
        lambda a: a.intent == "member_is" and set(a.fact_ids) == {"oman", "egypt"},
    ),
    "members_table": (
        "what is the newest member of the abraham accords?",
        lambda a: "Kazakhstan" in a.body.splitlines()[0],
    ),
    "since": (
        "anything new since 2025?",
        lambda a: any(f.startswith(("e2025", "e2026")) for f in a.fact_ids),
    ),
    "best_answer": (
        "who is in the abraham accords?",
        lambda a: {"uae", "bahrain", "morocco", "sudan", "kazakhstan"} <= set(a.fact_ids),
    ),
    "part_of_text": (
        "what does article 5 of the bahrain declaration say?",
        lambda a: a.intent == DETAIL_LACKING and "article 5" in a.text(),
    ),
    "year_asked": (
        "what happened with the morocco deal in 2019?",
        lambda a: a.intent == DETAIL_LACKING and "2019" in a.text(),
    ),
    "personal": (
        "how old is king mohammed vi",
        lambda a: a.intent == DETAIL_LACKING,
    ),
    "office": (
        "who is morocco's ambassador to israel?",
        lambda a: a.intent == DETAIL_LACKING,
    ),
    "each_state": (
        "how is the bahrain thingy different from the uae treaty",
        lambda a: set(a.fact_ids[:2]) == {"bahrain", "uae"},  # a part for each, in turn
    ),
    "yes_no": (
        "is Saudi Arabia a member?",
        lambda a: a.body.startswith("No."),
    ),
    "kind_fallback": (
        "meir ben-shabbat keeps coming up when i read about morocco. who is he",
        lambda a: a.intent == "person" and a.fact_ids[:1] == ("ben-shabbat",),
    ),
    "kind_asked": (
        "what prompted Morocco to sign?",
        lambda a: a.intent == "finding_reason",
    ),
    "premise": (
        "why did kazakhstan sign the abraham accords at the white house?",
        lambda a: a.body.startswith("Not yet signed."),  # whatever answers the why
    ),
    "second_kind": (
        "who signed for bahrain and why",
        lambda a: any(f.startswith("bahrain-reason") for f in a.fact_ids),  # who, then why
    ),
}


def _ask(engine: Engine, pipeline: Pipeline, question: str) -> Answer:
    full = engine.pipeline
    engine.pipeline = pipeline
    try:
        return engine.ask(question).answer
    finally:
        engine.pipeline = full


def test_every_route_and_check_has_a_question_that_needs_it() -> None:
    names = {r.name for r in ROUTES} | {name for name, _ in CHECKS} | {r.name for r in REVISIONS}
    assert names == set(NEEDS)


@pytest.mark.parametrize("name", sorted(NEEDS))
def test_the_whole_pipeline_answers_it(engine: Engine, name: str) -> None:
    question, holds = NEEDS[name]
    assert holds(_ask(engine, Pipeline(), question)), question


@pytest.mark.parametrize("name", sorted(NEEDS))
def test_leaving_it_out_loses_that_answer(engine: Engine, name: str) -> None:
    question, holds = NEEDS[name]
    assert not holds(_ask(engine, Pipeline().without(name), question)), question


def test_no_route_proposing_is_an_honest_no_answer(engine: Engine) -> None:
    nothing = Pipeline(routes=(), revisions=())
    answer, _ = nothing.run(engine.tools, engine.read("when did bahrain join?"))
    assert answer.status is Status.NO_ANSWER


def test_no_route_proposing_leaves_the_kind_read_to_answer(engine: Engine) -> None:
    """With no route's answer, the revision by the kind read answers as that kind."""
    answer, state = Pipeline(routes=()).run(engine.tools, engine.read("when did bahrain join?"))
    assert answer.status is Status.ANSWERED and answer.fact_ids[:1] == ("bahrain",)
    assert state.entity_id == "bahrain"


@pytest.mark.parametrize(
    ("route", "question"),
    [
        (unknown_words.propose, "when did bahrain join?"),
        (memberships.propose, "is oman in the abraham accords?"),
        (members_table.propose, "when did bahrain join?"),
        (since.propose, "who signed for morocco?"),
    ],
)
def test_a_route_leaves_other_questions_to_the_next(
    engine: Engine, route: Callable[..., object], question: str
) -> None:
    assert route(engine.tools, engine.read(question)) is None


def _said(
    question: str, body: str, facts: tuple[str, ...] = ()
) -> tuple[Answer, ConversationState]:
    stated = ShownClaim(body, facts[0] if facts else "", ())
    answer = Answer(question, Status.ANSWERED, "Answer", body, fact_ids=facts, claims=(stated,))
    return answer, ConversationState()


def test_office_check_weighs_whether_the_answer_names_the_office(engine: Engine) -> None:
    question = "who is morocco's ambassador to israel?"
    asking = engine.read(question)
    named = _said(question, "Abdelkader El Ansari was named ambassador to Israel.")
    unnamed = _said(question, "Signed on 22 December 2020 by Saad Eddine El Othmani.")
    assert office.check(engine.tools, asking, named) is None
    refusal = office.check(engine.tools, asking, unnamed)
    assert refusal is not None and refusal[0].status is Status.NO_ANSWER


def test_office_check_leaves_a_signing_that_never_happened_and_an_office_named_as_context(
    engine: Engine,
) -> None:
    """ "who signed for Kazakhstan, its foreign minister?" is answered by "no signing is on
    record", which names no office; "my dad, a retired diplomat, says Sudan is in" does not
    ask who holds an office."""
    question = "kazakhstan signed at the white house, which foreign minister signed for them?"
    asking = engine.read(question)
    none = _said(
        question, "No signatories are on record: no signing has been found.", ("kazakhstan",)
    )
    assert office.check(engine.tools, asking, none) is None
    signed = _said(question, "Signed on 15 September 2020 by Benjamin Netanyahu.", ("bahrain",))
    refusal = office.check(engine.tools, asking, signed)
    assert refusal is not None and refusal[0].status is Status.NO_ANSWER
    context = "my dad, a retired diplomat, keeps saying sudan is in the accords, is it?"
    said = _said(context, "Sudan signed the Declaration on 6 January 2021.", ("sudan",))
    assert office.check(engine.tools, engine.read(context), said) is None


def test_part_of_text_check_weighs_whether_the_answer_states_the_part(engine: Engine) -> None:
    question = "what does article 3 of the bahrain declaration say?"
    asking = engine.read(question)
    stated = _said(question, "Article 3 of the declaration says the parties exchange embassies.")
    assert part_of_text.check(engine.tools, asking, stated) is None
    missing = part_of_text.check(engine.tools, asking, _said(question, "Bahrain signed in 2020."))
    assert missing is not None and missing[0].intent == DETAIL_LACKING


def test_checks_weigh_what_an_answer_states_not_the_words_around_it(engine: Engine) -> None:
    """A part of a text, an office or a year named only in the sentences around the facts (a
    suggestion, a joining line) is not stated: the checks weigh the claims, fields and notes."""
    question = "what does article 5 of the bahrain declaration say?"
    asking = engine.read(question)
    answer, state = _said(question, "Bahrain signed in 2020.", ("bahrain",))
    framed = replace(answer, body=f"Article 5:\n{answer.body}", suggestions=("Article 5?",))
    assert "article 5" in framed.text().casefold()
    assert part_of_text.check(engine.tools, asking, (framed, state)) is not None
    noted = replace(answer, notes=("Article 5 is disputed.",))
    assert part_of_text.check(engine.tools, asking, (noted, state)) is None


def test_year_check_lets_an_answer_of_the_year_asked_stand(engine: Engine) -> None:
    question = "what did morocco and israel do in 2021?"
    asking = engine.read(question)
    of_the_year = _said(question, "In August 2021 Israel opened its office in Rabat.", ("morocco",))
    assert year_asked.check(engine.tools, asking, of_the_year) is None
    other_year = year_asked.check(
        engine.tools, asking, _said(question, "Morocco joined in December 2020.", ("morocco",))
    )
    assert other_year is not None and "2020" not in other_year[0].body


def test_year_check_corrects_a_year_the_answer_dates_otherwise(engine: Engine) -> None:
    """ "who signed for Bahrain in 2019?": nothing is dated 2019, and the answer dates the
    signing to 2020, so the year is corrected and the answer kept; undated, it is refused."""
    question = "who signed for bahrain in 2019?"
    asking = engine.read(question)
    answer, state = _said(question, "Signed by Al Zayani.", ("bahrain",))
    answer = replace(answer, intent="member_signers")
    signing = ShownClaim("Signed by Al Zayani.", "bahrain", (), "2020-09-15")
    dated = replace(answer, claims=(signing,))
    corrected = year_asked.check(engine.tools, asking, (dated, state))
    assert corrected is not None and corrected[0].status is Status.ANSWERED
    assert corrected[0].body.startswith("Not in 2019") and "2020" in corrected[0].body
    undated = year_asked.check(engine.tools, asking, (answer, state))
    assert undated is not None and undated[0].intent == DETAIL_LACKING
    overview = replace(dated, intent="member_overview")  # open-ended: the year is lacking
    lacking = year_asked.check(engine.tools, asking, (overview, state))
    assert lacking is not None and lacking[0].intent == DETAIL_LACKING


def test_year_check_keeps_where_a_state_stands_in_a_year_since_it_joined(engine: Engine) -> None:
    """ "status of the Sudan deal in 2025?": no claim is dated 2025, but Sudan's standing holds
    for a year since it joined in which nothing changed, and says so; before it joined, the
    year is one the facts lack."""
    question = "status of the sudan deal in 2025?"
    asking = engine.read(question)
    answer, state = _said(question, "Stalled.", ("sudan",))
    standing = replace(answer, intent="member_status")
    kept = year_asked.check(engine.tools, asking, (standing, state))
    assert kept is not None and kept[0].status is Status.ANSWERED
    assert (
        kept[0].body.startswith("The facts record no change in 2025") and "Stalled." in kept[0].body
    )
    before = engine.read("status of the sudan deal in 2019?")
    lacking = year_asked.check(engine.tools, before, (standing, state))
    assert lacking is not None and lacking[0].intent == DETAIL_LACKING


def test_a_state_outside_taken_for_a_member_gets_no_whatever_the_year(engine: Engine) -> None:
    """ "why did Egypt sign the Abraham Accords in 2020?": the year is beside the point, Egypt
    never joined; the answer about Egypt stands and leads with "No"."""
    question = "why did egypt sign the abraham accords in 2020?"
    asking = engine.read(question)
    about_egypt = _said(question, "Egypt made peace with Israel in 1979.", ("egypt",))
    assert year_asked.check(engine.tools, asking, about_egypt) is None
    led = yes_no.check(engine.tools, asking, about_egypt)
    assert led is not None and led[0].body.startswith("No.")
    plain = engine.read("what did egypt do in 2020?")
    assert year_asked.check(engine.tools, plain, about_egypt) is not None
    prospect = engine.read("why should egypt join the abraham accords?")
    kept = yes_no.check(engine.tools, prospect, about_egypt)
    assert kept is None or not kept[0].body.startswith("No."), "a prospect is not a premise"


def test_yes_no_check_leads_only_answers_about_the_state_asked(engine: Engine) -> None:
    question = "is oman a member?"
    asking = engine.read(question)
    about_oman = _said(question, "Oman has no deal with Israel.", ("oman",))
    led = yes_no.check(engine.tools, asking, about_oman)
    assert led is not None and led[0].body.startswith("No.")
    about_another = _said(question, "Bahrain signed in 2020.", ("bahrain",))
    assert yes_no.check(engine.tools, asking, about_another) is None
