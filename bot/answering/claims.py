"""The claim route beside the phrasing route: when one claim answers better, and what to add.

A claim replaces the intent's answer when it states more of what was asked about the same
record, or the kind asked when the intent answers another kind; a second kind asked ("when
did X sign and who signed") adds that claim of the same record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.answer import Answer, Status
from bot.answering.kinds_of_text import text_kinds
from bot.answering.policy import RankPolicy
from bot.answering.retrieve import Hit, UnitIndex
from bot.answering.units import Unit
from bot.understanding.intents import DEBATE_INTENTS, MEMBER_INTENTS, IntentName
from bot.understanding.kinds import Kind
from bot.understanding.reading import Reading
from bot.understanding.terms import quick_terms

# Answers that give a whole list or overview: one claim never stands in for them.
_OVERVIEW_INTENTS = frozenset(
    {
        IntentName.MEMBERS,
        IntentName.TIMELINE,
        IntentName.TIMELINE_YEAR,
        IntentName.LATEST,
        IntentName.PERSON,
        IntentName.SOURCES,
        IntentName.ABOUT,
        "explain",
        *DEBATE_INTENTS,
    }
)
# The kinds of question each member intent answers; a claim of the kind asked beats another.
_INTENT_KINDS: dict[str, frozenset[Kind]] = {
    IntentName.MEMBER_WHEN: frozenset({Kind.DATE}),
    IntentName.MEMBER_WHERE: frozenset({Kind.PLACE}),
    IntentName.MEMBER_SIGNERS: frozenset({Kind.PERSON}),
    IntentName.MEMBER_DOCUMENTS: frozenset({Kind.DOCUMENT}),
    IntentName.MEMBER_OFFERED: frozenset({Kind.TERMS, Kind.REASON}),
    IntentName.MEMBER_STATUS: frozenset({Kind.STATUS}),
    IntentName.MEMBER_IS: frozenset({Kind.STATUS}),
    IntentName.MEMBER_HOW: frozenset({Kind.EVENT, Kind.REASON}),
    "topic": frozenset({Kind.DEFINITION, Kind.REASON, Kind.EVENT, Kind.DATE}),
}
# The claims each member intent states, so a claim never replaces the answer that has it.
_INTENT_FIELDS: dict[str, frozenset[str]] = {
    IntentName.MEMBER_WHEN: frozenset({"announced", "signed"}),
    IntentName.MEMBER_WHERE: frozenset({"signed"}),
    IntentName.MEMBER_SIGNERS: frozenset({"signatories"}),
    IntentName.MEMBER_DOCUMENTS: frozenset({"documents"}),
    IntentName.MEMBER_OFFERED: frozenset({"offered"}),
    IntentName.MEMBER_STATUS: frozenset({"status", "ratification"}),
    IntentName.MEMBER_IS: frozenset({"status"}),
    IntentName.MEMBER_HOW: frozenset({"announced", "signed", "offered"}),
}
_SPECIFIC_KINDS = frozenset(
    {Kind.DATE, Kind.PLACE, Kind.PERSON, Kind.COUNT, Kind.TERMS, Kind.DOCUMENT, Kind.VIEWS}
)


class ClaimChooser:
    """Choose between the intent's answer and the best claims."""

    def __init__(self, index: UnitIndex, policy: RankPolicy) -> None:
        self.index = index
        self.policy = policy

    def claims_instead(
        self, answer: Answer, units: list[Unit], hits: Sequence[Hit], reading: Reading
    ) -> list[Unit]:
        """Return the claims to answer with instead of the intent's answer, or [].

        Overviews and lists (the members, the timeline, a person, the debate) stand as they
        are. An answer about a state or person the question names is replaced only by a
        claim about that same record that it does not already state: one of the kind asked
        when the intent answers another kind ("which official signed" answered with the
        documents), or else one that covers clearly more of the question.
        """
        if answer.status is not Status.ANSWERED:
            return units
        if not hits:
            return []
        if answer.intent in DEBATE_INTENTS and Kind.VIEWS not in reading.kinds and units:
            return units  # "critical minerals" is not criticism: a claim that answers stands
        if answer.intent == IntentName.PERSON and Kind.VIEWS in reading.kinds:
            return self._saying_of(answer, hits)  # "what did Trump call the accords"
        if answer.intent in _OVERVIEW_INTENTS:
            return []
        said_text = answer.stated().casefold()
        said = quick_terms(said_text)
        covered = self.index.coverage(reading.focus, said, len(reading.unknown))
        record = answer.fact_ids[0] if answer.fact_ids else None
        of_kind = self._of_the_kind_asked(answer, record, hits, reading, (said_text, covered))
        if of_kind is not None:
            return [of_kind]
        if not units:
            return []
        return self._covering_more(answer, record, units, hits, reading, (said_text, covered))

    def _covering_more(
        self,
        answer: Answer,
        record: str | None,
        units: list[Unit],
        hits: Sequence[Hit],
        reading: Reading,
        said: tuple[str, float],
    ) -> list[Unit]:
        """Return the claims that cover clearly more of the question than the answer says, or
        []: about the same record when the question names it, and not already said."""
        said_text, covered = said
        named = {*reading.entities, *reading.people}
        best = hits[0]
        if record in named and best.unit.subject != record:
            # A claim about another record does not replace this one's answer; a close one
            # about no record but naming this one may.
            naming = self._close_naming(record, hits)
            if naming is None:
                return []
            best, units = naming, [naming.unit]
        if best.unit.text.casefold() in said_text:
            return []
        if best.unit.subject == record and best.unit.field in _INTENT_FIELDS.get(answer.intent, ()):
            return []  # the intent's answer states this same claim, in its own words
        return units if best.coverage >= covered + self.policy.claim_lead else []

    def _of_the_kind_asked(
        self,
        answer: Answer,
        record: str | None,
        hits: Sequence[Hit],
        reading: Reading,
        said: tuple[str, float],
    ) -> Unit | None:
        """Return the claim of the kind asked about the answer's record, when the intent's
        answer gives another kind ("which official signed" answered with the documents) and
        the claim covers as much of the question and is not already said; else None."""
        said_text, covered = said
        asked = reading.kinds & _SPECIFIC_KINDS
        serves = _INTENT_KINDS.get(answer.intent, frozenset())
        if not asked or not serves or asked & serves:
            return None
        for hit in hits:
            # What someone said is about the record it names, or, when the answer is a
            # topic rather than a record, the best claim of all.
            best_of_all = answer.intent == "topic" and hit is hits[0]
            about = hit.unit.subject == record or (
                Kind.VIEWS in asked and (record in hit.unit.entities or best_of_all)
            )
            # a saying reported in the record's own claim ("Witkoff said …") is one too
            said_here = (
                hit is hits[0]
                and hit.unit.subject == record
                and (Kind.VIEWS in asked & hit.unit.kinds)
            )
            if (
                about
                and (asked & hit.unit.primary or said_here)
                and hit.coverage >= covered
                and hit.unit.text.casefold() not in said_text
            ):
                return hit.unit
        return None

    def share_stated(self, answer: Answer, reading: Reading) -> float:
        """Return how much of the question's focus the answer's title and body state."""
        text = f"{answer.title}\n{answer.body}"
        cues = frozenset(t for t, _ in reading.cues)
        stated = reading.cued(_INTENT_KINDS.get(answer.intent, frozenset()) | text_kinds(text))
        return self.index.coverage(
            reading.focus, quick_terms(text.casefold()), len(reading.unknown), cues, stated
        )

    def states_nothing_asked(self, answer: Answer, reading: Reading) -> bool:
        """Return whether a member answer is of another kind than asked and states none of it.

        "Who was the UAE's first ambassador?" matched to the UAE's status: no claim of the
        base says who, and the status says nothing the question asks, so it is not an answer.
        """
        if answer.intent not in MEMBER_INTENTS or answer.status is not Status.ANSWERED:
            return False
        text = f"{answer.title}\n{answer.body}"  # the answer, not the notes about it
        serves = _INTENT_KINDS.get(answer.intent, frozenset()) | text_kinds(text)
        asked = reading.kinds & _SPECIFIC_KINDS
        if not asked or asked & serves:
            return False
        said = quick_terms(text.casefold())
        cues = frozenset(t for t, _ in reading.cues)
        covered = self.index.coverage(
            reading.focus, said, len(reading.unknown), cues, reading.cued(serves)
        )
        return covered < self.policy.min_coverage

    def _saying_of(self, answer: Answer, hits: Sequence[Hit]) -> list[Unit]:
        """Return the best-ranked view held by the person the answer is about, if any."""
        person = answer.fact_ids[0] if answer.fact_ids else None
        return next(
            (
                [h.unit]
                for h in hits
                if Kind.VIEWS in h.unit.primary and person in h.unit.entities and h.coverage > 0
            ),
            [],
        )

    def _close_naming(self, record: str | None, hits: Sequence[Hit]) -> Hit | None:
        """Return a claim scoring close to the best that names `record` and covers more."""
        return next(
            (
                h
                for h in hits
                if h.score * self.policy.min_lead >= hits[0].score
                and h.coverage > hits[0].coverage
                and h.unit.subject is None
                and record in h.unit.entities
            ),
            None,
        )

    def with_second_kind(self, answer: Answer, hits: Sequence[Hit], reading: Reading) -> Answer:
        """Add the same record's claim for a second kind asked ("when did X sign and who…")."""
        serves = _INTENT_KINDS.get(answer.intent, frozenset())
        missing = (reading.kinds & (_SPECIFIC_KINDS | {Kind.EVENT})) - serves
        if answer.status is not Status.ANSWERED or not serves or not missing:
            return answer
        record = answer.fact_ids[0] if answer.fact_ids else None
        said = answer.stated().casefold()
        extra: list[str] = []
        for kind in sorted(missing):
            unit = next(
                (
                    h.unit
                    for h in hits
                    if h.unit.subject == record
                    and kind in h.unit.primary
                    and h.unit.text.casefold() not in said
                ),
                None,
            )
            if unit is not None and unit.text not in extra:
                extra.append(unit.text)
        if not extra:
            return answer
        return replace(answer, body=" ".join([answer.body, *extra]))
