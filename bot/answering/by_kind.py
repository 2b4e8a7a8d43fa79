"""Routes chosen by the kind a question asks, as the learned model reads it.

The model gives each kind a probability (`bot.understanding.kind_model`). The routes here are
tried in order: before the rest of the pipeline, a question plainly about something else is
refused; after it, a question the pipeline could not answer is answered by the kind it asks
about the record it names ("which states r in it rn", "when did it happen for sudan"). The
off-topic probability never refuses alone: a question that names the accords, or that the
model also reads as asking something of them, is not refused here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from bot import wording
from bot.answer import Answer, Status
from bot.answering.aggregate import signers_of_each_deal
from bot.answering.assemble import each_answered
from bot.answering.from_findings import (
    FINDING_INTENT,
    FindingAnswers,
    FindingQuery,
    subjects_of,
)
from bot.answering.intent_route import IntentRoute
from bot.answering.list_answers import members_answer
from bot.answering.policy import KindPolicy
from bot.answering.replies import Replies
from bot.knowledge.corpus import QuestionKind
from bot.knowledge.models import ArgumentTopic, FindingKind, KnowledgeBase
from bot.state import ConversationState
from bot.understanding.intents import IntentName
from bot.understanding.kind_model import KindGuess
from bot.understanding.reading import Reading, TimeOp
from bot.understanding.terms import quick_terms, term_pairs


@dataclass(frozen=True, slots=True)
class Asked:
    """One question as the routes see it: as shown, as read, its kinds and the conversation."""

    shown: str
    reading: Reading
    guess: KindGuess
    state: ConversationState


Route = Callable[[Asked], Answer | None]

_ABOUT_A_STATE: dict[QuestionKind, IntentName] = {
    QuestionKind.MEMBERSHIP: IntentName.MEMBER_IS,
    QuestionKind.DATE: IntentName.MEMBER_WHEN,
    QuestionKind.PLACE: IntentName.MEMBER_WHERE,
    QuestionKind.SIGNATORIES: IntentName.MEMBER_SIGNERS,
    QuestionKind.STATUS: IntentName.MEMBER_STATUS,
    QuestionKind.TEXTS: IntentName.MEMBER_DOCUMENTS,
    QuestionKind.GAINS: IntentName.MEMBER_OFFERED,
}
"""A kind asked about one member, and the answer about that member that gives it."""

_TOPICS = frozenset(t.value for t in ArgumentTopic)

_Q = QuestionKind
_LOOKUP_DETAIL = frozenset({_Q.DATE, _Q.PLACE, _Q.SIGNATORIES, _Q.TEXTS, _Q.MEMBERSHIP, _Q.EVENTS})
_VIEWS = frozenset({_Q.DEBATE, _Q.SIGNIFICANCE, _Q.REACTIONS, _Q.REASONS})
_STATED_BY: dict[str, frozenset[QuestionKind]] = {
    "members": frozenset({_Q.MEMBERS, _Q.COUNT, _Q.MEMBERSHIP}),
    "member_is": frozenset({_Q.MEMBERSHIP, _Q.STATUS}),
    "member_when": frozenset({_Q.DATE, _Q.EVENTS}),
    "member_where": frozenset({_Q.PLACE}),
    "member_signers": frozenset({_Q.SIGNATORIES, _Q.PERSON}),
    "member_documents": frozenset({_Q.TEXTS}),
    "member_offered": frozenset({_Q.GAINS}),
    "member_status": frozenset({_Q.STATUS, _Q.EFFECTS}),
    "member_how": frozenset({_Q.EVENTS, _Q.DATE}),
    "member_overview": frozenset(
        {_Q.MEMBERSHIP, _Q.STATUS, _Q.REASONS, _Q.PROSPECTS, _Q.DATE, _Q.BACKGROUND, _Q.DEFINITION}
    ),
    "person": frozenset({_Q.PERSON, _Q.SIGNATORIES}),
    "timeline": frozenset({_Q.EVENTS, _Q.EFFECTS, _Q.DATE, _Q.BACKGROUND}),  # their history
    "timeline_year": frozenset({_Q.EVENTS, _Q.EFFECTS, _Q.DATE}),
    "latest": frozenset({_Q.EVENTS, _Q.STATUS, _Q.EFFECTS}),
    "critiques": _VIEWS,
    "defences": _VIEWS,
    "debate": _VIEWS,
    "claim:announced": _LOOKUP_DETAIL,
    "claim:signed": _LOOKUP_DETAIL,
    "claim:status": frozenset({_Q.STATUS, _Q.MEMBERSHIP, _Q.EFFECTS}),
    "claim:status_detail": frozenset({_Q.STATUS, _Q.MEMBERSHIP, _Q.EFFECTS}),
    "claim:ratification": frozenset({_Q.STATUS, _Q.MEMBERSHIP, _Q.EFFECTS}),
    "claim:offered": frozenset({_Q.GAINS}),
    "claim:why_not": frozenset({_Q.REASONS, _Q.PROSPECTS, _Q.MEMBERSHIP}),
    "claim:argument": _VIEWS,
    "claim:description": frozenset({_Q.PERSON}),
}
"""The kinds of question an answer of each intent states; an intent not listed may state any
(a topic's answer, an event, a related state's summary)."""

_MEMBER_OVERVIEW = frozenset({_Q.MEMBERSHIP, _Q.STATUS, _Q.DATE, _Q.BACKGROUND, _Q.DEFINITION})
"""What a member's whole record states."""

_OTHER_OVERVIEW = frozenset({*_MEMBER_OVERVIEW, _Q.REASONS})
"""What the record of a state or party outside the accords states: any question about one of its
details is answered with the whole record, which also says why it is not a member."""


def states(intent: str) -> frozenset[QuestionKind] | None:
    """Return the kinds an answer of `intent` states, or None when it may state any."""
    key = intent.split("[")[0].removeprefix("each:")  # one answer per state: the same kinds
    if key.startswith("claim:signed"):
        key = "claim:signed"
    if key.startswith(("claim:milestone", "claim:event")):  # what happened, and when
        return frozenset({_Q.EVENTS, _Q.EFFECTS, _Q.DATE, _Q.STATUS})
    if key.startswith("members:"):  # the first, the latest, who joined when, who signed
        return _OVER_THE_SET
    return _STATED_BY.get(key)


_OVER_THE_SET = frozenset(
    {_Q.MEMBERS, _Q.COUNT, _Q.MEMBERSHIP, _Q.DATE, _Q.EVENTS, _Q.SIGNATORIES, _Q.PERSON}
)
"""What an answer over the members' table states (which joined first, when, who signed)."""


_ABOUT_THE_SET = frozenset({QuestionKind.MEMBERS, QuestionKind.COUNT})

_ARGUED = frozenset({IntentName.DEBATE, IntentName.CRITIQUES, IntentName.DEFENCES})
"""The intents of answers that give the critiques and defences."""
_SEVERAL = frozenset("each every all both countries states nations sides parties".split())
"""Words asking a kind of several parties at once ("what did each side get?")."""

_WHO_ELSE = frozenset("who which else other others".split())
"""Words asking for other records than the one named ("who's next after Kazakhstan?")."""

_ONE_VIEW = "claim:argument"
"""The intent of an answer giving one critique or defence: one side."""

_FINDINGS_FOR: dict[QuestionKind, FindingKind] = {
    QuestionKind.REASONS: FindingKind.REASON,
    QuestionKind.EFFECTS: FindingKind.EFFECT,
    QuestionKind.REACTIONS: FindingKind.REACTION,
    QuestionKind.PROSPECTS: FindingKind.PROSPECT,
    QuestionKind.GAINS: FindingKind.GAIN,
    QuestionKind.SIGNIFICANCE: FindingKind.ASSESSMENT,
    QuestionKind.TEXTS: FindingKind.TEXT,
    QuestionKind.BACKGROUND: FindingKind.BACKGROUND,
    QuestionKind.DEBATE: FindingKind.ASSESSMENT,
}
"""A kind asked that findings answer, and the kind of finding that answers it (a debate on a
named state is answered by the views on its part; the debate on the accords by the critiques
and defences)."""


_MAX_EACH = 4
"""At most this many states named are answered one by one."""

_OF_A_PERSON = frozenset(
    {QuestionKind.PERSON, QuestionKind.SIGNATORIES, QuestionKind.EVENTS, QuestionKind.TEXTS}
)
"""The kinds a person's own record answers: who they are, what they signed or did."""


class KindRoutes:
    """The routes that decide on the kind asked, before and after the rest of the pipeline."""

    def __init__(
        self,
        kb: KnowledgeBase,
        intents: IntentRoute,
        replies: Replies,
        policy: KindPolicy | None = None,
        topic_kinds: Mapping[str, frozenset[QuestionKind]] | None = None,
    ) -> None:
        self.kb = kb
        # What each topic's answer states, as the model reads its own questions.
        self._topic_kinds = topic_kinds or {}
        self.intents = intents
        self.replies = replies
        self.policy = policy or KindPolicy()
        self._members = frozenset(m.id for m in kb.members)
        # A party to every deal (Israel) is named in most questions: it is what the question is
        # about only when nothing else is named.
        self._everywhere = frozenset(r.id for r in kb.related if r.status.in_every_deal)
        self._outside = frozenset(r.id for r in kb.related if not r.status.is_member)
        self._events = frozenset(e.id for e in kb.events)
        self._people = frozenset(p.id for p in kb.people)
        # Every state, agreement and body on record, member or not.
        self._places = self._members | frozenset(r.id for r in kb.related)
        self.findings = FindingAnswers(kb, intents.answers.name)
        # What each record is about; an argument names the parties in its own words, so it
        # counts as about every record.
        self._about: dict[str, frozenset[str]] = {t.id: frozenset(t.about) for t in kb.topics}
        self._about.update({e.id: frozenset(e.about) for e in kb.events})
        self._about.update({f.id: subjects_of(f) for f in kb.findings})
        self._of_everything = frozenset(a.id for a in kb.arguments)
        self._instead: tuple[Route, ...] = (self.outside,)
        self._last: tuple[Route, ...] = (
            self.about_the_set,
            self.about_a_member,
            self.about_each_member,
            self.events_of_a_year,
            self.debate,
            self.understanding_at_last,
            self.about_a_person,
            self.what_they_are,
        )

    def after(self, asked: Asked) -> Answer | None:
        """Return the first proposal of the routes tried when the pipeline did not answer.

        A question that refers back ("what did they get?") with nothing to refer to stays
        asked back, unless it says "the accords", which "they" then means ("ppl say the accords
        are dead, are they?"), or asks what the accords as a whole have ("is it one treaty or
        several?", "did it change anything?")
        """
        reading = asked.reading
        unresolved = reading.refers_back and not (reading.entities or reading.people)
        if unresolved and not reading.says_accords and not _of_the_whole(asked):
            return None
        return _first_of(self._last, asked)

    def outside(self, asked: Asked) -> Answer | None:
        """Refuse a question the model reads as plainly about something else.

        Unless the model is sure, only with words the fact base does not know: "tell me about
        Bahrain" names a record and asks nothing else, so it is about the accords.
        """
        guess, policy, reading = asked.guess, self.policy, asked.reading
        if guess.top is not QuestionKind.OFFTOPIC or reading.names_accords:
            return None
        if guess.p(QuestionKind.OFFTOPIC) < policy.offtopic_floor:
            return None
        sure = guess.p(QuestionKind.OFFTOPIC) >= policy.offtopic_sure
        # Read as asking something else too, it stands, unless the model is sure and the
        # question has words the facts do not know ("ramadan dates in morocco?": a date, too).
        if not (sure and reading.unknown) and any(
            p >= policy.on_topic_floor for k, p in guess.ranked[1:]
        ):
            return None
        named = bool(reading.entities or reading.people)
        if named and not reading.focus:  # "tell me about Berkowitz": a record, nothing else
            return None
        if not sure and named and not reading.unknown:
            return None
        return self.replies.no_answer(asked.shown, wording.OUTSIDE_THE_ACCORDS)

    def better_answer(self, asked: Asked, answer: Answer) -> Answer | None:
        """Return what answers better than the pipeline's `answer`, or None to keep it.

        A question plainly about something else is refused; and "what prompted Morocco to
        sign?" answered with what Morocco signed states a document, not a reason: the findings
        on Morocco's reasons answer it instead.
        """
        return (
            _first_of(self._instead, asked)
            or self._in_the_future(asked, answer)
            or self._the_debate_asked(asked, answer)
            or self._kind_stated(asked, answer)
            or self._the_set_asked(asked, answer)
            or self._the_accords_asked(asked, answer)
        )

    def _the_accords_asked(self, asked: Asked, answer: Answer) -> Answer | None:
        """Say what the accords are for a question read surely as asking that, naming them and
        nothing else, when the pipeline answered with something else ("what even ARE the
        abraham accords, in plain english" is not a question on the texts' languages)."""
        guess, reading = asked.guess, asked.reading
        if guess.top is not QuestionKind.DEFINITION or guess.p(guess.top) < self.policy.sure_floor:
            return None
        if self._read_alike(guess) != (QuestionKind.DEFINITION,):
            return None  # "why is it called the Abraham Accords?" asks a reason as much
        if reading.entities or reading.people or not reading.says_accords:
            return None
        overview = self.what_they_are(asked)
        if overview is None or set(overview.fact_ids) & set(answer.fact_ids):
            return None
        return overview

    def _the_set_asked(self, asked: Asked, answer: Answer) -> Answer | None:
        """List the members for a question read surely as asking for them, when the pipeline
        answered with one of them or with events ("rank em by when they joined, uae first?",
        "list of the countries as of 2026", "which countries came in during trump's first
        term"): one member, a year's events or the broker's record is not the set."""
        guess = asked.guess
        if guess.top is not QuestionKind.MEMBERS or guess.p(guess.top) < self.policy.sure_floor:
            return None
        records = set(answer.fact_ids)
        members = records & self._members
        if answer.intent.startswith(IntentName.MEMBERS) or len(members) > 1 or not records:
            return None  # the set answered already, in part ("who joined in 2019?": none)
        if not records <= members | self._events | self._people:
            return None
        return members_answer(self.kb, asked.shown)

    def about_what_was_named(self, asked: Asked, answer: Answer) -> Answer | None:
        """Return the answer of the kind asked about the record the question names, when
        `answer` is about none of the records named ("is Kazakhstan officially in?" answered
        with a topic on the Iran war), or None to keep it."""
        reading = asked.reading
        # a state named is what the question is about; a person, only when no state is named
        states = [n for n in reading.entities if n not in self._everywhere]
        named = states or [n for n in reading.people if n not in self._everywhere]
        if not named or set(answer.fact_ids) & self._of_everything:
            return None
        if self._covers(answer, frozenset(named)):
            return None
        found = self.about_a_member(asked) or self.understanding(asked)
        if found is None and len(states) == 1:
            # the kind is read too weakly to choose: the record of the one state named
            found = self.intents.entity_answer(asked.shown, states[0], IntentName.MEMBER_OVERVIEW)
        elif found is None and len(named) == 1 and self._about_a_state(answer):
            # "did Trump sign as a party?" answered with Pakistan's refusal: Trump's record
            found = self.intents.entity_answer(asked.shown, named[0], IntentName.PERSON)
        return found if found is not None and found.status is Status.ANSWERED else None

    def said_by_who_was_named(self, asked: Asked, answer: Answer) -> Answer | None:
        """Return what the one person named said, for a question asking for a view or a
        reaction ("rubio say anything about kazakhstan joining?"), when `answer` is about
        someone else: the findings about that person, else the person's own record."""
        people = [p for p in asked.reading.people if p not in self._everywhere]
        if asked.guess.top not in _SAID or len(people) != 1:
            return None
        if self._covers(answer, frozenset(people)):
            return None
        person = people[0]
        found = self._from_findings(asked, self.policy.analytic_floor, (person,))
        if found is not None and self._covers(found, frozenset(people)):
            return found
        return self.intents.entity_answer(asked.shown, person, IntentName.PERSON)

    def _about_a_state(self, answer: Answer) -> bool:
        """Return whether `answer` is about a state or agreement, by its records or theirs."""
        places = self._places
        return any(f in places or self._about.get(f, frozenset()) & places for f in answer.fact_ids)

    def _covers(self, answer: Answer, named: frozenset[str]) -> bool:
        """Return whether `answer` is about any of the records `named`."""
        return any(f in named or self._about.get(f, frozenset()) & named for f in answer.fact_ids)

    def leaves_out_who_was_named(self, asked: Asked, answer: Answer) -> bool:
        """Return whether `answer` is made of findings about none of the people the question
        names ("what did Witkoff say before Kazakhstan joined?" is not Iran's reaction)."""
        people = set(asked.reading.people) - self._everywhere
        if not people or asked.guess.top not in _SAID:
            return False  # "why hasn't Saudi joined, Trump keeps saying…": Trump is context
        if not answer.intent.startswith(FINDING_INTENT):
            return False
        return not self._covers(answer, frozenset(people))

    def _in_the_future(self, asked: Asked, answer: Answer) -> Answer | None:
        """Refuse what happened in or by a year after the facts' date, which the facts cannot
        know ("will there be peace by 2050?"); what may come next is a prospect, answered as
        one when the model reads it so."""
        time = asked.reading.time
        if time is None or time.year is None or time.op in (TimeOp.BEFORE, TimeOp.BETWEEN):
            return None
        if time.year <= self.kb.meta.as_of.year or answer.intent.startswith(FINDING_INTENT):
            return None
        stated = states(answer.intent)
        if stated is not None and QuestionKind.PROSPECTS in stated:
            return None
        found = self._from_findings(asked, self.policy.analytic_floor)
        if found is not None and found.intent == FINDING_INTENT + FindingKind.PROSPECT.value:
            return found
        return self.replies.no_answer(asked.shown, wording.not_yet_known(time.year))

    def sure(self, asked: Asked) -> bool:
        """Return whether the model reads the kind asked with confidence."""
        top = asked.guess.top
        return top is not None and asked.guess.p(top) >= self.policy.sure_floor

    def _split(self, guess: KindGuess) -> bool:
        """Return whether off-topic is read nearly as surely as the kind asked: the reading is
        split, and a route of that kind does not answer on it alone."""
        off = guess.p(QuestionKind.OFFTOPIC)
        top = guess.ranked[0][1] if guess.ranked else 0.0
        return off >= self.policy.offtopic_veto and off > top - self.policy.veto_gap

    def fairly_sure(self, asked: Asked) -> bool:
        """Return whether the model reads the kind asked at least as surely as a kind asked."""
        top = asked.guess.top
        return top is not None and asked.guess.p(top) >= self.policy.asked_floor

    def _kind_stated(self, asked: Asked, answer: Answer) -> Answer | None:
        top = asked.guess.top
        one_of = self._one_of(asked, answer)  # then what it states is beside the question
        stated = None if one_of else self._stated(answer)
        if top not in _FINDINGS_FOR or (stated is None and not one_of):
            return None
        if stated is not None and any(kind in stated for kind in self._read_alike(asked.guess)):
            return None  # it states the kind asked: the second part, if any, adds the rest
        # An answer about a record named is replaced only by findings about that record; the
        # whole record of one outside the accords, only by findings of the kind asked ("what did
        # Saudi Arabia get for joining?" is best answered by saying it has not joined).
        about = answer.fact_ids[0] if answer.fact_ids else ""
        named = (*asked.reading.entities, *asked.reading.people)
        found = self._from_findings(
            asked, self.policy.analytic_floor, (about,) if about in named else None
        )
        if found is None and about in named and _WHO_ELSE & set(asked.reading.words):
            # "after Kazakhstan, who could be next?": none of the kind about the one named,
            # and the question asks who else
            others = tuple(e for e in asked.reading.entities if e != about)
            elsewhere = replace(asked, reading=replace(asked.reading, entities=others))
            found = self._from_findings(elsewhere, self.policy.analytic_floor)
        of_the_kind = (
            found is not None and found.intent == FINDING_INTENT + _FINDINGS_FOR[top].value
        )
        if found is None or of_the_kind:
            return found
        if about in self._outside:
            return None
        # none of the kind asked: the record of the one state outside the accords named says
        # why it is not in and what may come ("why hasn't Saudi joined, Trump keeps saying…")
        outside = [e for e in asked.reading.entities if e in self._outside - self._everywhere]
        if len(outside) == 1 and top in _OTHER_OVERVIEW:
            return self.intents.entity_answer(asked.shown, outside[0], IntentName.MEMBER_OVERVIEW)
        return found

    def _one_of(self, asked: Asked, answer: Answer) -> bool:
        """Return whether `answer` is about one member while the question names nothing: what
        one state signed is not what "the declaration" says for all of them."""
        reading = asked.reading
        head = answer.fact_ids[0] if answer.fact_ids else ""
        return head in self._members and not (reading.entities or reading.people)

    def _read_alike(self, guess: KindGuess) -> tuple[QuestionKind, ...]:
        """Return the kinds read about as probably as the top one: an answer stating any of
        them answers what was asked ("were the F-35s part of the accords?" is read as the
        texts and as what was gained, alike)."""
        top = guess.ranked[0][1] if guess.ranked else 0.0
        floor = max(self.policy.asked_floor, top - self.policy.alike_margin)
        alike = tuple(k for k, p in guess.ranked if p >= floor)
        return alike or tuple(k for k, _ in guess.ranked[:1])

    def _stated(self, answer: Answer) -> frozenset[QuestionKind] | None:
        """Return the kinds `answer` states, knowing that a record's overview stands for any
        detail of a record outside the accords ("what did the Palestinians get?")."""
        head = answer.fact_ids[0] if answer.fact_ids else ""
        overview = answer.intent.removeprefix("each:") == "member_overview"  # one per state
        if overview and head in self._members:
            return _MEMBER_OVERVIEW  # a member's record says how it joined, not why
        if answer.intent.startswith("member_") and head in self._outside:
            return _OTHER_OVERVIEW
        if head in self._topic_kinds:  # a topic's answer, or a claim from it
            return self._topic_kinds[head]
        return states(answer.intent)

    def understanding(self, asked: Asked) -> Answer | None:
        """Answer why, what changed, who reacted, what next, who got what, from findings."""
        return self._from_findings(asked, self.policy.analytic_floor)

    def understanding_at_last(self, asked: Asked) -> Answer | None:
        """Answer from findings a question the pipeline left, on a weaker reading of its kind;
        when none is of the kind asked, the member named answers a kind read alike from its
        record ("will Sudan ever finish its deal?": no prospect is recorded, its status is),
        and the one person named, with theirs ("lapid was everywhere in 2021, what did he
        actually do?": what they did is what their record says)."""
        found = self._from_findings(asked, self.policy.last_floor)
        top = asked.guess.top
        if found is None or top not in _FINDINGS_FOR:
            return found
        if found.intent == FINDING_INTENT + _FINDINGS_FOR[top].value:
            return found
        reading = asked.reading
        people = [p for p in reading.people if p not in self._everywhere]
        if len(people) == 1 and not set(reading.entities) - self._everywhere:
            return self.intents.entity_answer(asked.shown, people[0], IntentName.PERSON)
        members = [e for e in reading.entities if e in self._members]
        alike = [k for k in self._read_alike(asked.guess) if k in _ABOUT_A_STATE]
        if len(members) != 1 or not alike:
            return found
        return self.intents.entity_answer(asked.shown, members[0], _ABOUT_A_STATE[alike[0]])

    def _from_findings(
        self, asked: Asked, floor: float, only: tuple[str, ...] | None = None
    ) -> Answer | None:
        guess = asked.guess
        top = guess.top
        reading = asked.reading
        whole = not (reading.entities or reading.people)
        if top is None or guess.p(top) < floor:
            return None
        if top not in _FINDINGS_FOR and not (whole and top is QuestionKind.STATUS):
            return None
        if self._split(guess):
            return None
        if top is QuestionKind.DEBATE and whole:
            return None
        query = FindingQuery(
            kinds=_finding_kinds(guess, whole),
            subjects=only or self._subjects(reading),
            main=frozenset(only or reading.entities) - self._everywhere,
            people=frozenset(reading.people),
            joined=bool(_JOINING & set(reading.words)),
            several=bool(_SEVERAL & set(reading.words)),
            focus=reading.focus,
            pairs=term_pairs(reading.terms),
            year=reading.time.year if reading.time and reading.time.op is TimeOp.IN else None,
        )
        asked_kind = _FINDINGS_FOR.get(top, FindingKind.EFFECT)
        score = 100 * guess.p(top)
        return self.findings.answer(
            asked.shown,
            query,
            asked_kind,
            score,
            instead=only is None,
            asked_first=top in _FINDINGS_FOR,  # where things stand: effects and views alike
        )

    def _subjects(self, reading: Reading) -> tuple[str, ...]:
        """Return what the question is about: what it names, a party to every deal last."""
        named = (*reading.entities, *reading.people)
        first = tuple(n for n in named if n not in self._everywhere)
        return (*first, *(n for n in named if n in self._everywhere))

    def debate(self, asked: Asked) -> Answer | None:
        """Give both sides of the debate, each attributed, for a question asking for it."""
        guess = asked.guess
        if guess.top is not QuestionKind.DEBATE:
            return None
        if guess.p(QuestionKind.DEBATE) < self.policy.analytic_floor:
            return None
        return self._both_sides(asked)

    def _both_sides(self, asked: Asked) -> Answer:
        """The critiques and defences, those on the topics read and stating most of the
        question's terms first: a topic orders the views, never leaves one side out."""
        reading = asked.reading
        topics = [ArgumentTopic(t) for t in sorted(reading.topics) if t in _TOPICS]
        names = [self.intents.answers.name(n) for n in (*reading.entities, *reading.people)]
        focus = reading.focus.union(*(quick_terms(x) for x in (*names, *(t.label for t in topics))))
        return self.intents.arguments(asked.shown, IntentName.DEBATE, None, focus)

    def _the_debate_asked(self, asked: Asked, answer: Answer) -> Answer | None:
        """Give both sides for a question read surely as asking for the debate, when the answer
        is not the critiques and defences ("who defends the accords and why" answered with one
        person's record; "was the Sudan deal forced on the Sudanese?" with two assessments):
        the views that bear most on what was named come first. One view alone ("the
        Palestinians called it a betrayal, what did the UAE say back?") is one side: the
        debate read at all gives the other side too."""
        guess, reading = asked.guess, asked.reading
        if answer.intent in _ARGUED:
            return None
        if answer.intent == _ONE_VIEW:
            # a view answers a view asked; "what about Western Sahara?" read as what Morocco
            # got is left to the findings of that kind
            views = states(answer.intent) or frozenset()
            if guess.top not in views or not self._asks(guess, QuestionKind.DEBATE):
                return None
            return self._both_sides(asked)
        if (reading.entities or reading.people) and not answer.contested:
            return None  # facts on what was named ("were the jets a reward to the UAE?") stand
        if guess.p(QuestionKind.DEBATE) < self.policy.sure_floor:
            return None
        if QuestionKind.DEBATE not in self._read_alike(guess):
            return None
        return self._both_sides(asked)

    def _asks(self, guess: KindGuess, kind: QuestionKind) -> bool:
        """Return whether the model reads `kind` as asked, if not as the top kind."""
        return guess.p(kind) >= self.policy.asked_floor

    def second_kind(self, asked: Asked, first: Answer) -> QuestionKind | None:
        """Return another kind the question asks, of the other family than `first` answered.

        "why did Sudan sign, and is its deal done?" asks a reason (findings) and a status (the
        records): each family answers its own part.
        """
        from_findings = first.intent.startswith(FINDING_INTENT)
        stated = states(first.intent)
        # The top kind too, when the answer is known to state something else.
        ranked = asked.guess.ranked if stated is not None else asked.guess.ranked[1:]
        for kind, p in ranked:
            if p < self.policy.second_floor:
                return None
            if stated is not None and kind in stated:
                continue
            if kind is not QuestionKind.OFFTOPIC and (kind in _FINDINGS_FOR) != from_findings:
                return kind
        return None

    def part(self, asked: Asked, kind: QuestionKind) -> Answer | None:
        """Answer the part of the question that asks `kind` from the findings."""
        if kind not in _FINDINGS_FOR:
            return None
        ranked = ((kind, 1.0), *((k, 0.0) for k, _ in asked.guess.ranked if k is not kind))
        found = self._from_findings(replace(asked, guess=KindGuess(ranked)), 0.0)
        if found is None or found.intent != FINDING_INTENT + _FINDINGS_FOR[kind].value:
            return None  # findings of another kind: the first part may state that kind already
        return found

    def lookup_part(self, asked: Asked, kind: QuestionKind) -> Answer | None:
        """Answer the part of the question that asks `kind` of the members' records."""
        named = [e for e in asked.reading.entities if e in self._members]
        if kind in _ABOUT_A_STATE and len(named) == 1:
            return self.intents.entity_answer(asked.shown, named[0], _ABOUT_A_STATE[kind])
        if kind in _ABOUT_THE_SET and not named:
            return members_answer(self.kb, asked.shown)
        return None

    def about_the_set(self, asked: Asked) -> Answer | None:
        """List the members, or who signed each deal, for a question about the set the pipeline
        did not answer."""
        top = self._confident(asked)
        reading = asked.reading
        named = set(reading.entities) - self._everywhere  # Israel is in every deal asked about
        if named or reading.people:
            return None
        if top is QuestionKind.SIGNATORIES and reading.says_accords:
            # "biden signed the abraham accords right?": who did sign each deal answers it
            return signers_of_each_deal(self.kb, asked.shown, reading.time)
        if top not in _ABOUT_THE_SET:
            return None
        return members_answer(self.kb, asked.shown)

    def about_a_member(self, asked: Asked) -> Answer | None:
        """Answer the kind asked about the one state or agreement named, when the pipeline did
        not: a member's answer of that kind, or the whole record of a non-member. A kind asked
        of the whole set, with one member named, is asked of that member by the kind read
        alike ("kazakhstan is in it?? i thought it was only arab countries": is it a member)."""
        top = self._confident(asked, named=True)
        entities = asked.reading.entities
        named = [e for e in entities if e not in self._everywhere] or list(entities)
        if top is None or len(named) != 1 or top in _FINDINGS_FOR:
            return None
        if named[0] not in self._members:
            return self.intents.entity_answer(asked.shown, named[0], IntentName.MEMBER_OVERVIEW)
        alike = (k for k in self._read_alike(asked.guess) if k in _ABOUT_A_STATE)
        kind = top if top in _ABOUT_A_STATE or top not in _ABOUT_THE_SET else next(alike, None)
        if kind not in _ABOUT_A_STATE:
            return None
        return self.intents.entity_answer(asked.shown, named[0], _ABOUT_A_STATE[kind])

    def what_they_are(self, asked: Asked) -> Answer | None:
        """Say what the accords are, for a question read as asking that and naming nothing
        else, when the pipeline did not answer it ("my professor mentioned the abraham accords
        today and i have no idea what they are, explain like im 5")."""
        reading = asked.reading
        if self._confident(asked, named=True) is not QuestionKind.DEFINITION:
            return None
        if reading.entities or reading.people:
            return None
        if reading.unknown and not reading.says_accords:
            return None  # "what is фыва олдж?" asks what something else is
        return self.intents.what_they_are(asked.shown, asked.state)[0]

    def about_each_member(self, asked: Asked) -> Answer | None:
        """Answer the kind asked for each of the few members named, when the pipeline did not
        ("morocco signed in washington alongside uae and bahrain, yeah?": where each signed)."""
        top = self._confident(asked, named=True)
        named = [e for e in asked.reading.entities if e not in self._everywhere]
        if top not in _ABOUT_A_STATE or not 1 < len(named) <= _MAX_EACH:
            return None
        if not set(named) <= self._members:
            return None
        intent = _ABOUT_A_STATE[top]
        answers = [self.intents.entity_answer(asked.shown, e, intent) for e in named]
        if any(a.status is not Status.ANSWERED for a in answers):
            return None
        names = [self.intents.answers.name(e) for e in named]
        return each_answered(asked.shown, names, answers)

    def about_a_person(self, asked: Asked) -> Answer | None:
        """Answer with the one person named, when nothing else did and the kind read is about
        what a person is or did ("X keeps coming up when I read about Morocco, who is he",
        "what did X put his name on"): their record says what their part was."""
        people = asked.reading.people
        top = self._confident(asked)  # words the facts do not know may be what is asked
        if len(people) != 1 or top not in _OF_A_PERSON:
            return None
        return self.intents.entity_answer(asked.shown, people[0], IntentName.PERSON)

    def events_of_a_year(self, asked: Asked) -> Answer | None:
        """List what happened in the year a question asks about, when the pipeline did not
        answer a question read as asking what happened ("what's been going on in 2026, i
        lost track"): the words the facts do not know are the asker's, the year is the ask,
        and a state named beside it is what the asker remembers ("last thing i remember was
        the kazakhstan announcement, what's new in 2026?")."""
        reading, guess = asked.reading, asked.guess
        time = reading.time
        if guess.top is not QuestionKind.EVENTS or time is None or time.year is None:
            return None
        if time.op is not TimeOp.IN:
            return None
        if guess.p(guess.top) < self.policy.sure_floor or self._split(guess):
            return None
        return self.intents.timeline(asked.shown, time.year, time.month)

    def _confident(self, asked: Asked, named: bool = False) -> QuestionKind | None:
        """Return the kind asked when the model reads it with confidence and, unless a record
        is `named`, the question uses no word the facts do not know (those words may be what
        it really asks about: "how much did the accords cost taxpayers?")."""
        guess = asked.guess
        top = guess.top
        if asked.reading.unknown and not named:
            return None
        if top is None or guess.p(top) < self.policy.fallback_floor:
            return None
        if self._split(guess):
            return None
        return top


_OF_THE_WHOLE = frozenset(
    {_Q.SIGNIFICANCE, _Q.DEBATE, _Q.EFFECTS, _Q.PROSPECTS, _Q.DEFINITION, _Q.BACKGROUND}
)
"""Kinds asked of the accords as a whole: "it" or "they" with nothing named means the accords.
Not a status: "what is its status?" asks it of a member as often, and is asked back."""

_OF_IT = frozenset({_Q.TEXTS})
"""Kinds asked of the accords when "it" refers back ("is it one treaty or several?"), but of
the states when "they" does ("what did they sign?" is asked back)."""

_IT = frozenset({"it", "its", "this", "that"})

_JOINING = frozenset("joined joining signed signing member members signatory ratified".split())
"""Words that say a state is in the accords: said of one outside, its standing comes first."""

_SAID = frozenset({_Q.REACTIONS, _Q.SIGNIFICANCE, _Q.DEBATE})
"""Kinds asked that a person named answers in their own words: what they said, how they judged
it."""

_HOW_THINGS_STAND = (FindingKind.EFFECT, FindingKind.ASSESSMENT)
"""Where the accords as a whole stand ("are they dead?"): what changed, and how it is judged."""


def _of_the_whole(asked: Asked) -> bool:
    """Return whether the kind asked, with nothing named, is asked of the accords as a whole."""
    top = asked.guess.top
    return top in _OF_THE_WHOLE or (top in _OF_IT and bool(_IT & set(asked.reading.words)))


def _finding_kinds(guess: KindGuess, whole: bool) -> dict[FindingKind, float]:
    """Return how probable each kind of finding is, from the kinds asked that it answers."""
    kinds: dict[FindingKind, float] = {}
    for asked, finding in _FINDINGS_FOR.items():
        kinds[finding] = max(kinds.get(finding, 0.0), guess.p(asked))
    if whole:
        for finding in _HOW_THINGS_STAND:
            kinds[finding] = max(kinds[finding], guess.p(QuestionKind.STATUS))
    return kinds


def _first_of(routes: tuple[Route, ...], asked: Asked) -> Answer | None:
    for route in routes:
        proposal = route(asked)
        if proposal is not None:
            return proposal
    return None
