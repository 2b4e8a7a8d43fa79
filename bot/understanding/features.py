"""A question as the kind model sees it: word and character n-grams, names masked by type.

The same function turns the corpus into training rows and a live question into a query, so
what was learned is what is asked. Names of the fact base's records are replaced by their
type ("why did xmember join?"), so what is learned about asking why carries over from one
state to the next; a name typed with a typo stays as typed, and its character n-grams still
count. Character n-grams are taken inside each word (as scikit-learn's `char_wb`), so no
language needs a tokenizer of its own.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+")
_YEAR = re.compile(r"^(19|20)\d\d$")
CHAR_NGRAMS = (2, 5)
MAX_NAME_WORDS = 5


def words(text: str) -> list[str]:
    """Return the question's words: NFKC, case-folded, letters and digits only."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


@dataclass(frozen=True, slots=True)
class NameMasker:
    """Replaces the names of records with a word for their type ("xmember", "xperson")."""

    names: Mapping[tuple[str, ...], str]
    """Each name, as its words, with the placeholder that stands for it."""

    @classmethod
    def build(cls, typed_names: Iterable[tuple[str, str]]) -> NameMasker:
        """Build from (name, placeholder) pairs; names of one word or more."""
        names: dict[tuple[str, ...], str] = {}
        for name, placeholder in typed_names:
            key = tuple(words(name))
            if key and len(key) <= MAX_NAME_WORDS:
                names.setdefault(key, placeholder)
        return cls(names)

    def mask(self, tokens: list[str]) -> list[str]:
        """Return `tokens` with every known name replaced, the longest name first."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            placeholder, width = self._longest(tokens, i)
            out.append(placeholder or tokens[i])
            i += width
        return out

    def _longest(self, tokens: list[str], start: int) -> tuple[str, int]:
        for width in range(min(MAX_NAME_WORDS, len(tokens) - start), 0, -1):
            key = tuple(tokens[start : start + width])
            found = self.names.get(key) or self.names.get(_without_possessive(key))
            if found:
                return found, width
        return "", 1


def _without_possessive(key: tuple[str, ...]) -> tuple[str, ...]:
    """Return a name typed with a possessive s and no apostrophe ("sudans deal") as the name."""
    last = key[-1]
    return (*key[:-1], last[:-1]) if len(last) > 3 and last.endswith("s") else key


def _shape(token: str) -> str:
    return "xyear" if _YEAR.match(token) else token


def counts(text: str, masker: NameMasker | None = None) -> Counter[str]:
    """Return the question's features with their counts: words, word pairs, char n-grams."""
    tokens = [_shape(t) for t in words(text)]
    if masker is not None:
        tokens = masker.mask(tokens)
    found: Counter[str] = Counter()
    for token in tokens:
        found["w " + token] += 1
        padded = f" {token} "
        low, high = CHAR_NGRAMS
        for n in range(low, min(high, len(padded)) + 1):
            for i in range(len(padded) - n + 1):
                found["c " + padded[i : i + n]] += 1
    for left, right in itertools.pairwise(tokens):
        found[f"b {left} {right}"] += 1
    return found


def weighted(found: Counter[str]) -> dict[str, float]:
    """Return sublinear term frequencies (1 + log count), the weighting the model was fit on."""
    return {f: 1.0 + math.log(c) for f, c in found.items()}
