"""Index terms: the same reduction for a question and for the facts, so their words meet.

A word is normalised, mapped to its family ("accession" -> "join"), and stemmed with the
Snowball English stemmer ("inaugurated" -> "inaugur"), so inflections and word families of
one meaning become one term. Stop-words are dropped; the subject every question shares
("accords", "israel") is kept but marked, so it ranks without counting as a question's focus.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer  # type: ignore[import-untyped]  # the package ships no type hints

from bot.knowledge.normalize import normalize
from bot.understanding.vocabulary import FILLER, GENERIC, NEUTRAL, STOPWORDS, WH_WORDS, family

_STEMMER = snowballstemmer.stemmer("english")

# Words that never say what a question is about: they are neither indexed nor a focus.
_SKIP: frozenset[str] = (
    STOPWORDS
    | WH_WORDS
    | frozenset({"abraham", "accords", "accord"})
    # Function words the stop-word list lacks: a typo repaired into one ("weather" ->
    # "whether") must not become the focus of a question.
    | frozenset(
        "whether although however though while because unless until upon within without "
        "whereas whereby thus hence therefore also even".split()
    )
)


SKIPPED: frozenset[str] = _SKIP
"""Words that never say what a question is about (stop-words, question words, the subject)."""


@lru_cache(maxsize=65536)
def term(word: str) -> str:
    """Return the index term of one normalised word."""
    return str(_STEMMER.stemWord(family(word)))


def terms(text: str, *, normalized: bool = False) -> list[str]:
    """Return the index terms of `text`, in order, without stop-words."""
    words = (text if normalized else normalize(text)).split()
    return [term(w) for w in words if w not in _SKIP and len(w) > 1]


_WORD = re.compile(r"[^\W_]+")


def quick_terms(text: str) -> frozenset[str]:
    """Return the index terms of a long text (an answer) without full normalisation.

    Case-folding and a word pattern are enough to compare an answer with a question's
    terms; `terms` normalises every character, which costs a millisecond on a long answer.
    """
    return frozenset(ordered_terms(text))


def ordered_terms(text: str) -> list[str]:
    """Return the index terms of a long text in order, as `quick_terms` reads them."""
    return [term(w) for w in _WORD.findall(text.casefold().replace("'", "")) if w not in _SKIP]


def term_pairs(terms: Iterable[str]) -> frozenset[tuple[str, str]]:
    """Return each two terms that follow each other: a name of several words ("Arab Peace
    Initiative") is found as itself, not as its words scattered over a text."""
    return frozenset(itertools.pairwise(terms))


@lru_cache(maxsize=1)
def background_terms() -> frozenset[str]:
    """Return the terms of words that carry no topic: subject, filler and everyday verbs."""
    return frozenset(term(w) for w in NEUTRAL | FILLER | GENERIC)
