"""The public face of the learned reader for maintainers' tools: learn, measure, explain.

The command line reaches the kind model through here, as it reaches answers through
`bot.engine`: `learn` fits the model on the labelled corpus and writes it beside the facts,
`model_problems` says whether the shipped model is missing, stale or too weak, and `explain`
gives the kinds' probabilities and the nearest labelled questions for one question.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.knowledge.corpus import (
    LabelledQuestion,
    corpus_digest,
    corpus_files,
    load_corpus,
)
from bot.knowledge.model_file import MODEL_PATH, write_weights
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.schema import FINDING_IDS_ALWAYS_KNOWN
from bot.understanding.features import NameMasker
from bot.understanding.kind_model import KindModel, name_types, nearest

ACCURACY_FLOOR = 0.75
"""`check` fails when the cross-validated accuracy of the kind model falls below this."""


def record_ids(kb: KnowledgeBase) -> frozenset[str]:
    """Return the ids a labelled question may name as its subjects."""
    return frozenset(r.id for r in kb.records) | FINDING_IDS_ALWAYS_KNOWN


def model_digest(folder: Path, kb: KnowledgeBase) -> str:
    """Return a digest of what the kind model is learned from: the corpus and the names masked.

    A record added or renamed changes how questions are read (its name becomes its type), so
    the model is out of date as surely as when a labelled question changes, or the fit's
    settings.
    """
    from bot.understanding.learning import LearnPolicy

    names = "\n".join(sorted(f"{name}\t{kind}" for name, kind in name_types(kb)))
    # The settings of the fit too: a model fitted otherwise than `learn` now fits is stale.
    fitted = LearnPolicy(folds=0)
    text = f"{corpus_digest(folder)}\n{names}\n{fitted}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def read_corpus(folder: Path, kb: KnowledgeBase) -> tuple[LabelledQuestion, ...]:
    """Load the corpus beside the facts (raises KnowledgeErrors listing every problem)."""
    return load_corpus(folder, record_ids(kb))


def learn(folder: Path, kb: KnowledgeBase, folds: int = 5) -> tuple[int, dict[str, Any]]:
    """Fit the kind model on the corpus, write it beside the facts; return its size and report.

    Raises ImportError without scikit-learn, KnowledgeErrors when the corpus is invalid.
    """
    from bot.understanding.learning import LearnPolicy, cross_validate, featurize, fit

    corpus = read_corpus(folder, kb)
    policy = LearnPolicy(folds=folds)
    rows = featurize(corpus, NameMasker.build(name_types(kb)))
    report = cross_validate(corpus, rows, policy) if folds > 1 else {}
    weights = fit(corpus, rows, policy, model_digest(folder, kb))
    write_weights(folder / MODEL_PATH, replace(weights, report=report))
    return len(corpus), report


def model_problems(folder: Path, kb: KnowledgeBase) -> list[str]:
    """Return why the shipped kind model cannot be trusted (empty when it can)."""
    weights = kb.kind_weights
    if weights is None and not corpus_files(folder):
        return []  # no corpus, no model: the pipeline answers without kinds
    if weights is None:
        return [f"missing ({MODEL_PATH}): run `accords-bot learn`"]
    problems = []
    # A base shipped without its corpus (the tests' frozen copy) cannot tell: nothing to learn from.
    if corpus_files(folder) and weights.corpus_digest != model_digest(folder, kb):
        problems.append(
            "out of date (the corpus or the records' names changed since): run `accords-bot learn`"
        )
    accuracy = float(weights.report.get("accuracy", 0.0))
    if accuracy < ACCURACY_FLOOR:
        problems.append(f"accuracy {accuracy:.1%} is below the floor {ACCURACY_FLOOR:.0%}")
    return problems


def explain(
    folder: Path, kb: KnowledgeBase, question: str, k: int = 3
) -> tuple[list[tuple[str, float]], list[tuple[float, LabelledQuestion]]]:
    """Return the kinds' probabilities for `question` and its `k` nearest labelled questions."""
    model = KindModel.for_base(kb)
    if model is None:
        return [], []
    ranked = [(kind.value, p) for kind, p in model.guess(question).ranked]
    return ranked, nearest(model, read_corpus(folder, kb), question, k)
