"""Checks on a finished answer: does it state the detail the question asks for?

An answer can be about the right record and still miss what was asked: the text of
"article 7", the holder of an office, the year named. These checks find such a miss so the
engine says what the facts lack instead of answering beside the question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answer import Answer, Status
from bot.answering.retrieve import Hit
from bot.understanding.kinds import ROLE_NOUNS, Kind
from bot.understanding.reading import Reading, TimeOp
from bot.understanding.terms import quick_terms, term

DETAIL_LACKING = "lacks_detail"
"""The intent of a refusal because the facts lack the detail asked: no other route overrides it."""

# "Article 7", "section 2", "Resolution 242": a numbered part of a text; a lone "i" is the
# numeral at the end or before a word that follows a part's name ("article I of"), not the
# speaker ("one article I read says…")
_PART = re.compile(
    r"\b(?:article|section|clause|paragraph|annex|chapter|resolution|provision)\s+"
    r"(?:\d+|[ivx]{2,}|[vx]|i(?=\s*$|\s+(?:of|in|on|and|or|to|say|says|state|states|about)\b))\b"
)


def part_unstated(answer: Answer, reading: Reading) -> str:
    """Return the numbered part of a text the question asks about and the answer lacks."""
    found = _PART.search(reading.normalized)
    if answer.status is not Status.ANSWERED or found is None:
        return ""
    return found.group(0) if found.group(0) not in answer.stated().casefold() else ""


def role_unnamed(answer: Answer, reading: Reading) -> str:
    """Return the office a "who" question names that the answer never mentions, or ""."""
    if answer.status is not Status.ANSWERED or Kind.PERSON not in reading.kinds:
        return ""
    said = quick_terms(answer.stated().casefold())
    return next((w for w in reading.words if w in ROLE_NOUNS and term(w) not in said), "")


# What a person is, beyond their part in the accords: the facts never record it.
_PERSONAL = {
    "age": "age",
    "old": "age",
    "born": "birth",
    "birthday": "birth",
    "birthplace": "birth",
    "wife": "family",
    "husband": "family",
    "married": "family",
    "children": "family",
    "kids": "family",
    "salary": "income",
    "net worth": "wealth",
    "height": "height",
    "tall": "height",
    "religion": "religion",
}


def personal_unstated(answer: Answer, reading: Reading) -> str:
    """Return a personal detail asked about a person (age, family…) the answer lacks, or ""."""
    if answer.status is not Status.ANSWERED or not reading.people:
        return ""
    text = f" {reading.normalized} "
    asked = next((w for w in _PERSONAL if f" {w} " in text), "")
    if asked == "old" and " how old " not in text:
        return ""
    said = f" {answer.stated().casefold()} "
    return _PERSONAL[asked] if asked and f" {asked} " not in said else ""


def off_time(answer: Answer, reading: Reading) -> bool:
    """Return whether the question asks about a year the answer never mentions."""
    time = reading.time
    if answer.status is not Status.ANSWERED or time is None or time.op is not TimeOp.IN:
        return False
    if time.year is None:
        return False
    if Kind.YESNO in reading.kinds and reading.entities[:1] == answer.fact_ids[:1]:
        return False  # "wasn't it signed in 2019?": the record asked about says when it was
    if any(c.dated.startswith(str(time.year)) for c in answer.claims):
        return False
    return str(time.year) not in answer.stated()


def on_time(hits: Sequence[Hit], reading: Reading, named: float) -> Hit | None:
    """Return the best claim dated in the question's year and month about what it names, a
    view only when views are asked ("did Trump sign in 2020?" is not what he said that day)."""
    time = reading.time
    if time is None or not (reading.entities or reading.people):
        return None
    return next(
        (
            h
            for h in hits
            if h.unit.date is not None
            and h.unit.date.year == time.year
            and time.month in (None, h.unit.date.month)
            and h.entity >= named
            # a view answers for its year only a question asking for views
            and (Kind.VIEWS in reading.kinds or Kind.VIEWS not in h.unit.primary)
        ),
        None,
    )
