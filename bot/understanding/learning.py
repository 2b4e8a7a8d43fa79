"""Learn the kind model from the labelled corpus, and measure it by k-fold cross-validation.

A maintainer's tool (`accords-bot learn`), not the answering path: it needs scikit-learn (the
`learn` extra), which the running bot never imports. Features are `bot.understanding.features`
(word, word-pair and in-word character n-grams, names masked by type), weighted by sublinear
tf-idf and L2-normalised; each kind gets its own logistic regression (one-vs-rest), so a
question can ask two kinds. Fitting is deterministic: liblinear with a fixed seed.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.knowledge.corpus import LabelledQuestion, QuestionKind
from bot.knowledge.model_file import KindWeights
from bot.understanding.features import NameMasker, counts, weighted


@dataclass(frozen=True, slots=True)
class LearnPolicy:
    """Every setting of the fit in one place."""

    min_df: int = 2
    """A feature seen in fewer questions than this is dropped (noise, and a smaller model)."""
    c: float = 8.0
    """Inverse regularisation strength of each kind's logistic regression."""
    class_weight: str | None = "balanced"
    """Each kind's questions weigh as much as all the others together: a kind is one question
    in twenty, and unweighted fits read a phrasing they have not met at 0.1 to 0.2 for every
    kind, under any floor, so the question fell through to a stock answer."""
    folds: int = 5
    seed: int = 0


Rows = list[dict[str, float]]


def featurize(corpus: Sequence[LabelledQuestion], masker: NameMasker) -> Rows:
    """Return each question's weighted term frequencies."""
    return [weighted(counts(q.q, masker)) for q in corpus]


def _vocabulary(rows: Rows, min_df: int) -> tuple[dict[str, int], npt.NDArray[np.float32]]:
    df: Counter[str] = Counter(f for row in rows for f in row)
    kept = sorted(f for f, c in df.items() if c >= min_df)
    n = len(rows)
    idf = np.array([math.log((1 + n) / (1 + df[f])) + 1.0 for f in kept], dtype=np.float32)
    return {f: i for i, f in enumerate(kept)}, idf


def _matrix(rows: Rows, vocabulary: dict[str, int], idf: npt.NDArray[np.float32]) -> Any:
    from scipy.sparse import csr_matrix

    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for row in rows:
        known = [(vocabulary[f], tf) for f, tf in row.items() if f in vocabulary]
        values = np.array([tf * idf[i] for i, tf in known], dtype=np.float64)
        norm = float(np.sqrt(values @ values)) if known else 1.0
        indices.extend(i for i, _ in known)
        data.extend((values / (norm or 1.0)).tolist())
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(rows), len(vocabulary)))


def _targets(corpus: Sequence[LabelledQuestion], kinds: Sequence[QuestionKind]) -> Any:
    return np.array([[k in q.kinds for k in kinds] for q in corpus], dtype=np.int8)


def fit(
    corpus: Sequence[LabelledQuestion],
    rows: Rows,
    policy: LearnPolicy,
    corpus_digest: str = "",
) -> KindWeights:
    """Fit one logistic regression per kind on `rows` (the featurized `corpus`)."""
    from sklearn.linear_model import LogisticRegression

    kinds = [k for k in QuestionKind if any(k in q.kinds for q in corpus)]
    vocabulary, idf = _vocabulary(rows, policy.min_df)
    x = _matrix(rows, vocabulary, idf)
    y = _targets(corpus, kinds)
    weights = np.zeros((len(vocabulary), len(kinds)), dtype=np.float32)
    bias = np.zeros(len(kinds), dtype=np.float32)
    for j in range(len(kinds)):
        model = LogisticRegression(
            C=policy.c,
            solver="liblinear",
            class_weight=policy.class_weight,
            random_state=policy.seed,
        )
        model.fit(x, y[:, j])
        weights[:, j] = model.coef_[0]
        bias[j] = model.intercept_[0]
    return KindWeights(
        kinds=tuple(k.value for k in kinds),
        vocabulary=vocabulary,
        idf=idf,
        weights=weights,
        bias=bias,
        corpus_digest=corpus_digest,
    )


def predict(model: KindWeights, rows: Rows) -> npt.NDArray[np.float64]:
    """Return each row's probability for each of the model's kinds."""
    x = _matrix(rows, dict(model.vocabulary), model.idf)
    z = x @ model.weights.astype(np.float64) + model.bias
    return np.asarray(1.0 / (1.0 + np.exp(-z)))


def cross_validate(
    corpus: Sequence[LabelledQuestion], rows: Rows, policy: LearnPolicy
) -> dict[str, Any]:
    """Return k-fold cross-validated figures: accuracy overall, per kind and per language."""
    from sklearn.model_selection import StratifiedKFold

    primary = [q.kind.value for q in corpus]
    folds = StratifiedKFold(n_splits=policy.folds, shuffle=True, random_state=policy.seed)
    top: list[str] = [""] * len(corpus)
    best: list[float] = [0.0] * len(corpus)
    offtopic: list[float] = [0.0] * len(corpus)
    for train, test in folds.split(np.zeros(len(corpus)), primary):
        model = fit([corpus[i] for i in train], [rows[i] for i in train], policy)
        probabilities = predict(model, [rows[i] for i in test])
        off = model.kinds.index(QuestionKind.OFFTOPIC.value)
        for i, row in zip(test, probabilities, strict=True):
            top[i] = model.kinds[int(np.argmax(row))]
            best[i], offtopic[i] = float(np.max(row)), float(row[off])
    return {
        **_report(corpus, top),
        "folds": policy.folds,
        "by_floor": _by_floor(corpus, top, best, offtopic),
    }


FLOORS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def _by_floor(
    corpus: Sequence[LabelledQuestion], top: list[str], best: list[float], offtopic: list[float]
) -> dict[str, list[float]]:
    """Return, per probability floor, what a route deciding on it would get right and wrong.

    `top_right`: of the questions whose top kind reaches the floor, the share read right;
    `top_reached`: the share of all questions that reach it; `offtopic_refused`: the share of
    off-topic questions at or above the floor; `ontopic_refused`: of on-topic ones.
    """
    gold = [{k.value for k in q.kinds} for q in corpus]
    off = [q.kind is QuestionKind.OFFTOPIC for q in corpus]
    out: dict[str, list[float]] = {}
    for floor in FLOORS:
        reached = [i for i, p in enumerate(best) if p >= floor]
        right = sum(top[i] in gold[i] for i in reached)
        refused = [i for i, p in enumerate(offtopic) if p >= floor and top[i] == "offtopic"]
        out[str(floor)] = [
            _share(right, len(reached)),
            _share(len(reached), len(corpus)),
            _share(sum(off[i] for i in refused), sum(off)),
            _share(sum(not off[i] for i in refused), len(corpus) - sum(off)),
        ]
    return out


def _share(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


def _report(corpus: Sequence[LabelledQuestion], top: list[str]) -> dict[str, Any]:
    """Summarise held-out predictions: right when the top kind is one of the labelled kinds."""
    right = [t in {k.value for k in q.kinds} for q, t in zip(corpus, top, strict=True)]
    by_kind: dict[str, list[bool]] = {}
    by_language: dict[str, list[bool]] = {}
    confusions: Counter[str] = Counter()
    for q, t, ok in zip(corpus, top, right, strict=True):
        by_kind.setdefault(q.kind.value, []).append(ok)
        by_language.setdefault(q.language, []).append(ok)
        if not ok:
            confusions[f"{q.kind.value} -> {t}"] += 1
    offtopic = [t == QuestionKind.OFFTOPIC for q, t in zip(corpus, top, strict=True)]
    asked = [
        o for q, o in zip(corpus, offtopic, strict=True) if q.kind is not QuestionKind.OFFTOPIC
    ]
    return {
        "questions": len(corpus),
        "accuracy": _share(sum(right), len(right)),
        "by_kind": {k: [_share(sum(v), len(v)), len(v)] for k, v in sorted(by_kind.items())},
        "by_language": {
            k: [_share(sum(v), len(v)), len(v)] for k, v in sorted(by_language.items())
        },
        "confusions": confusions.most_common(12),
        "on_topic_read_as_offtopic": _share(sum(asked), len(asked)),
    }
