"""What the matcher reads in a question and compares it with: typed values, no behaviour.

`MatchPolicy` holds every threshold of matching; a `Candidate` is one stored phrasing of a
`Target`; an `Analysis` is what one question was read as (names, years, slot words, words
the facts do not know); a `Scored` candidate is one the ranking kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.understanding.intents import Slot


@dataclass(frozen=True, slots=True)
class MatchPolicy:
    """Every threshold of matching, in one place. Change phrasings before thresholds."""

    answer_min: float = 60.0
    margin: float = 6.0
    clarify_min: float = 48.0
    word_fix_min_len: int = 4
    word_fix_cutoff: float = 84.0
    long_word_len: int = 6
    name_fix_cutoff: float = 80.0
    name_fix_max_len_gap: int = 2
    shortlist: int = 12
    max_unknown_share: float = 0.5
    wh_conflict: float = 15.0
    fact_word_weight: float = 0.35
    back_reference_slack: float = 10.0
    wh_missing: float = 5.0
    # A phrasing's score: word-set F1 (0..1) decides, word order (0..100) refines, and the
    # whole wording (0..100) breaks ties between phrasings of equal meaning.
    f1_weight: float = 75.0
    order_weight: float = 0.20
    tie_weight: float = 0.05


@dataclass(frozen=True, slots=True)
class Target:
    """What a candidate answers: an intent (with its slot) or a topic id."""

    kind: str
    key: str
    slot: Slot = Slot.NONE
    bound: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """One stored phrasing of a target."""

    text: str
    words: frozenset[str]
    wh: frozenset[str]
    target: Target
    key: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity named in the question."""

    entity_id: str
    kind: str
    text: str
    fuzzy: bool


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the matcher read in a question."""

    normalized: str
    tokens: tuple[str, ...]
    mentions: tuple[Mention, ...]
    years: tuple[int, ...]
    month: int | None
    day: int | None
    unknown: tuple[str, ...]
    pronoun: bool
    content: frozenset[str]
    guarded: str | None = None
    unknown_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate with its score."""

    score: float
    candidate: Candidate
