"""The kinds a question asks, with probabilities, from the model learned on the corpus.

One logistic model per kind (one-vs-rest), so a question may ask two kinds at once ("why did
they sign, and when?") and each kind has its own probability; off-topic is one of the kinds,
but never decides alone (the engine weighs it against what the question names). Deterministic:
the same question and model give the same probabilities.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from bot.knowledge.corpus import LabelledQuestion, QuestionKind
from bot.knowledge.model_file import KindWeights
from bot.knowledge.models import EntityKind, KnowledgeBase, Member, Person, Related
from bot.understanding.features import NameMasker, counts, weighted


@dataclass(frozen=True, slots=True)
class KindGuess:
    """The model's reading of one question: each kind with its probability, best first."""

    ranked: tuple[tuple[QuestionKind, float], ...]

    @property
    def top(self) -> QuestionKind | None:
        """Return the most probable kind, or None when the model read nothing."""
        return self.ranked[0][0] if self.ranked else None

    def p(self, kind: QuestionKind) -> float:
        """Return the probability of `kind` (0 when the model does not know it)."""
        return next((p for k, p in self.ranked if k is kind), 0.0)

    def asked(self, floor: float) -> tuple[QuestionKind, ...]:
        """Return the kinds at or above `floor`, and always the top one."""
        kinds = [k for k, p in self.ranked if p >= floor]
        return tuple(kinds or [k for k, _ in self.ranked[:1]])


EMPTY = KindGuess(())


def blend(first: KindGuess, second: KindGuess) -> KindGuess:
    """Return two readings of one question (as typed, and as rewritten) taken together as
    independent evidence: their log-odds add, so two readings that agree are surer than
    either, and two that disagree cancel out."""
    if not first.ranked or not second.ranked:
        return first if first.ranked else second
    kinds = {k for k, _ in first.ranked} | {k for k, _ in second.ranked}
    both = {k: _together(first.p(k), second.p(k)) for k in kinds}
    return KindGuess(tuple(sorted(both.items(), key=lambda kp: -kp[1])))


_EDGE = 1e-4
"""How near 0 or 1 one reading may count: no single reading is certain."""


def _together(p: float, q: float) -> float:
    p, q = (min(max(x, _EDGE), 1 - _EDGE) for x in (p, q))
    yes = p * q
    return yes / (yes + (1 - p) * (1 - q))


class KindReader(Protocol):
    """Anything that reads a question's kinds: the learned model, or none."""

    def guess(self, text: str) -> KindGuess:
        """Return every kind with its probability, best first."""
        ...


class _Unlearned:
    """The reader of a base with no model: it reads no kind, so no route decides on one."""

    def guess(self, text: str) -> KindGuess:
        """Return no kind."""
        return EMPTY


NO_MODEL: KindReader = _Unlearned()


def _placeholders(kb: KnowledgeBase) -> dict[str, str]:
    """Return each record's id with the word that stands for its type."""
    types = {m.id: "xmember" for m in kb.members}
    types.update((r.id, "xstate" if r.kind == EntityKind.COUNTRY else "xpact") for r in kb.related)
    types.update((p.id, "xperson") for p in kb.people)
    return types


def name_types(kb: KnowledgeBase) -> Iterable[tuple[str, str]]:
    """Yield every record name and alias, and its name in each language file, with its type."""
    types = _placeholders(kb)
    records: tuple[Member | Related | Person, ...] = (*kb.members, *kb.related, *kb.people)
    for record in records:
        for name in (record.name, *record.aliases):
            yield name, types[record.id]
    for pack in kb.languages:
        for record_id, name in pack.names.items():
            if record_id in types:
                yield name, types[record_id]


class KindModel:
    """Reads the kinds a question asks with the weights learned from the corpus."""

    def __init__(self, weights: KindWeights, masker: NameMasker) -> None:
        self.weights = weights
        self.masker = masker
        self._kinds = tuple(QuestionKind(k) for k in weights.kinds)

    @classmethod
    def for_base(cls, kb: KnowledgeBase) -> KindModel | None:
        """Return the model shipped with `kb`, or None when the base has none."""
        if kb.kind_weights is None:
            return None
        return cls(kb.kind_weights, NameMasker.build(name_types(kb)))

    def vector(self, text: str) -> tuple[list[int], np.ndarray]:
        """Return the question's known features and their L2-normalised tf-idf weights."""
        vocabulary, idf = self.weights.vocabulary, self.weights.idf
        index: list[int] = []
        values: list[float] = []
        for feature, tf in weighted(counts(text, self.masker)).items():
            i = vocabulary.get(feature)
            if i is not None:
                index.append(i)
                values.append(tf * float(idf[i]))
        x = np.asarray(values, dtype=np.float32)
        norm = math.sqrt(float(x @ x)) if values else 0.0
        return index, (x / norm if norm else x)

    def guess(self, text: str) -> KindGuess:
        """Return every kind with its probability, best first."""
        index, x = self.vector(text)
        if not index:
            return EMPTY
        z = x @ self.weights.weights[index] + self.weights.bias
        probabilities = 1.0 / (1.0 + np.exp(-z.astype(np.float64)))
        ranked = sorted(
            zip(self._kinds, (float(p) for p in probabilities), strict=True),
            key=lambda kp: -kp[1],
        )
        return KindGuess(tuple(ranked))


def nearest(
    model: KindModel, corpus: Sequence[LabelledQuestion], text: str, k: int = 3
) -> list[tuple[float, LabelledQuestion]]:
    """Return the `k` labelled questions most like `text` (cosine of their features)."""
    index, x = model.vector(text)
    query = dict(zip(index, x.tolist(), strict=True))
    scored: list[tuple[float, LabelledQuestion]] = []
    for entry in corpus:
        other, y = model.vector(entry.q)
        score = sum(query.get(i, 0.0) * v for i, v in zip(other, y.tolist(), strict=True))
        scored.append((score, entry))
    scored.sort(key=lambda pair: -pair[0])
    return scored[:k]
