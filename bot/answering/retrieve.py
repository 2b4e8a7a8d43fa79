"""Rank answerable units for a reading: entity x kind x time agreement x lexical relevance.

Lexical relevance is BM25 over the units' own terms, with the idf of Robertson and Sparck
Jones kept positive (`log(1 + (N - n + 0.5) / (n + 0.5))`), so a term in half the units still
counts. A term the fact base does not know has no weight: unknown words never veto, they just
do not help. Coverage, the idf-weighted share of the question's focus terms a unit states,
says whether the unit answers what was asked rather than merely sharing its subject.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.answering.policy import RankPolicy
from bot.answering.units import Unit
from bot.understanding.kinds import Kind
from bot.understanding.reading import Reading, TimeOp


@dataclass(frozen=True, slots=True)
class Hit:
    """A unit with the evidence for it."""

    unit: Unit
    score: float
    lexical: float
    coverage: float
    entity: float
    kind: float


class UnitIndex:
    """Postings and statistics for BM25 over a list of units."""

    def __init__(self, units: Sequence[Unit], policy: RankPolicy) -> None:
        self.units = list(units)
        self.policy = policy
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.lengths = [max(1, len(u.terms)) for u in self.units]
        self.term_sets = [frozenset(u.terms) for u in self.units]
        self.by_subject: dict[str, list[int]] = defaultdict(list)
        for i, u in enumerate(self.units):
            if u.subject is not None:
                self.by_subject[u.subject].append(i)
        for i, u in enumerate(self.units):
            for t, n in Counter(u.terms).items():
                self.postings[t].append((i, n))
        n_units = max(1, len(self.units))
        self.avg_len = sum(self.lengths) / n_units
        self.idf = {
            t: math.log(1 + (n_units - len(p) + 0.5) / (len(p) + 0.5))
            for t, p in self.postings.items()
        }
        self.max_idf = max(self.idf.values(), default=1.0)

    def knows(self, t: str) -> bool:
        """Return whether any unit has the term `t`."""
        return t in self.postings

    def _lexical(self, query: Sequence[str]) -> dict[int, float]:
        k1, b = self.policy.bm25_k1, self.policy.bm25_b
        scores: dict[int, float] = defaultdict(float)
        common = len(self.units) * self.policy.common_share
        for t in set(query):
            idf = self.idf.get(t)
            if idf is None or len(self.postings[t]) > common:
                continue  # a term in a large share of the units ranks nothing, at a high cost
            for i, tf in self.postings[t]:
                norm = tf * (k1 + 1) / (tf + k1 * (1 - b + b * self.lengths[i] / self.avg_len))
                scores[i] += idf * norm
        return scores

    def coverage(
        self, focus: frozenset[str], unit_terms: frozenset[str], unknown: int = 0
    ) -> float:
        """Return the idf-weighted share of the `focus` terms found in `unit_terms`.

        `unknown` content words the facts never use count as missed terms of the highest
        weight: they say the question asks about something no unit states.
        """
        known = [t for t in focus if t in self.idf]
        total = sum(self.idf[t] for t in known) + unknown * self.max_idf
        if total == 0:
            return 0.0
        return sum(self.idf[t] for t in known if t in unit_terms) / total

    def _entity(self, unit: Unit, reading: Reading) -> float:
        named = set(reading.entities) | set(reading.people)
        if not named:
            return 1.0
        if unit.subject is not None and unit.subject in named:
            return 1.0 + self.policy.all_named_bonus * (len(named & unit.entities) - 1)
        shared = named & unit.entities
        if shared:
            return self.policy.entity_in_text + self.policy.all_named_bonus * (len(shared) - 1)
        return self.policy.entity_other

    def _kind(self, unit: Unit, kinds: frozenset[Kind]) -> float:
        asked = kinds - {Kind.YESNO, Kind.DEFINITION, Kind.STATUS, Kind.SET}
        if not asked:
            return 1.0
        if asked & unit.primary:
            return 1.0
        return self.policy.kind_secondary if asked & unit.kinds else self.policy.kind_miss

    def _time(self, unit: Unit, reading: Reading) -> float:
        time = reading.time
        if time is None or time.year is None:
            return 1.0
        if unit.date is None:
            return self.policy.time_undated
        year = unit.date.year
        ok = {
            TimeOp.IN: year == time.year
            and (time.month is None or unit.date.month in (None, time.month)),
            TimeOp.BEFORE: year < time.year,
            TimeOp.AFTER: year > time.year,
            TimeOp.BY: year <= time.year,
            TimeOp.BETWEEN: time.year <= year <= (time.until_year or time.year),
        }[time.op]
        return self.policy.time_match if ok else self.policy.time_miss

    def rank(self, reading: Reading, limit: int = 8) -> list[Hit]:
        """Return the best units for `reading`, best first."""
        lexical = self._lexical((*reading.terms, *reading.name_terms))
        named = set(reading.entities) | set(reading.people)
        for entity in named:  # a named subject is evidence even without shared words
            for i in self.by_subject.get(entity, ()):
                lexical.setdefault(i, 0.0)
        scored: list[tuple[float, int, float, float]] = []
        for i, lex in lexical.items():
            u = self.units[i]
            e = self._entity(u, reading)
            k = self._kind(u, reading.kinds)
            prior = self.policy.entity_prior if u.subject in named else 0.0
            scored.append(((lex + prior) * e * k * self._time(u, reading), i, e, k))
        hits = []
        for score, i, e, k in heapq.nlargest(limit, scored):
            u = self.units[i]
            cov = self.coverage(reading.focus, self.term_sets[i], len(reading.unknown))
            hits.append(Hit(u, score, lexical[i], cov, e, k))
        return hits
