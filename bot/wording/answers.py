"""The words around the facts in a composed answer: titles, field labels, joining sentences.

`bot.answering.record_answers` and the phrasing route fill these with what the records say
(names, dates, places, status labels); the facts themselves never live here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from bot.understanding.intents import IntentName

# --- titles ----------------------------------------------------------------------------------

_MEMBER_TITLES: Final[Mapping[str, str]] = {
    IntentName.MEMBER_IS: "Is {short} a member?",
    IntentName.MEMBER_WHEN: "When {short} joined",
    IntentName.MEMBER_HOW: "How {short} joined",
    IntentName.MEMBER_DOCUMENTS: "What {short} signed",
    IntentName.MEMBER_WHERE: "Where {short} signed",
    IntentName.MEMBER_SIGNERS: "Who signed for {short}",
    IntentName.MEMBER_OFFERED: "What was offered in connection with {short}'s deal",
    IntentName.MEMBER_STATUS: "{name}: status now",
}
_MEMBER_OVERVIEW: Final = "{name} and the Abraham Accords"
_SIGNED_ONLY: Final = frozenset({IntentName.MEMBER_DOCUMENTS, IntentName.MEMBER_WHERE})
"""Titles that say a member signed: one with no signing on record is titled so instead."""
UNSIGNED_TITLE: Final = "{name}: no signing on record"

MEMBERS_TITLE: Final = "Members of the Abraham Accords"
TIMELINE_TITLE: Final = "Timeline of the Abraham Accords"
LATEST_TITLE: Final = "The latest"


def member_title(intent: str, name: str, short: str, *, signed: bool) -> str:
    """Title an answer about a member: what it answers, with the member's (short) name."""
    if intent == IntentName.MEMBER_WHEN and not signed:
        return f"{name}: accession announced"
    if intent == IntentName.MEMBER_HOW and not signed:  # "How Kazakhstan joined" says too much
        return f"How {name}'s accession was announced"
    if intent in _SIGNED_ONLY and not signed:  # "What Kazakhstan signed" says it signed
        return UNSIGNED_TITLE.format(name=name)
    return _MEMBER_TITLES.get(intent, _MEMBER_OVERVIEW).format(name=name, short=short)


def related_title(name: str, status: str) -> str:
    """Title an answer about a non-member with its status label."""
    return f"{name}: {status}"


def what_happened(period: str, *, on_day: bool) -> str:
    """Title a period's events: "What happened in 2020", "What happened on 15 September 2020"."""
    return f"What happened {'on' if on_day else 'in'} {period}"


def arguments_title(intent: str, topic: str | None) -> str:
    """Title the critiques, the defences, or both, of the accords or on one topic."""
    about = f" on {topic}" if topic else ""
    if intent == IntentName.CRITIQUES:
        return f"Critiques of the Abraham Accords{about}"
    if intent == IntentName.DEFENCES:
        return f"Defences of the Abraham Accords{about}"
    return f"Critiques and defences{about}"


# --- field labels ----------------------------------------------------------------------------

FIELD_STATUS: Final = "Status"
FIELD_ANNOUNCED: Final = "Announced"
FIELD_SIGNED: Final = "Signed"
FIELD_DOCUMENTS: Final = "Documents"
FIELD_SIGNATORIES: Final = "Signatories"
FIELD_RATIFICATION: Final = "Ratification"
FIELD_OFFERED: Final = "Offered in connection"
FIELD_MILESTONES: Final = "Later milestones"
FIELD_WHY_NOT: Final = "Why it is not a member"
FIELD_DIFFERS: Final = "How it differs"
FIELD_PLEDGED: Final = "Pledged, not members"
FIELD_NOT_MEMBERS: Final = "Not members (often asked about)"
FIELD_FIRST: Final = "First"
FIELD_LATEST: Final = "Latest"
FIELD_TOPICS: Final = "Topics"


# --- sentences around a member's dates, places and signatories --------------------------------


def in_sentence(place: str) -> str:
    """Return a place as it reads inside a sentence: "The White House." -> "the White House"."""
    place = place.rstrip(".")
    return "the" + place[3:] if place.startswith("The ") else place


def status_sentence(status: str) -> str:
    """State a status label: "Status: In force."."""
    return f"{FIELD_STATUS}: {status}."


def no_signing(name: str) -> str:
    """Say that no signing of `name`'s accession is on record."""
    return (
        f"No signing of {name}'s accession is on record in the fact base "
        f"(sources reviewed up to the as-of date)."
    )


NO_SIGNATORIES: Final = "No signatories are on record: no signing has been found."
NO_SIGNING_CLAUSE: Final = "no signing is on record"
NO_OFFER: Final = "No offer in connection with this deal is recorded in the fact base."


def signed_on_in(date: str, place: str) -> str:
    """Date and place a signing, as a sentence."""
    return f"Signed on {date} in {in_sentence(place)}."


def announced_clause(name: str, date: str) -> str:
    """Date an announcement, as the first clause of a sentence."""
    return f"{name}: announced {date}"


def signed_clause(date: str, place: str) -> str:
    """Date and place a signing, as a clause that follows the announcement."""
    return f"signed {date} in {in_sentence(place)}"


def signed_documents(name: str, documents: str, date: str) -> str:
    """Say what `name` signed, and when."""
    return f"{name} signed: {documents} ({date})."


def signed_at(name: str, place: str, date: str) -> str:
    """Say where `name` signed, and when."""
    return f"{name} signed at {in_sentence(place)}, on {date}."


def signed_by(date: str, signatories: str) -> str:
    """Say who signed on `date` (`signatories` is the list, already joined)."""
    return f"On {date}: {signatories}."


# --- yes or no: is a state in the accords ----------------------------------------------------

MEMBERSHIPS_TITLE: Final = "In the Abraham Accords?"


def is_member(name: str, status: str) -> str:
    """Answer yes: `name` is a member, with its status label ("In force")."""
    return f"Yes. {name} is a member of the Abraham Accords ({status.lower()})."


def partly_member(name: str) -> str:
    """Answer partly: `name` signed the Declaration but its bilateral deal stalled."""
    return (
        f"Partly. {name} signed the Abraham Accords Declaration, but its bilateral deal "
        f"with Israel was never completed."
    )


def announced_not_signed(name: str) -> str:
    """Answer not yet: `name`'s accession was announced and never signed."""
    return f"Not yet signed. {name}'s accession was announced; no signing is on record."


def pledged_not_member(name: str) -> str:
    """Answer no: `name` has only pledged to join."""
    return f"No. {name} has pledged to join but is not a member."


def party_to_every_deal(name: str) -> str:
    """Answer yes: `name` is the party every member made its deal with (Israel)."""
    return (
        f"Yes. {name} is a party to every agreement of the Abraham Accords: each member "
        f"normalized its relations with {name}."
    )


def not_member(name: str) -> str:
    """Answer no: `name` is not a member."""
    return f"No. {name} is not a member of the Abraham Accords."


# --- claims stated one by one ----------------------------------------------------------------

CLAIMS_TITLE: Final = "What the facts say"
"""The title of several claims about different records, none of them contested."""


# --- lists: the members, the timeline, the debate --------------------------------------------


def members_intro(count: int) -> str:
    """Lead the list of members."""
    return f"{count} states are counted with the Abraham Accords, each with its own status:"


def member_row(name: str, date: str, status: str, *, signed: bool) -> str:
    """One member in the list: signed on `date`, or only announced on it."""
    when = f"signed {date}" if signed else f"announced {date}, no signing on record"
    return f"• {name} ({when}): {status}"


TIMELINE_INTRO: Final = "The timeline, year by year (ask about a year for its events):"


def events_in_year(year: int, count: int) -> str:
    """One year of the timeline overview: how many events it holds."""
    return f"• {year}: {count} event{'s' if count != 1 else ''}"


def side_says(*, critique: bool) -> str:
    """Attribute a view to its side: "Critics say" or "Supporters argue"."""
    return "Critics say" if critique else "Supporters argue"


ASK_A_MONTH: Final = "Ask about a month, e.g. 'September 2020'."
ASK_ONE_TOPIC: Final = "Ask about one topic with /critiques TOPIC."
NO_SIDE_TAKEN: Final = (
    "These are the views of the people named, reported with their sources; the bot takes no side."
)


def more_lines(count: int, hint: str) -> str:
    """End a list cut to fit: how many lines are left out, and how to see them."""
    return f"… and {count} more. {hint}".strip()


def note(text: str) -> str:
    """Present a caveat of the facts shown."""
    return f"Note: {text}"


def dated_note(date: str, text: str) -> str:
    """Present a caveat of one dated event in a list."""
    return f"Note ({date}): {text}"


_MONTHS: Final = (
    "January February March April May June July August September October November December"
).split()


def month_name(month: int) -> str:
    """Name a month, 1 to 12."""
    return _MONTHS[month - 1]
