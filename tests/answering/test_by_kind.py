"""The routes that decide on the kind asked, and the answers made of findings.

Each route is tried on its own with a reading and a kind guess built here, so a route that
stopped proposing, or proposed for the wrong question, fails its own test.
"""

from __future__ import annotations

from dataclasses import replace

from bot.answer import Source, Status
from bot.answering.assemble import each_answered
from bot.answering.by_kind import Asked, KindRoutes, states
from bot.answering.from_findings import FindingAnswers, FindingQuery
from bot.answering.record_answers import topic_answer
from bot.engine import Engine
from bot.knowledge.corpus import QuestionKind as Q
from bot.knowledge.models import Finding, FindingKind, FuzzyDate, KnowledgeBase, Provenance, Stance
from bot.state import ConversationState
from bot.understanding.kind_model import KindGuess
from bot.understanding.reading import Reading, TimeConstraint, TimeOp, read_question
from bot.understanding.terms import term, term_pairs


def _reading(text: str, entities: tuple[str, ...] = (), **changes: object) -> Reading:
    mentions = tuple((e, "member") for e in entities)
    base = read_question(text, tuple(text.split()), mentions, (), (), None)
    return replace(base, **changes)  # type: ignore[arg-type]  # test readings set any field


def _asked(
    text: str, guess: dict[Q, float], entities: tuple[str, ...] = (), **changes: object
) -> Asked:
    ranked = tuple(sorted(guess.items(), key=lambda kp: -kp[1]))
    return Asked(text, _reading(text, entities, **changes), KindGuess(ranked), ConversationState())


def _finding(
    fid: str,
    kind: FindingKind,
    about: tuple[str, ...],
    text: str,
    *,
    side: Stance | None = None,
    party: str = "",
    year: int = 2020,
) -> Finding:
    source = Source(f"Source of {fid}", f"https://example.org/{fid}")
    provenance = Provenance((source,), FuzzyDate(2026, 12, 7), "analysis.yaml", 1)
    return Finding(fid, kind, about, "Someone", party, side, FuzzyDate(year), text, (), provenance)


_FINDINGS = (
    _finding(
        "m-reason", FindingKind.REASON, ("morocco",), "Morocco wanted Western Sahara recognised."
    ),
    _finding("m-trade", FindingKind.EFFECT, ("morocco",), "Trade with Morocco grew.", year=2022),
    _finding("u-trade", FindingKind.EFFECT, ("uae",), "Trade with the UAE grew fast.", year=2023),
    _finding(
        "u-flights", FindingKind.EFFECT, ("uae",), "Direct flights began to the UAE.", year=2021
    ),
    _finding(
        "pro",
        FindingKind.ASSESSMENT,
        ("accords",),
        "A supporter hailed it.",
        side=Stance.FAVOURABLE,
    ),
    _finding(
        "pro2", FindingKind.ASSESSMENT, ("accords",), "Another praised it.", side=Stance.FAVOURABLE
    ),
    _finding(
        "con",
        FindingKind.ASSESSMENT,
        ("accords",),
        "A critic said it failed.",
        side=Stance.CRITICAL,
    ),
    _finding("u-gain", FindingKind.GAIN, ("uae", "israel"), "The UAE got a pause.", party="uae"),
)


def _routes(engine: Engine, findings: tuple[Finding, ...] = _FINDINGS) -> KindRoutes:
    kb: KnowledgeBase = replace(engine.kb, findings=findings)
    return KindRoutes(kb, engine.intents, engine.replies)


def test_a_plainly_off_topic_question_is_refused(answering_engine: Engine) -> None:
    """Off-topic as the clear top kind refuses; naming the accords or asking more, it does not."""
    routes = _routes(answering_engine)
    refused = routes.outside(_asked("best couscous in rabat", {Q.OFFTOPIC: 0.95}))
    named = _asked(
        "tell me about morocco", {Q.OFFTOPIC: 0.95}, ("morocco",), unknown=(), focus=frozenset()
    )
    assert routes.outside(named) is None
    known = frozenset({"best", "time", "visit"})
    sure = _asked(
        "best time to visit rabat", {Q.OFFTOPIC: 0.95}, ("morocco",), unknown=(), focus=known
    )
    assert routes.outside(sure) is not None
    unsure = _asked(
        "best time to visit rabat", {Q.OFFTOPIC: 0.75}, ("morocco",), unknown=(), focus=known
    )
    assert routes.outside(unsure) is None
    assert refused is not None and refused.status is Status.NO_ANSWER
    named = _asked("abraham accords couscous", {Q.OFFTOPIC: 0.95}, names_accords=True)
    assert routes.outside(named) is None
    floor = routes.policy.on_topic_floor
    also = _asked("rabat couscous and the deal", {Q.OFFTOPIC: 0.85, Q.EFFECTS: floor + 0.05})
    assert routes.outside(also) is None
    # a second kind read under the floor, as a fit weighing every kind alike reads one
    beside = _asked("how cold is astana in january", {Q.OFFTOPIC: 0.85, Q.GAINS: floor - 0.1})
    assert routes.outside(beside) is not None
    unsure = _asked("rabat couscous", {Q.OFFTOPIC: 0.6})
    assert routes.outside(unsure) is None


def test_the_set_is_listed_when_the_pipeline_could_not(answering_engine: Engine) -> None:
    """A confident question about the set of members gets the members; one naming a state not."""
    routes = _routes(answering_engine)
    listed = routes.about_the_set(_asked("who r in it rn", {Q.MEMBERS: 0.8}, unknown=()))
    assert listed is not None and listed.intent == "members"
    assert len([m for m in answering_engine.kb.members if m.name in listed.text()]) >= 4
    assert routes.about_the_set(_asked("who r in it", {Q.MEMBERS: 0.4})) is None
    cost = _asked("how much did it cost taxpayers", {Q.COUNT: 0.9}, unknown=("taxpayers",))
    assert routes.about_the_set(cost) is None  # the unknown word may be what it asks
    assert routes.about_the_set(_asked("morocco?", {Q.MEMBERS: 0.8}, ("morocco",))) is None


def test_who_signed_the_accords_is_each_deals_signers(answering_engine: Engine) -> None:
    """Signatories asked of the accords, nobody on record named ("biden signed the abraham
    accords right?"): who did sign each deal answers it; not without the accords named."""
    routes = _routes(answering_engine)
    signers = routes.about_the_set(
        _asked("biden signed the abraham accords right", {Q.SIGNATORIES: 0.9}, unknown=())
    )
    assert signers is not None and "Al Zayani" in signers.body and "El Othmani" in signers.body
    assert routes.about_the_set(_asked("biden signed it right", {Q.SIGNATORIES: 0.9})) is None


def test_a_kind_asked_of_one_member_is_answered_for_it(answering_engine: Engine) -> None:
    """A confident date, place or status question about one member gets that member's answer."""
    routes = _routes(answering_engine)
    dated = routes.about_a_member(_asked("morocco wen", {Q.DATE: 0.9}, ("morocco",), unknown=()))
    assert dated is not None and dated.intent == "member_when" and "morocco" in dated.fact_ids
    assert routes.about_a_member(_asked("wen", {Q.DATE: 0.9})) is None
    off = _asked("morocco wen", {Q.DATE: 0.7, Q.OFFTOPIC: 0.5}, ("morocco",))
    assert routes.about_a_member(off) is None
    unknown = _asked("morocco wen", {Q.DATE: 0.9}, ("morocco",), unknown=("wen",))
    assert routes.about_a_member(unknown) is not None  # a named record is what it asks about
    egypt = routes.about_a_member(_asked("egypt wen", {Q.DATE: 0.9}, ("egypt",), unknown=()))
    assert egypt is not None and "egypt" in egypt.fact_ids  # a non-member: its whole record


def test_why_is_answered_from_the_findings_about_what_was_named(answering_engine: Engine) -> None:
    """A why-question about Morocco gets Morocco's reasons, with their sources, as claims."""
    routes = _routes(answering_engine)
    answer = routes.understanding(_asked("why did morocco join", {Q.REASONS: 0.7}, ("morocco",)))
    assert answer is not None and answer.fact_ids == ("m-reason",)
    assert answer.intent == "finding_reason" and answer.claims[0].fact_id == "m-reason"
    assert answer.sources == (Source("Source of m-reason", "https://example.org/m-reason"),)
    assert routes.understanding(_asked("why", {Q.REASONS: 0.2}, ("morocco",))) is None


_TEXT = _finding(
    "m-text", FindingKind.TEXT, ("morocco", "accords"), "Morocco signed a joint declaration."
)


def test_a_kind_read_beside_some_off_topic_still_answers(answering_engine: Engine) -> None:
    """Off-topic read at 0.39, or at 0.6 beside a reason at 0.98 ("why is moroccos deal
    stuck"), leaves the reason to answer; at 0.6 beside a reason at 0.7 the reading is split,
    and the question is not answered from it."""
    routes = _routes(answering_engine)
    for off in (0.39, 0.6):
        guess = {Q.REASONS: 0.98, Q.OFFTOPIC: off}
        answer = routes.understanding(_asked("why is moroccos deal stuck", guess, ("morocco",)))
        assert answer is not None and answer.fact_ids == ("m-reason",)
    vetoed = {Q.REASONS: 0.7, Q.OFFTOPIC: 0.6}
    assert routes.understanding(_asked("why is it stuck", vetoed, ("morocco",))) is None


def test_the_kind_asked_leads_over_another_that_shares_more_words(
    answering_engine: Engine,
) -> None:
    """ "what prompted morocco to sign": a reason, though the text says "signed" too."""
    routes = _routes(answering_engine, (*_FINDINGS, _TEXT))
    guess = {Q.REASONS: 0.84, Q.TEXTS: 0.65}
    answer = routes.understanding(_asked("what prompted morocco to sign", guess, ("morocco",)))
    assert answer is not None and answer.fact_ids[0] == "m-reason"


def test_it_with_nothing_named_is_the_accords_but_they_is_asked_back(
    answering_engine: Engine,
) -> None:
    """ "is it one treaty or several?" asks the accords' texts; "what did they sign?" asks the
    states that signed, which nothing named: it is left to be asked back."""
    routes = _routes(answering_engine, (*_FINDINGS, _TEXT))
    it = _asked("is it one treaty or several", {Q.TEXTS: 0.9}, refers_back=True)
    they = _asked("what did they sign", {Q.TEXTS: 0.9}, refers_back=True)
    assert routes.after(it) is not None
    assert routes.after(they) is None


def test_an_answer_of_a_kind_read_alike_stands(answering_engine: Engine) -> None:
    """An answer stating what Morocco gained stands when gains are read almost as surely as
    the texts; read well below them, the texts replace it."""
    routes = _routes(answering_engine, (*_FINDINGS, _TEXT))
    gained = replace(answering_engine.ask("what did morocco get?").answer, intent="member_offered")
    alike = _asked("was that part of it", {Q.TEXTS: 0.9, Q.GAINS: 0.88}, ("morocco",))
    assert routes.better_answer(alike, gained) is None
    below = _asked("was that part of it", {Q.TEXTS: 0.9, Q.GAINS: 0.6}, ("morocco",))
    replaced = routes.better_answer(below, gained)
    assert replaced is not None and replaced.fact_ids[0] == "m-text"


def test_the_finding_that_states_the_question_comes_first(answering_engine: Engine) -> None:
    """Among a state's effects, the one stating the question's focus ("flights") leads."""
    findings = FindingAnswers(replace(answering_engine.kb, findings=_FINDINGS), str)
    query = FindingQuery({FindingKind.EFFECT: 0.8}, ("uae",), frozenset({term("flights")}))
    assert [f.id for f in findings.ranked(query)][:2] == ["u-flights", "u-trade"]


def test_a_name_of_several_words_finds_the_finding_that_says_it(
    answering_engine: Engine,
) -> None:
    """The Arab Peace Initiative asked: the finding saying those words in that order leads, over
    one that says "Arab" and "peace" apart; without the pairs the two tie on words."""
    findings = (
        _finding("apart", FindingKind.BACKGROUND, ("accords",), "Peace came; an Arab state led."),
        _finding("named", FindingKind.BACKGROUND, ("accords",), "The Arab Peace Initiative came."),
    )
    ranked = FindingAnswers(replace(answering_engine.kb, findings=findings), str).ranked
    focus = frozenset(term(w) for w in ("arab", "peace"))
    pairs = term_pairs(term(w) for w in ("arab", "peace", "initiative"))
    query = FindingQuery({FindingKind.BACKGROUND: 0.9}, (), focus, pairs)
    assert [f.id for f in ranked(query)] == ["named", "apart"]
    assert next(f.id for f in ranked(replace(query, pairs=frozenset()))) == "apart"


def test_a_year_asked_brings_the_findings_of_that_year_first(answering_engine: Engine) -> None:
    """What changed for the UAE in 2021: of two effects on the UAE, the one of 2021 leads."""
    findings = FindingAnswers(replace(answering_engine.kb, findings=_FINDINGS), str)
    query = FindingQuery({FindingKind.EFFECT: 0.8}, ("uae",), frozenset())
    assert next(f.id for f in findings.ranked(query)) == "u-trade"
    assert next(f.id for f in findings.ranked(replace(query, year=2021))) == "u-flights"


def test_an_answer_over_the_members_table_states_the_set_not_a_judgement() -> None:
    """ "Did normalization make the state-first rule obsolete?" answered with the first to
    join states no significance: the findings on that replace it."""
    for intent in ("members:first", "members:latest", "members:who"):
        stated = states(intent)
        assert stated is not None and Q.MEMBERS in stated, intent
        assert Q.SIGNIFICANCE not in stated and Q.REASONS not in stated, intent


def test_a_judgement_gives_both_sides_in_turn(answering_engine: Engine) -> None:
    """An assessment answer alternates favourable and critical views, never one side alone."""
    routes = _routes(answering_engine)
    answer = routes.understanding(_asked("was it a success", {Q.SIGNIFICANCE: 0.9}))
    assert answer is not None and answer.contested
    by_id = {f.id: f for f in _FINDINGS}
    sides = [by_id[fid].side for fid in answer.fact_ids]
    assert Stance.CRITICAL in sides and Stance.FAVOURABLE in sides
    assert sides[:2] in ([Stance.FAVOURABLE, Stance.CRITICAL], [Stance.CRITICAL, Stance.FAVOURABLE])


def test_what_the_facts_lack_is_said_before_what_they_hold(answering_engine: Engine) -> None:
    """No reason recorded for the UAE: the answer says so, then gives what is recorded about it."""
    routes = _routes(answering_engine)
    answer = routes.understanding(_asked("why did the uae join", {Q.REASONS: 0.8}, ("uae",)))
    assert answer is not None and answer.body.startswith("The facts don't record why")
    assert set(answer.fact_ids) <= {"u-trade", "u-flights", "u-gain"}


def test_sources_are_few_and_include_the_newest(answering_engine: Engine) -> None:
    """At most three sources, the newest finding's first."""
    findings = FindingAnswers(replace(answering_engine.kb, findings=_FINDINGS), str)
    query = FindingQuery({FindingKind.EFFECT: 0.8}, ("uae", "morocco"), frozenset())
    answer = findings.answer("what changed", query, FindingKind.EFFECT, 80.0)
    assert answer is not None and len(answer.sources) <= 3
    assert answer.sources[0].url == "https://example.org/u-trade"


def test_debate_gives_both_sides(answering_engine: Engine) -> None:
    """A debate question gets critiques and defences, each attributed."""
    routes = _routes(answering_engine)
    answer = routes.debate(_asked("good or bad?", {Q.DEBATE: 0.8}))
    assert answer is not None and answer.status is Status.ANSWERED
    assert "Critics" in answer.text() and "Supporters" in answer.text()
    assert routes.debate(_asked("good or bad?", {Q.DEBATE: 0.2})) is None


def test_a_party_outside_the_accords_is_answered_by_what_it_got(engine: Engine) -> None:
    """ "what did the Palestinians get?" is answered by the gains recorded for them, not by
    the record that says they are not a party."""
    answer = engine.ask("what does Palestine get out of this?").answer
    assert answer.intent == "finding_gain"
    assert all(
        "palestinians" in {f.party, *f.about} for f in engine.kb.findings if f.id in answer.fact_ids
    )


def test_a_non_member_said_to_have_joined_keeps_its_record(engine: Engine) -> None:
    """ "what did Saudi Arabia get for joining?" has no gains to give: its record, which says
    it is not a member, answers it, not what may come next."""
    answer = engine.ask("what did Saudi Arabia get for joining?").answer
    assert answer.fact_ids[0] == "saudi-arabia"


def test_it_with_nothing_named_means_the_accords_for_what_only_they_have(engine: Engine) -> None:
    """ "is it one treaty or several documents?" asks about the texts of the accords; "what is
    its status?" could be any member's, and is asked back."""
    texts = engine.ask("is it one single treaty everybody signed or a bunch of documents?")
    assert texts.answer.intent == "finding_text"
    assert engine.ask("what is its status now?").answer.status is Status.CLARIFY


def test_what_happens_by_a_year_to_come_is_not_answered_from_the_past(engine: Engine) -> None:
    """ "what will have happened by 2040?" is not answered with the events so far; what may
    come by then is a prospect, answered as one."""
    future = engine.ask("what will have happened with the abraham accords by 2040?").answer
    assert future.status is Status.NO_ANSWER
    assert "2040" in future.body
    prospect = engine.ask("will saudi arabia join by 2030?").answer
    assert prospect.status is Status.ANSWERED
    assert prospect.intent == "finding_prospect"
    assert engine.ask("what happened in 2021?").answer.status is Status.ANSWERED


def test_why_a_state_joined_is_its_reasons_not_what_it_was_offered(engine: Engine) -> None:
    """What a state was offered is not why it joined: asked why, the reasons recorded answer;
    asked what it got, what it was offered does."""
    why = engine.ask("Kazakhstan already had relations with Israel, so why bother joining?")
    assert why.answer.intent == "finding_reason"
    assert engine.ask("what did Kazakhstan get in return?").answer.intent == "member_offered"


def test_an_answer_about_none_of_the_records_named_gives_way(answering_engine: Engine) -> None:
    """A topic on another record does not answer a question naming a member: the member's
    answer of the kind asked does; an answer about the member named, or an argument, stands."""
    routes = _routes(answering_engine)
    kb = answering_engine.kb
    asked = _asked("is morocco officially in", {Q.MEMBERSHIP: 0.9}, ("morocco",), unknown=())
    elsewhere = next(t for t in kb.topics if "morocco" not in t.about)
    topic = topic_answer(kb, asked.shown, elsewhere)
    better = routes.about_what_was_named(asked, topic)
    assert better is not None and "morocco" in better.fact_ids
    on_it = next(t for t in kb.topics if "morocco" in t.about)
    assert routes.about_what_was_named(asked, replace(topic, fact_ids=(on_it.id,))) is None
    argument = replace(topic, fact_ids=(kb.arguments[0].id,))
    assert routes.about_what_was_named(asked, argument) is None
    nothing_named = _asked("is it officially in", {Q.MEMBERSHIP: 0.9}, unknown=())
    assert routes.about_what_was_named(nothing_named, topic) is None


def test_findings_about_none_of_the_people_named_leave_them_out(answering_engine: Engine) -> None:
    """Findings answer "what did X say" only when some are about X, a person the question names."""
    routes = answering_engine.by_kind
    kb = answering_engine.kb
    person = next(p for p in kb.people if any(p.id in f.about for f in kb.findings))
    about_them = next(f for f in kb.findings if person.id in f.about)
    other = next(f for f in kb.findings if person.id not in f.about)
    asked = _asked(f"what did {person.name} say", {Q.REACTIONS: 0.9}, people=(person.id,))
    found = replace(topic_answer(kb, asked.shown, kb.topics[0]), intent="finding_reaction")
    without = replace(found, fact_ids=(other.id,))
    assert routes.leaves_out_who_was_named(asked, without)
    assert not routes.leaves_out_who_was_named(asked, replace(found, fact_ids=(about_them.id,)))
    nobody = _asked("what did they say", {Q.REACTIONS: 0.9})
    assert not routes.leaves_out_who_was_named(nobody, without)


def test_a_finding_about_none_of_the_states_named_does_not_answer(
    answering_engine: Engine,
) -> None:
    """Morocco and a person named: a finding only about the person is not an answer about
    Morocco; without the states named as the main subject it would rank as well."""
    findings = (
        _finding("person-only", FindingKind.REACTION, ("trump",), "Trump said so."),
        _finding("on-morocco", FindingKind.REACTION, ("morocco",), "Morocco said no."),
    )
    ranked = FindingAnswers(replace(answering_engine.kb, findings=findings), str).ranked
    query = FindingQuery({FindingKind.REACTION: 0.9}, ("morocco", "trump"), frozenset())
    assert {f.id for f in ranked(query)} == {"person-only", "on-morocco"}
    assert [f.id for f in ranked(replace(query, main=frozenset({"morocco"})))] == ["on-morocco"]


def test_what_a_person_named_said_is_theirs(answering_engine: Engine) -> None:
    """ "rubio say anything about morocco joining?" answered about Morocco alone gives way to
    what the one person named said: the findings about them, else their own record."""
    routes = answering_engine.by_kind
    kb = answering_engine.kb
    person = next(p for p in kb.people if not any(p.id in f.about for f in kb.findings))
    asked = _asked(
        f"{person.name} say anything about morocco",
        {Q.REACTIONS: 0.9},
        ("morocco",),
        people=(person.id,),
    )
    about_morocco = answering_engine.intents.entity_answer(asked.shown, "morocco", "member_is")
    theirs = routes.said_by_who_was_named(asked, about_morocco)
    assert theirs is not None and theirs.fact_ids[0] == person.id
    assert routes.said_by_who_was_named(asked, theirs) is None  # already theirs
    lookup = replace(asked, guess=KindGuess(((Q.DATE, 0.9),)))
    assert routes.said_by_who_was_named(lookup, about_morocco) is None  # not a view asked


def test_a_state_outside_said_to_have_joined_is_said_not_to_be_in(answering_engine: Engine) -> None:
    """ "since Saudi Arabia signed, how has trade changed?": its standing leads the effects."""
    kb = replace(
        answering_engine.kb,
        findings=(_finding("s-effect", FindingKind.EFFECT, ("saudi-arabia",), "Talks paused."),),
    )
    findings = FindingAnswers(kb, str)
    query = FindingQuery({FindingKind.EFFECT: 0.9}, ("saudi-arabia",), frozenset(), joined=True)
    said = findings.answer("since saudi signed", query, FindingKind.EFFECT, 50)
    assert said is not None and said.body.startswith("Saudi Arabia: Not a member.")
    assert said.fact_ids[0] == "saudi-arabia"
    plain = findings.answer("saudi effects", replace(query, joined=False), FindingKind.EFFECT, 50)
    assert plain is not None and not plain.body.startswith("Saudi Arabia")


def test_what_happened_in_a_year_is_its_timeline(answering_engine: Engine) -> None:
    """ "what's been going on in 2021, i lost track": read surely as what happened, with a
    year, the year's timeline answers; a weak reading, or no year, does not."""
    routes = _routes(answering_engine)
    year = TimeConstraint(TimeOp.IN, 2021)
    asked = _asked("going on 2021 lost track", {Q.EVENTS: 0.95}, time=year)
    listed = routes.events_of_a_year(asked)
    assert listed is not None and listed.status is Status.ANSWERED
    assert "2021" in listed.title
    assert routes.events_of_a_year(_asked("going on 2021", {Q.EVENTS: 0.5}, time=year)) is None
    assert routes.events_of_a_year(_asked("going on lately", {Q.EVENTS: 0.95})) is None
    remembered = _asked(
        "last i remember was kazakhstan, whats new in 2021",
        {Q.EVENTS: 0.95},
        ("kazakhstan",),
        time=year,
    )
    since = routes.events_of_a_year(remembered)  # the state is context, the year the ask
    assert since is not None and "2021" in since.title


def test_a_reason_lacking_for_a_state_outside_is_its_record(answering_engine: Engine) -> None:
    """A state outside asked why it is not in, answered with an event: no reason is recorded for it,
    so its record, which says why it is not in, answers instead of findings of another kind."""
    findings = (*_FINDINGS, _finding("s-poll", FindingKind.REACTION, ("saudi-arabia",), "A poll."))
    routes = _routes(answering_engine, findings)
    asked = _asked("why hasnt saudi joined", {Q.REASONS: 0.95}, ("saudi-arabia",), unknown=())
    event = next(e for e in answering_engine.kb.events if "saudi-arabia" not in e.about)
    answer = replace(
        topic_answer(answering_engine.kb, asked.shown, answering_engine.kb.topics[0]),
        intent="claim:event",
        fact_ids=(event.id,),
    )
    record = routes.better_answer(asked, answer)
    assert record is not None and record.fact_ids[0] == "saudi-arabia"
    assert record.intent == "member_overview"


def test_the_set_is_listed_beside_the_party_to_every_deal(answering_engine: Engine) -> None:
    """ "which accords countries have embassies with israel?": Israel named beside the set asked
    about does not stop the list, as another state named would."""
    routes = _routes(answering_engine)
    with_israel = _asked("which countries with israel", {Q.MEMBERS: 0.95}, ("israel",), unknown=())
    listed = routes.about_the_set(with_israel)
    assert listed is not None and listed.intent == "members"
    morocco = _asked("which countries with morocco", {Q.MEMBERS: 0.95}, ("morocco",), unknown=())
    assert routes.about_the_set(morocco) is None


def test_a_kind_no_finding_holds_for_a_member_is_its_record_of_a_kind_alike(
    answering_engine: Engine,
) -> None:
    """ "will sudan ever finish its deal?": no prospect is recorded for Sudan, and its status is
    read as surely, so Sudan's status answers rather than findings of another kind."""
    findings = (*_FINDINGS, _finding("s-why", FindingKind.REASON, ("sudan",), "Sudan wanted it."))
    routes = _routes(answering_engine, findings)
    asked = _asked("will sudan finish", {Q.PROSPECTS: 0.95, Q.STATUS: 0.9}, ("sudan",))
    status = routes.understanding_at_last(asked)
    assert status is not None and status.intent == "member_status"
    only_prospects = _asked("will sudan finish", {Q.PROSPECTS: 0.95}, ("sudan",))
    fallback = routes.understanding_at_last(only_prospects)
    assert fallback is not None and fallback.intent.startswith("finding_")


def test_one_person_named_answers_what_they_are_or_did(answering_engine: Engine) -> None:
    """When nothing else answered, "X keeps coming up when I read about Morocco, who is he"
    gets X's own record; not when the kind asked is a reason, nor with two people named."""
    routes = answering_engine.by_kind
    person = answering_engine.kb.people[0]
    for kind in (Q.PERSON, Q.SIGNATORIES, Q.EVENTS):
        asked = _asked(
            f"{person.name} came up about morocco, who is he",
            {kind: 0.9},
            ("morocco",),
            people=(person.id,),
        )
        answer = routes.about_a_person(asked)
        assert answer is not None and answer.fact_ids[:1] == (person.id,), kind
        assert answer.intent == "person"
    why = _asked(f"why did {person.name} go", {Q.REASONS: 0.9}, people=(person.id,))
    assert routes.about_a_person(why) is None
    other = answering_engine.kb.people[1]
    two = _asked("who are they", {Q.PERSON: 0.9}, people=(person.id, other.id))
    assert routes.about_a_person(two) is None


def test_a_person_named_with_words_the_facts_lack_is_not_answered_with_them(
    answering_engine: Engine,
) -> None:
    """ "X's building on fifth avenue, what happened with that": the words the facts do not
    know are what is asked, so the person's record does not answer it."""
    person = answering_engine.kb.people[0]
    asked = _asked(
        f"{person.name} building, what happened",
        {Q.EVENTS: 0.9},
        people=(person.id,),
        unknown=("building",),
    )
    assert answering_engine.by_kind.about_a_person(asked) is None


def test_a_question_surely_asking_for_the_members_is_not_answered_with_one(
    answering_engine: Engine,
) -> None:
    """ "rank em by when they joined, uae first?": read surely as asking for the members, an
    answer about the UAE alone gives way to the members; a list of them already stands."""
    routes = answering_engine.by_kind
    asked = _asked("rank em by when they joined uae first", {Q.MEMBERS: 0.95}, ("uae",))
    one = answering_engine.intents.entity_answer(asked.shown, "uae", "member_when")
    listed = routes.better_answer(asked, one)
    assert listed is not None and listed.intent == "members"
    assert routes.better_answer(asked, listed) is None
    unsure = replace(asked, guess=KindGuess(((Q.MEMBERS, 0.6), (Q.DATE, 0.5))))
    assert routes.better_answer(unsure, one) is None
    broker = _asked("which countries came in during trumps first term", {Q.MEMBERS: 1.0})
    trump = answering_engine.intents.entity_answer(broker.shown, "trump", "person")
    members = routes.better_answer(broker, trump)  # the broker's record is not the set either
    assert members is not None and members.intent == "members"


def test_sure_off_topic_with_words_the_facts_lack_is_refused_though_read_as_a_date(
    answering_engine: Engine,
) -> None:
    """ "ramadan dates in morocco?" is read as a date too; sure it is off-topic and with a word
    the facts do not know, it is refused; every word known, the date reading stands."""
    routes = answering_engine.by_kind
    guess = {Q.OFFTOPIC: 0.95, Q.DATE: 0.8}
    lacking = _asked("ramadan dates in morocco", guess, ("morocco",), unknown=("ramadan",))
    refused = routes.outside(lacking)
    assert refused is not None and refused.status is Status.NO_ANSWER
    known = _asked("dates in morocco", guess, ("morocco",), unknown=())
    assert routes.outside(known) is None


def test_a_few_members_named_are_each_answered_the_kind_asked(answering_engine: Engine) -> None:
    """ "morocco signed in washington alongside uae and bahrain, yeah?": where each signed, one
    line each under a title naming them all; one state named is left to its own route."""
    routes = answering_engine.by_kind
    asked = _asked("where did they sign", {Q.PLACE: 0.95}, ("morocco", "uae", "bahrain"))
    each = routes.about_each_member(asked)
    assert each is not None and each.intent == "each:member_where"
    assert set(each.fact_ids) >= {"morocco", "uae", "bahrain"}
    assert each.title.count(" and ") == 1 and ", " in each.title
    assert routes.about_each_member(replace(asked, reading=_reading("x", ("morocco",)))) is None
    a_reason = replace(asked, guess=KindGuess(((Q.REASONS, 0.95),)))
    assert routes.about_each_member(a_reason) is None


def test_a_person_named_replaces_an_answer_about_a_state_not_named(
    answering_engine: Engine,
) -> None:
    """ "did Trump sign as a party?" answered with an event about another state gives way to
    the person's record; an answer about another person ("which king was on the call with
    Trump?") stands."""
    routes = answering_engine.by_kind
    kb = answering_engine.kb
    person = kb.people[0]
    event = next(e for e in kb.events if e.about and person.id not in e.about)
    asked = _asked(f"did {person.name} sign as a party", {Q.MEMBERSHIP: 0.4}, people=(person.id,))
    about_a_state = replace(topic_answer(kb, asked.shown, kb.topics[0]), fact_ids=(event.id,))
    theirs = routes.about_what_was_named(asked, about_a_state)
    assert theirs is not None and theirs.fact_ids[:1] == (person.id,)
    another = kb.people[1]
    about_another = replace(about_a_state, fact_ids=(another.id,))
    assert routes.about_what_was_named(asked, about_another) is None


def test_the_debate_read_surely_replaces_an_answer_giving_no_views(
    answering_engine: Engine,
) -> None:
    """ "who defends the accords and why", answered with one person's record, gets both sides
    of the debate; one naming a state, answered with views (assessments), gets both sides with
    the views on it first, while facts on what it names stand; an answer already giving the
    critiques and defences keeps its own."""
    routes = answering_engine.by_kind
    kb = answering_engine.kb
    asked = _asked("who defends the accords and why", {Q.DEBATE: 0.95, Q.REASONS: 0.9})
    person = answering_engine.intents.entity_answer(asked.shown, kb.people[0].id, "person")
    both = routes.better_answer(asked, person)
    assert both is not None and both.intent == "debate" and both.contested
    assert routes.better_answer(asked, both) is None
    named = _asked(
        "is morocco's deal good, western sahara and all",
        {Q.DEBATE: 0.95},
        ("morocco",),
        focus=frozenset({"morocco", "western", "sahara"}),
    )
    kept = routes.better_answer(named, person)
    assert kept is None or kept.intent != "debate"
    views = routes.better_answer(named, replace(person, contested=True))
    assert views is not None and views.intent == "debate"
    assert "Western Sahara" in views.claims[0].text
    assert {"Critics say:", "Supporters argue:"} <= set(views.body.splitlines())
    unsure = _asked("who defends it", {Q.DEBATE: 0.6, Q.PERSON: 0.5})
    assert routes.better_answer(unsure, person) is None


def test_a_second_part_is_of_the_kind_it_answers(answering_engine: Engine) -> None:
    """ "what did the UAE get?" read as gains, and a little as effects: the effects part gives
    effects, never the gains again, whatever the first part states."""
    routes = answering_engine.by_kind
    asked = _asked("what did the uae get", {Q.GAINS: 1.0, Q.EFFECTS: 0.37}, ("uae",))
    effects = routes.part(asked, Q.EFFECTS)
    assert effects is not None and effects.intent == "finding_effect"
    reasons = routes.part(asked, Q.REASONS)
    assert reasons is None or reasons.intent == "finding_reason"


def test_one_overview_per_state_named_does_not_give_their_reasons(
    answering_engine: Engine,
) -> None:
    """ "why did bahrain follow the uae so quickly": an overview of each of the two states says
    how each joined, not why: the findings on their reasons replace it."""
    routes = answering_engine.by_kind
    asked = _asked("why did bahrain follow the uae", {Q.REASONS: 0.99}, ("bahrain", "uae"))
    overviews = [
        answering_engine.intents.entity_answer(asked.shown, s, "member_overview")
        for s in ("bahrain", "uae")
    ]
    each = each_answered(asked.shown, ["Bahrain", "the UAE"], overviews)
    better = routes.better_answer(asked, each)
    assert better is not None and better.intent == "finding_reason"


def test_one_members_claim_does_not_answer_a_question_on_the_accords_as_a_whole(
    answering_engine: Engine,
) -> None:
    """ "what does the declaration actually say?" answered with what Sudan signed: the
    question names no state, so the findings on the texts of the accords answer it."""
    routes = answering_engine.by_kind
    asked = _asked("what does the declaration say", {Q.TEXTS: 1.0})
    sudans = replace(
        answering_engine.intents.entity_answer(asked.shown, "sudan", "member_documents"),
        intent="claim:documents",
    )
    better = routes.better_answer(asked, sudans)
    assert better is not None and better.intent == "finding_text"
    named = _asked("what does sudan's declaration say", {Q.TEXTS: 1.0}, ("sudan",))
    kept = routes.better_answer(named, sudans)
    assert kept is None or "sudan" in kept.fact_ids


def test_a_question_read_as_asking_what_the_accords_are_is_told(
    answering_engine: Engine,
) -> None:
    """ "my professor mentioned the abraham accords, explain like im 5": read surely as asking
    what they are, with words the facts do not know, it is told; naming a state, it is not."""
    routes = answering_engine.by_kind
    asked = _asked(
        "my professor mentioned the abraham accords explain like im 5",
        {Q.DEFINITION: 0.94},
        unknown=("professor",),
    )
    told = routes.what_they_are(asked)
    assert told is not None and told.status is Status.ANSWERED and told.intent == "topic"
    named = _asked("what is morocco", {Q.DEFINITION: 0.94}, ("morocco",))
    assert routes.what_they_are(named) is None
    other = _asked("explain like im 5", {Q.REASONS: 0.94})
    assert routes.what_they_are(other) is None
    gibberish = _asked("what is fyva oldzh", {Q.DEFINITION: 0.94}, unknown=("fyva", "oldzh"))
    assert routes.what_they_are(gibberish) is None


def test_a_question_read_surely_as_asking_what_the_accords_are_is_not_answered_beside_it(
    answering_engine: Engine,
) -> None:
    """ "what even ARE the abraham accords, in plain english" answered with the languages of
    the texts gets what the accords are; one naming a state, or read less surely, keeps it."""
    routes = answering_engine.by_kind
    kb = answering_engine.kb
    question = "what even are the abraham accords in plain english"
    asked = _asked(question, {Q.DEFINITION: 0.97, Q.TEXTS: 0.25}, names_accords=True)
    beside = topic_answer(kb, question, next(t for t in kb.topics if t.id == "languages"))
    told = routes.better_answer(asked, beside)
    assert told is not None and told.intent == "topic" and "languages" not in told.fact_ids
    assert routes.better_answer(asked, told) is None
    unsure = _asked(question, {Q.DEFINITION: 0.6, Q.TEXTS: 0.5}, names_accords=True)
    assert routes.better_answer(unsure, beside) is None
    named = _asked("what is morocco's deal", {Q.DEFINITION: 0.97}, ("morocco",))
    kept = routes.better_answer(named, beside)
    assert kept is None or kept.intent != "topic" or "languages" in kept.fact_ids


def test_the_set_asked_with_one_member_named_asks_whether_it_is_in(
    answering_engine: Engine,
) -> None:
    """ "kazakhstan is in it?? i thought it was only arab countries" reads as the set and, alike,
    as membership: with one member named, it asks whether that member is in; read as the set
    alone, it is left to the routes that list the set."""
    routes = answering_engine.by_kind
    guess = {Q.MEMBERS: 0.93, Q.MEMBERSHIP: 0.81}
    asked = _asked("kazakhstan is in it", guess, ("kazakhstan",), unknown=())
    answer = routes.about_a_member(asked)
    assert answer is not None and answer.intent == "member_is"
    assert answer.fact_ids[:1] == ("kazakhstan",)
    alone = _asked("kazakhstan is in it", {Q.MEMBERS: 0.93, Q.MEMBERSHIP: 0.5}, ("kazakhstan",))
    assert routes.about_a_member(alone) is None


def test_what_a_person_named_said_answers_what_they_said(answering_engine: Engine) -> None:
    """ "what did Vance say about Kazakhstan's entry?" is answered with a finding Vance is
    quoted in, whatever kind it is filed as, before another's reaction to the same entry."""
    said = _finding(
        "k-vance", FindingKind.ASSESSMENT, ("kazakhstan",), "Vance said it gave momentum."
    )
    said = replace(said, by="US Vice President JD Vance")
    other = _finding("k-iran", FindingKind.REACTION, ("kazakhstan", "iran"), "Iran condemned it.")
    routes = _routes(answering_engine, (said, other))
    guess = {Q.REACTIONS: 1.0, Q.EVENTS: 0.9}
    asked = _asked("what did vance say about kazakhstan", guess, ("kazakhstan",), people=("vance",))
    answer = routes.understanding(asked)
    assert answer is not None and answer.fact_ids[0] == "k-vance"
    nobody = _asked("how was kazakhstan's entry received", guess, ("kazakhstan",))
    answer = routes.understanding(nobody)
    assert answer is not None and answer.fact_ids[0] == "k-iran"


def test_one_view_given_for_a_question_asking_the_debate_gets_the_other_side(
    answering_engine: Engine,
) -> None:
    """ "the palestinians called it a betrayal, what did the uae say back?" answered with the
    one critique it quotes gets both sides, the UAE's view among them; read as not asking the
    debate, the one view stands."""
    routes = answering_engine.by_kind
    asked = _asked(
        "the palestinians called it a betrayal what did the uae say back",
        {Q.REACTIONS: 0.98, Q.DEBATE: 0.76},
        ("uae",),
        focus=frozenset({"betray", "say"}),
    )
    critique = next(a for a in answering_engine.kb.arguments if a.id == "c1-palestinian-cause")
    kb = answering_engine.kb
    one = replace(
        topic_answer(kb, asked.shown, kb.topics[0]),
        intent="claim:argument",
        fact_ids=(critique.id,),
    )
    both = routes.better_answer(asked, one)
    assert both is not None and both.intent == "debate"
    assert {"Critics say:", "Supporters argue:"} <= set(both.body.splitlines())
    assert any("UAE" in c.text for c in both.claims[2:])
    unasked = replace(asked, guess=KindGuess(((Q.REACTIONS, 0.98), (Q.DEBATE, 0.2))))
    kept = routes.better_answer(unasked, one)
    assert kept is None or kept.intent != "debate"
    gained = replace(asked, guess=KindGuess(((Q.GAINS, 0.94), (Q.DEBATE, 0.76))))
    other = routes.better_answer(gained, one)  # "what about Western Sahara?": what Morocco got
    assert other is None or other.intent != "debate"


def test_a_person_with_no_finding_of_the_kind_asked_is_answered_with_their_record(
    answering_engine: Engine,
) -> None:
    """ "lapid was everywhere in 2021, what did he actually do?" read as effects: none is
    recorded for him, so his record (what he did) answers, not another kind's finding with
    "the facts don't record…"; with a state named too, the findings' answer stands."""
    routes = answering_engine.by_kind
    asked = _asked(
        "lapid what did he actually do", {Q.EFFECTS: 0.57, Q.PERSON: 0.24}, people=("lapid",)
    )
    answer = routes.understanding_at_last(asked)
    assert answer is not None and answer.intent == "person" and answer.fact_ids[0] == "lapid"
    with_state = replace(asked, reading=replace(asked.reading, entities=("uae",)))
    other = routes.understanding_at_last(with_state)
    assert other is None or other.intent != "person"


def test_who_else_is_asked_beyond_the_one_named(answering_engine: Engine) -> None:
    """'After Kazakhstan, who could be next?': no prospect is recorded for Kazakhstan, and the
    question asks who else, so the prospects of the accords answer, not Kazakhstan's record."""
    answer = answering_engine.ask("after kazakhstan, who could be next for the accords?").answer
    assert answer.intent == "finding_prospect"
    assert "kazakhstan" not in answer.fact_ids[:1]


def test_a_kind_asked_of_several_parties_shows_one_finding_a_party(
    answering_engine: Engine,
) -> None:
    """'Why did countries join?' is answered with reasons, not with how a state joins (a
    topic's claim states what its own questions ask), and each reason shown is another
    party's."""
    answer = answering_engine.ask("why did countries join the accords?").answer
    assert answer.intent == "finding_reason"
    parties = [f.split("-reason")[0] for f in answer.fact_ids if "-reason" in f]
    assert len(parties) >= 2 and len(set(parties)) == len(parties)
