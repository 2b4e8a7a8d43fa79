"""Rank answerable units for a reading: entity x kind x time agreement x lexical relevance.

Lexical relevance is BM25 over the units' own terms, with the idf of Robertson and Sparck
Jones kept positive (`log(1 + (N - n + 0.5) / (n + 0.5))`), so a term in half the units still
counts. A term the fact base does not know has no weight: unknown words never veto, they just
do not help. Coverage, the idf-weighted share of the question's focus terms a unit states,
says whether the unit answers what was asked rather than merely sharing its subject.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

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
    """Postings and statistics for BM25 over a list of units, as numpy arrays.

    Each term's postings hold the units that have it and its BM25 weight in each, computed
    once; a question adds a few arrays and multiplies in the entity, kind and time factors,
    so a base a hundred times larger costs array operations rather than Python loops.
    """

    def __init__(self, units: Sequence[Unit], policy: RankPolicy) -> None:
        self.units = list(units)
        self.policy = policy
        n = len(self.units)
        self.term_sets = [frozenset(u.terms) for u in self.units]
        lengths = np.array([max(1, len(u.terms)) for u in self.units], dtype=np.float64)
        norm = policy.bm25_k1 * (
            1 - policy.bm25_b + policy.bm25_b * lengths / (lengths.mean() if n else 1.0)
        )
        raw: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, u in enumerate(self.units):
            for t, count in Counter(u.terms).items():
                raw[t].append((i, count))
        self.idf: dict[str, float] = {}
        self.postings: dict[str, tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]] = {}
        for t, plist in raw.items():
            idx = np.array([i for i, _ in plist], dtype=np.intp)
            freq = np.array([f for _, f in plist], dtype=np.float64)
            idf = math.log(1 + (n - len(plist) + 0.5) / (len(plist) + 0.5))
            self.idf[t] = idf
            self.postings[t] = (idx, idf * freq * (policy.bm25_k1 + 1) / (freq + norm[idx]))
        self.max_idf = max(self.idf.values(), default=1.0)
        self.by_subject: dict[str, npt.NDArray[np.intp]] = {}
        self.by_entity: dict[str, npt.NDArray[np.intp]] = {}
        subjects: dict[str, list[int]] = defaultdict(list)
        mentions: dict[str, list[int]] = defaultdict(list)
        for i, u in enumerate(self.units):
            if u.subject is not None:
                subjects[u.subject].append(i)
            for e in u.entities:
                mentions[e].append(i)
        self.has_subject = np.array([u.subject is not None for u in self.units], dtype=bool)
        self.by_subject = {e: np.array(v, dtype=np.intp) for e, v in subjects.items()}
        self.by_entity = {e: np.array(v, dtype=np.intp) for e, v in mentions.items()}
        self.kind_primary = {
            k: np.array([k in u.primary for u in self.units], dtype=bool) for k in Kind
        }
        self.kind_any = {k: np.array([k in u.kinds for u in self.units], dtype=bool) for k in Kind}
        # A claim about a state or body answers "which country"; its kinds say what else.
        self.answers = [
            u.kinds | ({Kind.SET} if u.subject is not None else frozenset()) for u in self.units
        ]
        self.topic = {
            t: np.array([t in u.topics for u in self.units], dtype=bool)
            for t in {t for u in self.units for t in u.topics}
        }
        self.year = np.array([u.date.year if u.date else 0 for u in self.units], dtype=np.int64)
        self.month = np.array(
            [u.date.month or 0 if u.date else 0 for u in self.units], dtype=np.int64
        )

    def knows(self, t: str) -> bool:
        """Return whether any unit has the term `t`."""
        return t in self.postings

    def coverage(
        self,
        focus: frozenset[str],
        unit_terms: frozenset[str],
        unknown: int = 0,
        cues: frozenset[str] = frozenset(),
        cued: frozenset[str] = frozenset(),
    ) -> float:
        """Return the idf-weighted share of the `focus` terms found in `unit_terms`.

        `unknown` content words the facts never use count as missed terms of the highest
        weight: they say the question asks about something no unit states. `cues` are focus
        terms that only name the kind of answer ("country", "analysts"); the unit states the
        `cued` ones by being of that kind (a claim about a state, an argument).
        """
        known = [t for t in focus if t in self.idf or t in cues]
        total = sum(self.idf.get(t, self.max_idf) for t in known) + unknown * self.max_idf
        if total == 0:
            return 0.0
        said = [t for t in known if t in unit_terms or t in cued]
        return sum(self.idf.get(t, self.max_idf) for t in said) / total

    def _lexical(self, query: Sequence[str]) -> npt.NDArray[np.float64]:
        scores = np.zeros(len(self.units), dtype=np.float64)
        for t in set(query):
            posting = self.postings.get(t)
            if posting is not None:
                scores[posting[0]] += posting[1]
        return scores

    def _entity(self, reading: Reading) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
        """Return each unit's entity factor and whether its subject is named."""
        n = len(self.units)
        named = {*reading.entities, *reading.people}
        if not named:
            return np.ones(n), np.zeros(n, dtype=bool)
        shared = np.zeros(n, dtype=np.float64)
        subject = np.zeros(n, dtype=bool)
        for e in named:
            shared[self.by_entity.get(e, _NONE)] += 1
            subject[self.by_subject.get(e, _NONE)] = True
        extra = self.policy.all_named_bonus * np.maximum(shared - 1, 0)
        # A claim about another record that mentions the name ("Bahrain took part in
        # Trump's call") is less about it than one that has no record of its own.
        in_text = np.where(
            self.has_subject, self.policy.entity_in_other_subject, self.policy.entity_in_text
        )
        factor = np.where(
            subject,
            1.0 + extra,
            np.where(shared > 0, in_text + extra, self.policy.entity_other),
        )
        return factor, subject

    def _kind(self, kinds: frozenset[Kind]) -> npt.NDArray[np.float64] | float:
        asked = kinds - {Kind.YESNO, Kind.DEFINITION, Kind.STATUS, Kind.SET}
        if not asked:
            return 1.0
        primary = np.logical_or.reduce([self.kind_primary[k] for k in asked])
        secondary = np.logical_or.reduce([self.kind_any[k] for k in asked])
        return np.where(
            primary,
            1.0,
            np.where(secondary, self.policy.kind_secondary, self.policy.kind_miss),
        )

    def _time(self, reading: Reading) -> npt.NDArray[np.float64] | float:
        time = reading.time
        if time is None or time.year is None:
            return 1.0
        year, month = self.year, self.month
        y, m = time.year, time.month or 0
        # With a month ("after October 2023"), the boundary year is split by month; a claim
        # dated to that year only is kept, since it may fall on either side.
        same = year == y
        ok = {
            TimeOp.IN: same & ((m == 0) | (month == 0) | (month == m)),
            TimeOp.BEFORE: (year < y) | (same & (m > 0) & (month > 0) & (month < m)),
            TimeOp.AFTER: (year > y) | (same & (m > 0) & ((month == 0) | (month >= m))),
            TimeOp.BY: (year < y) | (same & ((m == 0) | (month == 0) | (month <= m))),
            TimeOp.BETWEEN: (year >= y) & (year <= (time.until_year or y)),
        }[time.op]
        return np.where(
            year == 0,
            self.policy.time_undated,
            np.where(ok, self.policy.time_match, self.policy.time_miss),
        )

    def _topic(self, reading: Reading) -> npt.NDArray[np.float64] | float:
        """Favour the arguments on the debate topic a views question names."""
        named = [self.topic[t] for t in reading.topics if t in self.topic]
        if not named or Kind.VIEWS not in reading.kinds:
            return 1.0
        return np.where(np.logical_or.reduce(named), self.policy.topic_match, 1.0)

    def rank(self, reading: Reading, limit: int = 8) -> list[Hit]:
        """Return the best units for `reading`, best first."""
        if not self.units:
            return []
        lexical = self._lexical((*reading.terms, *reading.name_terms))
        entity, subject = self._entity(reading)
        kind = self._kind(reading.kinds)
        # A named subject is evidence even without a shared word.
        candidate = (lexical > 0) | subject
        score = (lexical + self.policy.entity_prior * subject) * entity * kind * self._time(reading)
        score = score * self._topic(reading)
        score = np.where(candidate, score, -1.0)
        k = min(limit, len(score))
        top = np.argpartition(-score, k - 1)[:k]
        top = top[np.argsort(-score[top], kind="stable")]
        hits = []
        cues = frozenset(t for t, _ in reading.cues) | reading.topic_terms
        for i in top:
            if score[i] < 0:
                break
            cov = self.coverage(
                reading.focus,
                self.term_sets[i],
                len(reading.unknown),
                cues,
                reading.cued(self.answers[i], self.units[i].primary)
                | (reading.topic_terms if self.units[i].topics & reading.topics else frozenset()),
            )
            kind_i = kind if isinstance(kind, float) else float(kind[i])
            hits.append(
                Hit(
                    self.units[i], float(score[i]), float(lexical[i]), cov, float(entity[i]), kind_i
                )
            )
        return hits


_NONE: npt.NDArray[np.intp] = np.array([], dtype=np.intp)
