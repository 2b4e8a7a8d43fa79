"""The kinds of question a sentence of the facts can answer, read from the sentence itself.

A sentence naming an office ("Foreign Minister Yair Lapid") can answer "who"; one with an
amount ("23 billion dollars", "50 F-35A jets") can answer "how many"; one with "in Rabat" or
"at the White House" can answer "where". Cheap surface cues, computed once at load time.
"""

from __future__ import annotations

import re

from bot.understanding.kinds import Kind

_OFFICE = re.compile(
    r"\b(?i:President|Prime Minister|Minister|King|Crown Prince|Sheikh|Secretary|Ambassador|"
    r"envoy|adviser|advisor|Senator|Chairman|chief|spokesman|spokesperson|official|leaders? of)s?"
    r"\b|\b[A-Z][a-z]+ [A-Z][a-z]+ (?:said|called|signed|opened|met|led|visited|announced)\b"
)
_NUMBER = re.compile(
    r"\b\d[\d,.]*\b(?!-\d)|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|dozen|hundred|thousand|million|billion)\b",
    re.IGNORECASE,
)
# Dates are not amounts: "5 January 2021", "January 5", a year
_DATES = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:to\s+\d{1,2}\s+)?(?:January|February|March|April|May|June|"
    r"July|August|September|October|November|December)\b|\b(?:January|February|March|April|"
    r"May|June|July|August|September|October|November|December)\s+\d{1,2}\b|\b(?:19|20)\d\d\b"
)
_PLACE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?[A-Z][a-z]+")
# A claim that quotes or reports what someone called something answers "what did X say".
_SAYING = re.compile(
    r"\b(?:called|calling|condemned|praised|described|hailed|denounced|said|says|warned)\b"
    r"|[\"\u201c][^\"\u201d]{3,}[\"\u201d]"
)
# What someone got for a deal: "offered", "in return", "aid", "arms package"
_OFFER = re.compile(r"\b(?:offered|in exchange|in return|rewards?|incentives?|aid|package)\b")
_REASON = re.compile(r"\b(?:because|since|as part of|in exchange|in return|to |so that|after)\b")


def text_kinds(text: str) -> set[Kind]:
    """Return the kinds of question `text` can answer beyond its field's own."""
    kinds: set[Kind] = set()
    if _OFFICE.search(text):
        kinds.add(Kind.PERSON)
    if _NUMBER.search(_DATES.sub("", text)):
        kinds.add(Kind.COUNT)
    if _PLACE.search(text):
        kinds.add(Kind.PLACE)
    if _OFFER.search(text):
        kinds.add(Kind.TERMS)
    if _SAYING.search(text):
        kinds.add(Kind.VIEWS)
    if _REASON.search(text):
        kinds.add(Kind.REASON)
    return kinds
