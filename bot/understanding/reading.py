"""What a question asks: its entities, time, the kinds of answer, operators and focus terms.

`read_question` turns the matcher's analysis (names found, typos repaired, years and dates
read) into a `Reading`, the one typed value the answering stages consume. Time is read with a
closed grammar (years, month names next to a year or day, "before / after / since / by /
until / between"), never a general date finder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.understanding.kinds import HOLDER_CUES, Kind, cue_kinds, read_kinds
from bot.understanding.terms import background_terms, term, terms
from bot.understanding.vocabulary import MONTHS

_SLOTS = frozenset({"xent", "xperson", "xyear", "xmonth", "xday"})


class TimeOp(StrEnum):
    """How a question relates to a date."""

    IN = "in"
    BEFORE = "before"
    AFTER = "after"
    BY = "by"
    BETWEEN = "between"


class Operator(StrEnum):
    """An operation over several records ("the first", "how many", "which came first")."""

    FIRST = "first"
    LAST = "last"
    ORDINAL = "ordinal"
    COUNT = "count"
    LIST = "list"
    COMPARE = "compare"


@dataclass(frozen=True, slots=True)
class TimeConstraint:
    """A time condition: `op` against a year (and month), or against an entity's date."""

    op: TimeOp
    year: int | None = None
    month: int | None = None
    until_year: int | None = None
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """The question as the answering stages see it."""

    normalized: str
    words: tuple[str, ...]
    entities: tuple[str, ...]
    people: tuple[str, ...]
    kinds: frozenset[Kind]
    time: TimeConstraint | None
    operator: Operator | None
    ordinal: int | None
    terms: tuple[str, ...]
    name_terms: tuple[str, ...]
    focus: frozenset[str]
    unknown: tuple[str, ...]
    negated: bool
    names_accords: bool
    refers_back: bool
    topics: frozenset[str] = frozenset()
    cues: tuple[tuple[str, Kind], ...] = ()
    """Focus terms that name the kind of answer asked ("country", "react"), with that kind."""
    holders: frozenset[str] = frozenset()
    topic_terms: frozenset[str] = frozenset()
    """Focus terms that name a debate topic ("dead"): an argument on that topic states them."""
    """Cue terms naming who holds a view ("analysts"): only a claim of that kind states them."""

    @property
    def says_accords(self) -> bool:
        """Return whether the question names the accords, in full or as "the deal"."""
        return self.names_accords or not _ACCORDS_WORDS.isdisjoint(self.words)

    def cued(
        self, kinds: frozenset[Kind], primary: frozenset[Kind] | None = None
    ) -> frozenset[str]:
        """Return the cue terms a claim of `kinds` (`primary` ones first of all) states."""
        own = kinds if primary is None else primary
        return frozenset(t for t, k in self.cues if k in (own if t in self.holders else kinds))


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_FIRST = frozenset({"first", "earliest", "initial", "original"})
_LAST = frozenset({"latest", "last", "newest", "recent", "recently", "most"})
BACK_REFERENCES = frozenset(
    {"it", "its", "they", "them", "their", "he", "she", "him", "her", "his"}
)
# "who signed them?": what is signed is an agreement, so with nothing before it "them" is the
# accords, not a state to ask back about
_SIGNED_IT = re.compile(r"\bsign(?:ed|s|ing)?\s+(?:it|them)\b")
_RANKING = frozenset("rank ranked ranking sort sorted chronological chronologically oldest".split())
_IN_ORDER = re.compile(r"\bin (?:the )?order (?:of|they|that|in which)\b")
"""Asking for the states in order of their joining, none named: each compared with each."""
_PLURAL_BACK = frozenset({"they", "them", "their"})
# "that country", "this deal": a reference back as much as "it"
_DEMONSTRATIVE = re.compile(r"\b(?:that|this|same)\s+(?:country|state|nation|member|deal|one)\b")


def refers_back_to_before(normalized: str, words: frozenset[str] | set[str]) -> bool:
    """Return whether a question refers back to something named before ("when did it join?",
    "that country"); the agreements signed ("who signed them?") are not something before."""
    if _DEMONSTRATIVE.search(normalized):
        return True
    if _SIGNED_IT.search(normalized):
        words = set(_SIGNED_IT.sub("signed", normalized).split())
    if _ACCORDS.search(normalized):
        # "where did they sign the abraham accords?": "they" are the signers of what it
        # names; "when did it join the accords?" still asks which state
        words = set(words) - _PLURAL_BACK
    return not words.isdisjoint(BACK_REFERENCES)


_NEGATION = frozenset({"not", "never", "non", "no", "nonmember", "without"})
_ACCORDS = re.compile(r"\b(?:ab?ra+h?[aei]*m+s?|abrahamic|ibrahim)\s+(?:acc\w*|deal\w*|agree\w*)")
_ACCORDS_WORDS = frozenset(
    "accord accords deal deals agreement agreements normalization normalisation".split()
)
"""How people refer to the accords without naming them ("the deal", "these agreements")."""
_BETWEEN = re.compile(r"\bbetween (\d{4}) and (\d{4})\b")
_REL = re.compile(
    r"\b(before|after|since|by|until|till|prior to|as of|in|during)\s+(?:the end of\s+)?(\d{4})\b"
)


_RELATIONS = {
    "before": TimeOp.BEFORE,
    "prior to": TimeOp.BEFORE,
    "after": TimeOp.AFTER,
    "since": TimeOp.AFTER,
    "by": TimeOp.BY,
    "until": TimeOp.BY,
    "till": TimeOp.BY,
    "as of": TimeOp.BY,
}
_REL_DAY = re.compile(
    r"\b(before|after|since|by|until|till|prior to|as of)\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    rf"(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})\b"
)


def _time(normalized: str, years: tuple[int, ...], month: int | None) -> TimeConstraint | None:
    dated = _REL_DAY.search(normalized)
    if dated and years and month is not None:
        # "after October 7", "since 7 October": the year was read from the facts' own dates
        op = _RELATIONS.get(dated.group(1), TimeOp.IN)
        return TimeConstraint(op, years[0], month)
    between = _BETWEEN.search(normalized)
    if between:
        return TimeConstraint(TimeOp.BETWEEN, int(between.group(1)), None, int(between.group(2)))
    rel = _REL.search(normalized)
    if rel:
        word, year = rel.group(1), int(rel.group(2))
        op = _RELATIONS.get(word, TimeOp.IN)
        if op is TimeOp.AFTER and word == "since":
            return TimeConstraint(TimeOp.AFTER, year - 1)
        return TimeConstraint(op, year, month if op is TimeOp.IN else None)
    if years:
        return TimeConstraint(TimeOp.IN, years[0], month)
    return None


def read_question(
    normalized: str,
    tokens: tuple[str, ...],
    mentions: tuple[tuple[str, str], ...],
    names: tuple[str, ...],
    years: tuple[int, ...],
    month: int | None,
    unknown: tuple[str, ...] = (),
    topics: frozenset[str] = frozenset(),
) -> Reading:
    """Build the reading of one question from the matcher's analysis of it.

    `tokens` are the normalised, typo-repaired words with names replaced by slot words;
    `mentions` the (entity id, kind) of each name found, in order, and `names` the words
    that named them ("abu dhabi"), which rank the claims that use them too; `unknown` the
    content words the fact base never uses; `topics` the debate topics the question names.
    """
    words = tuple(normalized.split())
    entities = tuple(dict.fromkeys(e for e, kind in mentions if kind != "person"))
    people = tuple(dict.fromkeys(e for e, kind in mentions if kind == "person"))
    kinds = read_kinds(tuple(t for t in tokens if t not in _SLOTS) or words)
    wordset = set(words)
    operator: Operator | None = None
    ordinal: int | None = None
    if wordset & {"first", "earliest"} and not wordset & {"when"}:
        operator, ordinal = Operator.FIRST, 1
    for w in words:
        if w in _ORDINALS and _ORDINALS[w] > 1:
            operator, ordinal = Operator.ORDINAL, _ORDINALS[w]
    if wordset & {"latest", "newest"} or ("most" in wordset and "recent" in wordset):
        operator = Operator.LAST
    if Kind.COUNT in kinds:
        operator = Operator.COUNT
    ordering = wordset & {
        "first",
        "earlier",
        "before",
        "later",
        "after",
        "sooner",
        "order",
        "chronological",
        "sequence",
    }
    if (
        len(entities) >= 2
        and ordering
        and operator is not Operator.ORDINAL  # "the third one after the UAE and Bahrain"
        and (not wordset & {"what", "when"} or "first" in wordset)
    ):
        operator = Operator.COMPARE
    if not entities and (wordset & _RANKING or _IN_ORDER.search(normalized)):
        operator = Operator.COMPARE  # "rank the countries by when they signed": all of them
    index_terms = tuple(terms(" ".join(t for t in tokens if t not in _SLOTS), normalized=True))
    background = background_terms()
    focus = frozenset(t for t in index_terms if t not in background)
    cued_words = cue_kinds(words, kinds)
    cues = tuple((t, k) for w, k in cued_words.items() if (t := term(w)) in focus)
    holders = frozenset(term(w) for w in cued_words if w in HOLDER_CUES)
    return Reading(
        normalized=normalized,
        words=words,
        entities=entities,
        people=people,
        kinds=kinds,
        time=_time(normalized, years, month),
        operator=operator,
        ordinal=ordinal,
        terms=index_terms,
        name_terms=tuple(terms(" ".join(names), normalized=True)),
        focus=focus,
        unknown=unknown,
        negated=bool(wordset & _NEGATION),
        names_accords=bool(_ACCORDS.search(normalized)),
        refers_back=refers_back_to_before(normalized, wordset),
        topics=topics,
        cues=cues,
        holders=holders,
    )
