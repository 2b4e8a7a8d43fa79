"""The questions the core understands, as phrasings with slots.

A phrasing is matched against the question after entity mentions were replaced by slot words:
`xent` (a member or related state, agreement or body), `xperson`, `xyear`, `xmonth` and `xday`.
Each intent names the slot it needs; a missing slot comes from the conversation or a
clarifying question. Phrasings are separated by `|`; add phrasings rather than lower thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Slot(StrEnum):
    """What an intent needs filled to be answered."""

    NONE = "none"
    ENTITY = "xent"
    PERSON = "xperson"
    YEAR = "xyear"


class IntentName(StrEnum):
    """The questions the phrasing route answers; each value is also the answer's `intent`."""

    MEMBERS = "members"
    MEMBER_IS = "member_is"
    MEMBER_WHEN = "member_when"
    MEMBER_HOW = "member_how"
    MEMBER_DOCUMENTS = "member_documents"
    MEMBER_WHERE = "member_where"
    MEMBER_SIGNERS = "member_signers"
    MEMBER_OFFERED = "member_offered"
    MEMBER_STATUS = "member_status"
    MEMBER_OVERVIEW = "member_overview"
    PERSON = "person"
    TIMELINE_YEAR = "timeline_year"
    TIMELINE = "timeline"
    LATEST = "latest"
    CRITIQUES = "critiques"
    DEFENCES = "defences"
    DEBATE = "debate"
    SOURCES = "sources"
    ABOUT = "about"


MEMBER_INTENTS: tuple[IntentName, ...] = (
    IntentName.MEMBER_IS,
    IntentName.MEMBER_WHEN,
    IntentName.MEMBER_HOW,
    IntentName.MEMBER_DOCUMENTS,
    IntentName.MEMBER_WHERE,
    IntentName.MEMBER_SIGNERS,
    IntentName.MEMBER_OFFERED,
    IntentName.MEMBER_STATUS,
    IntentName.MEMBER_OVERVIEW,
)
"""The questions about one member state: a follow-up with another name keeps the question."""

DEBATE_INTENTS: tuple[IntentName, ...] = (
    IntentName.CRITIQUES,
    IntentName.DEFENCES,
    IntentName.DEBATE,
)
"""The questions answered with attributed critiques and defences."""


@dataclass(frozen=True, slots=True)
class Intent:
    """A kind of question: its name, the slot it needs, and phrasings that reach it."""

    name: IntentName
    slot: Slot
    phrasings: tuple[str, ...]


def _phrasings(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.replace("\n", " ").split("|") if p.strip())


INTENTS: tuple[Intent, ...] = (
    Intent(
        IntentName.MEMBERS,
        Slot.NONE,
        _phrasings(
            """
        who are the members | which countries are members | which countries joined |
        list the members | how many countries joined | how many members are there |
        which countries signed the abraham accords | who joined the abraham accords |
        what countries are in the abraham accords | member countries | who has signed |
        which states normalized with israel | members list | which arab countries joined |
        who is in the accords | members | the members | name all the members |
        list of signatories | signatory countries | which gulf states joined |
        which african countries joined | what is the newest member |
        which country joined most recently | latest country to join | newest member |
        who joined last | current members | how many countries are members | all members |
        which countries are in the accords | what countries are part of the accords |
        list the signatories | which countries are currently members |
        countries counted as members | african countries in the accords |
        gulf states in the accords | which states are in the abraham accords |
        signatories of the accords
            """
        ),
    ),
    Intent(
        IntentName.MEMBER_IS,
        Slot.ENTITY,
        _phrasings(
            """
        is xent a member | did xent join | is xent in the abraham accords | has xent joined |
        is xent part of the accords | did xent sign the accords | is xent a signatory |
        xent member | has xent signed | did xent normalize with israel | is xent in
            """
        ),
    ),
    Intent(
        IntentName.MEMBER_WHEN,
        Slot.ENTITY,
        _phrasings(
            """
        when did xent join | when did xent sign | what date did xent join |
        when was xent announced | when did xent normalize relations | xent join date |
        what year did xent join | how long has xent been a member | when xent joined |
        since when is xent a member
            """
        ),
    ),
    Intent(
        IntentName.MEMBER_HOW,
        Slot.ENTITY,
        _phrasings(
            """
        how did xent join | how did xent become a member | how was the xent deal made |
        how did the xent deal happen | what happened with xent | xent deal story
            """
        ),
    ),
    Intent(
        IntentName.MEMBER_DOCUMENTS,
        Slot.ENTITY,
        _phrasings(
            """
        what did xent sign | which documents did xent sign | what agreement did xent sign |
        what document did xent sign | what treaty did xent sign | xent documents |
        what was signed with xent
            """
        ),
    ),
    Intent(
        IntentName.MEMBER_WHERE,
        Slot.ENTITY,
        _phrasings(
            """
        where did xent sign | where was the xent deal signed | where was xent signed |
        xent signing place | in which city did xent sign |
        where xent | where was it for xent
            """
        ),
    ),
    Intent(
        IntentName.MEMBER_SIGNERS,
        Slot.ENTITY,
        _phrasings(
            """
        who signed for xent | who signed the xent deal | who signed xent | xent signer |
        who signed it for xent | who put pen to paper for xent
            """
        ),
    ),
    Intent(
        IntentName.MEMBER_OFFERED,
        Slot.ENTITY,
        _phrasings(
            """
        what did xent get | what was xent offered | what did xent get in return |
        what did the us give xent | xent reward | what incentive did xent get |
        what did xent get out of the deal | why did xent join | what was in it for xent |
        xent concession | what was xent promised
            """
        ),
    ),
    Intent(
        IntentName.MEMBER_STATUS,
        Slot.ENTITY,
        _phrasings(
            """
        what is the status of xent | is xent still in the accords | xent status |
        what is the situation with xent now | are relations with xent still active |
        xent status now | is the xent deal in force | did xent ratify | has xent ratified |
        is xent deal stalled | what happened to xent later | xent ratify |
        is xent still a member | xent today | has the relationship with xent held up |
        did relations with xent survive the gaza war | where does xent membership stand |
        xent membership status | does xent have an embassy in israel |
        did xent recall its ambassador | did xent withdraw its ambassador
            """
        ),
    ),
    Intent(
        IntentName.MEMBER_OVERVIEW,
        Slot.ENTITY,
        _phrasings(
            """
        tell me about xent | xent | what about xent | xent and the abraham accords |
        info on xent | xent abraham accords | explain xent | summary of xent
            """
        ),
    ),
    Intent(
        IntentName.PERSON,
        Slot.PERSON,
        _phrasings(
            """
        who is xperson | who was xperson | what did xperson do | xperson |
        tell me about xperson | xperson role | what was xperson role |
        what did xperson do in the accords | xperson abraham accords
            """
        ),
    ),
    Intent(
        IntentName.TIMELINE_YEAR,
        Slot.YEAR,
        _phrasings(
            """
        what happened in xyear | xyear events | events in xyear | timeline xyear | xyear |
        what happened during xyear | abraham accords xyear | news from xyear |
        what did the accords do in xyear | what happened on xday xmonth xyear |
        what happened in xmonth xyear | what happened on xmonth xday xyear | xday xmonth xyear |
        xmonth xyear | events of xmonth xyear | what happened on xday xmonth
            """
        ),
    ),
    Intent(
        IntentName.TIMELINE,
        Slot.NONE,
        _phrasings(
            """
        timeline | show the timeline | history of the abraham accords |
        what happened over the years | chronology | key dates | important dates |
        events timeline | give me the history
            """
        ),
    ),
    Intent(
        IntentName.LATEST,
        Slot.NONE,
        _phrasings(
            """
        what is the latest | latest news | what is new | any updates |
        most recent developments | what happened lately | latest on the abraham accords |
        what happened recently | current state of the accords
            """
        ),
    ),
    Intent(
        IntentName.CRITIQUES,
        Slot.NONE,
        _phrasings(
            """
        what do critics say | criticism of the abraham accords | what are the critiques |
        why are the accords criticized | arguments against the accords |
        problems with the abraham accords | downsides | who opposes the accords |
        what are the objections | cons of the abraham accords | controversy |
        are the accords bad | negative views |
        criticism of xent joining | what do critics say about xent |
        critics of the xent deal | xent criticism
            """
        ),
    ),
    Intent(
        IntentName.DEFENCES,
        Slot.NONE,
        _phrasings(
            """
        what do supporters say | arguments for the accords | benefits of the accords |
        why are the accords good | defence of the abraham accords | pros |
        what are the achievements | were the accords a success | positive views |
        who supports the accords | what are the upsides |
        what do supporters say about xent | defence of xent joining
            """
        ),
    ),
    Intent(
        IntentName.DEBATE,
        Slot.NONE,
        _phrasings(
            """
        proscons | proscons of the accords | both sides of the debate | is it controversial |
        critiques and defences | debate about the accords | good or bad |
        arguments for and against
            """
        ),
    ),
    Intent(
        IntentName.SOURCES,
        Slot.NONE,
        _phrasings(
            """
        where do the facts come from | what are your sources | sources | citations |
        how do you know | where is this from | can i trust this | how current is this |
        how up to date are you | what is your data
            """
        ),
    ),
    Intent(
        IntentName.ABOUT,
        Slot.NONE,
        _phrasings(
            """
        who are you | what can you do | help | what do you know | how do i use this |
        what can i ask | commands | about this bot | how do i report a wrong fact |
        report a mistake
            """
        ),
    ),
)

FOLLOW_UP_WORDS: frozenset[str] = frozenset(
    {"and", "what", "about", "how", "also", "then", "ok", "so", "same", "for", "with"}
)

PRONOUNS: frozenset[str] = frozenset({"it", "they", "them", "its", "their", "that", "there"})

WHY_WORDS: frozenset[str] = frozenset(
    {
        "why",
        "why that answer",
        "why this answer",
        "explain that",
        "how do you know that",
        "source for that",
        "sources for that",
        "explain",
    }
)
