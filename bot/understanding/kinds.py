"""The kind of answer a question asks for, read from its question word and cue words.

Li & Roth's answer types cut to what the fact base stores. A question may ask for more than
one kind ("when and where did Bahrain sign?"); the reader keeps every kind it finds, and a
bare "what" says little on its own.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from enum import StrEnum


class Kind(StrEnum):
    """What a question asks for, and what an answerable unit can supply."""

    PERSON = "person"
    DATE = "date"
    PLACE = "place"
    COUNT = "count"
    SET = "set"
    YESNO = "yesno"
    TERMS = "terms"
    REASON = "reason"
    DEFINITION = "definition"
    VIEWS = "views"
    STATUS = "status"
    DOCUMENT = "document"
    EVENT = "event"


_AUX = frozenset(
    "is are was were did does do has have had can could will would should isnt arent wasnt "
    "didnt doesnt hasnt havent".split()
)
_PERSON_NOUNS = frozenset(
    "person people man woman leader leaders official officials minister ministers president "
    "king prince sheikh envoy negotiator negotiators ambassador diplomat politician signer "
    "signatory signatories who whom whose".split()
)
# Words for "someone" that any claim naming a person states; "ambassador" or "minister" is
# content a claim must state itself.
_PERSON_CUES = frozenset(
    "person people man woman leader leaders official officials politician signer signatory "
    "signatories".split()
)
# Offices a "who" question may name ("the UAE's ambassador"): the answer must name it too.
ROLE_NOUNS = frozenset(
    "minister ministers president king prince sheikh envoy negotiator negotiators ambassador "
    "diplomat secretary adviser advisor spokesman".split()
)
_DATE_NOUNS = frozenset("year date day month when time".split())
_PLACE_NOUNS = frozenset("city place venue location located capital where town site".split())
_SET_NOUNS = frozenset("countries country states state nations nation members member".split())
_WHOLE_SET = frozenset("countries states nations members".split())


def terse_follow_up(words: Collection[str], content: int) -> bool:
    """Return whether a question of `words`, `content` of them content words, is too short to
    stand alone ("where?", "who signed?"), so it is about the last answer's subject. A plural
    set noun asks about the whole set: "who are the members?" stands alone."""
    return content <= 1 and not _WHOLE_SET & set(words)


_TERMS_WORDS = frozenset(
    "get got gain gained receive received reward rewards return incentive incentives "
    "concession concessions offered offer promised exchange give gave given paid".split()
)
_VIEWS_WORDS = frozenset(
    "critics critic criticism criticisms critique critiques supporters argue arguments argument "
    "opponents defend defence defense praise praised condemned condemn condemnation view views "
    "opinion opinions analysts experts react reacted reaction benefit benefits advantages "
    "criticized criticised criticize criticise criticizing criticising slammed "
    "objected objection objections furious angry anger outrage outraged reasoning quote "
    "quoted opposed opposition welcomed "
    "disadvantages downside downsides drawbacks upside upsides pros cons".split()
)
# "what did Abbas call the deal", "how did Trump describe it": what someone said of it
_NAMING_WORDS = frozenset("call calls called describe describes described dub dubbed".split())
# "why do some say …", "the case for the accords": what people argue
_SOMEONE_SAYS = re.compile(
    r"\b(?:some|people|many|others|folks|ppl|they|anyone|everyone)\s+(?:\w+\s+)?"
    r"(?:say|says|said|saying|argue|argues|arguing|claim|claims|think|thinks|believe|call)\b"
    r"|\bcase\s+(?:for|against)\b|\b(?:pros|cons)\b"
)
_ARGUED_WORDS = frozenset("case say says argue argues claim claims".split())
_DEFINE_WORDS = frozenset("explain define definition meaning mean means tldr summary eli5".split())
_WHAT = frozenset({"what", "which"})
# "…, right?", "…, didn't it?", "… correct?": a statement put as a yes/no question
_TAG_QUESTION = re.compile(
    r"\b(?:right|correct|true|yes or no|or not|innit)$"
    r"|\b(?:didnt|wasnt|isnt|werent|arent|doesnt|hasnt|havent|wont|cant"
    r"|(?:did|was|is|were|are|does|has|have|will|can) not) (?:it|he|she|they|we|you|there)$"
)
# What "how was … announced" asks the manner of
_HAPPENING_OBJECTS = frozenset("the it its xent deal deals agreement accession".split())
_ASKING = frozenset({"what", "which", "who", "whom", "whose", "how", "why"})
_STANDING = frozenset("stand stands standing things headed heading going".split())
_STATUS_WORDS = frozenset("status still now currently today stand standing active".split())
_DOCUMENT_WORDS = frozenset(
    "document documents text declaration treaty communique title titled".split()
)


_CUES: tuple[tuple[frozenset[str], Kind], ...] = (
    (_PERSON_CUES, Kind.PERSON),
    (_DATE_NOUNS - {"when"}, Kind.DATE),
    (_PLACE_NOUNS - {"where", "capital"}, Kind.PLACE),
    (_SET_NOUNS, Kind.SET),
    (_TERMS_WORDS, Kind.TERMS),
    (_VIEWS_WORDS | _NAMING_WORDS | _ARGUED_WORDS, Kind.VIEWS),
    (_DOCUMENT_WORDS - {"declaration", "treaty"}, Kind.DOCUMENT),
)


CUE_WORDS: frozenset[str] = frozenset().union(
    _PERSON_NOUNS,
    _DATE_NOUNS,
    _PLACE_NOUNS,
    _SET_NOUNS,
    _TERMS_WORDS,
    _VIEWS_WORDS,
    _DEFINE_WORDS,
    _STATUS_WORDS,
    _DOCUMENT_WORDS,
    _ARGUED_WORDS,
)
"""Every word that says which kind of answer is asked: a typo is repaired towards them."""


# Who holds a view ("analysts", "critics"): stated by an argument, not by any report of a saying.
HOLDER_CUES = frozenset(
    "critics critic supporters supporter opponents analysts analyst experts expert "
    "commentators observers".split()
)


def cue_kinds(words: tuple[str, ...], kinds: frozenset[Kind]) -> dict[str, Kind]:
    """Return the question's cue words that only name the kind of answer it asks for.

    "which *country* got …", "how did the Palestinians *react*": a claim of that kind states
    the cue in its own way (a country's name, an argument) without the word itself.
    """
    found: dict[str, Kind] = {}
    for cues, kind in _CUES:
        if kind in kinds:
            for w in words:
                if w in cues:
                    found.setdefault(w, kind)
    return found


def read_kinds(words: tuple[str, ...]) -> frozenset[Kind]:
    """Return the kinds of answer that `words` (normalised, in order) ask for."""
    kinds: set[Kind] = set()
    for i in range(len(words)):
        kinds |= _kinds_at(words, i)
    return frozenset(kinds | _kinds_of_whole(words, frozenset(kinds)))


def _kinds_at(words: tuple[str, ...], i: int) -> frozenset[Kind]:
    """Return the kinds the question word at `i` asks for, given the words around it."""
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    nxt2 = words[i + 2] if i + 2 < len(words) else ""
    if w in ("who", "whom", "whose"):
        return frozenset({Kind.PERSON})
    if w in ("when", "where") and _in_a_clause(words, i):
        return frozenset()  # "what summit was he at when it was announced": not the ask
    if w == "when":
        return frozenset({Kind.DATE})
    if w == "where":
        # "where does it stand", "where are things at": a status, not a place
        return frozenset({Kind.STATUS if set(words) & _STANDING else Kind.PLACE})
    if w == "why":
        return frozenset({Kind.REASON})
    if w == "how":
        return _how_kinds(nxt, nxt2)
    if w in ("which", "what") and nxt:
        return _head_kinds(nxt, nxt2)
    return frozenset()


def _in_a_clause(words: tuple[str, ...], i: int) -> bool:
    """Return whether "when"/"where" at `i` opens a clause after the question was asked
    ("how was it announced and when" still asks when)."""
    return (
        bool(set(words[:i]) & _ASKING) and words[i - 1] not in ("and", "or") and i < len(words) - 1
    )


def _how_kinds(nxt: str, nxt2: str) -> frozenset[Kind]:
    if nxt in ("many", "much"):
        return frozenset({Kind.COUNT})
    if nxt in ("was", "were", "did") and nxt2 in _HAPPENING_OBJECTS:
        return frozenset({Kind.EVENT})  # "how was the Morocco deal announced": the way it happened
    return frozenset()


def _head_kinds(nxt: str, nxt2: str) -> frozenset[Kind]:
    """Return the kinds the noun after "which"/"what" asks for ("which official", "what year")."""
    head = {nxt, nxt2}
    kinds: set[Kind] = set()
    if head & _PERSON_NOUNS or nxt in ("israeli", "us", "american", "moroccan"):
        kinds.add(Kind.PERSON)
    if head & _DATE_NOUNS:
        kinds.add(Kind.DATE)
    if head & _PLACE_NOUNS:
        kinds.add(Kind.PLACE)
    if head & _SET_NOUNS:
        kinds.add(Kind.SET)
    return frozenset(kinds)


def _kinds_of_whole(words: tuple[str, ...], found: frozenset[Kind]) -> frozenset[Kind]:
    """Return the kinds the question asks for as a whole, beyond its question words."""
    first = words[0] if words else ""
    wordset = set(words)
    kinds: set[Kind] = set()
    if first in _AUX or _TAG_QUESTION.search(" ".join(words)):
        kinds.add(Kind.YESNO)
    if not found & {Kind.PERSON, Kind.PLACE} and wordset & {"date", "dates", "day"}:
        kinds.add(Kind.DATE)  # "manama embassy opening date?": a date, without "when"
    if _asks_terms(words) and (wordset & {"what", "which", "how"} or Kind.YESNO in kinds):
        kinds.add(Kind.TERMS)
    if _asks_views(words):
        kinds.add(Kind.VIEWS)
    if wordset & _DEFINE_WORDS or (first == "what" and words[1:2] in (("is",), ("are",))):
        kinds.add(Kind.DEFINITION)
    if wordset & _STATUS_WORDS:
        kinds.add(Kind.STATUS)
    person = Kind.PERSON in found
    if wordset & _DOCUMENT_WORDS and not person and (wordset & _SIGNING or first in _WHAT):
        kinds.add(Kind.DOCUMENT)  # what was signed; "did X ratify the treaty" asks a status
    if wordset & _SIGNERS and wordset & _BY_WHOM:
        kinds.add(Kind.PERSON)
    return frozenset(kinds)


_SIGNING = frozenset({"sign", "signed", "signing", "signs"})
_BY_WHOM = frozenset({"who", "whom", "by"})
_SIGNERS = frozenset({"signed", "sign", "signatory", "signatories", "signers"})


def _asks_terms(words: tuple[str, ...]) -> bool:
    """Return whether the question asks what someone got; "did the treaty get ratified" is
    a passive, not what someone got."""
    wordset = set(words)
    passive = any(
        w in ("get", "got") and words[i + 1 : i + 2] and words[i + 1].endswith(("ed", "en"))
        for i, w in enumerate(words)
    )
    return bool(wordset & _TERMS_WORDS) and not (
        passive and not wordset & (_TERMS_WORDS - {"get", "got"})
    )


def _asks_views(words: tuple[str, ...]) -> bool:
    """Return whether the question asks what someone thinks or said of it."""
    wordset = set(words)
    first = words[0] if words else ""
    said = (
        first in ("what", "how")
        and bool(wordset & (_NAMING_WORDS | {"say", "said", "says"}))
        and bool(wordset & {"did", "does", "do"})
    )
    return bool(wordset & _VIEWS_WORDS) or said or bool(_SOMEONE_SAYS.search(" ".join(words)))
