"""The shipped corpus: big and varied enough to learn from, and never a copy of the dev set.

The development question set beside the project (`../shared/eval/dev.yaml`) measures the bot
only while nothing is learned from it: no labelled question may be a near copy of one of its
questions (character 4-gram Jaccard similarity).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
import yaml
from scipy.sparse import csr_matrix

from bot.config import shipped_knowledge_dir
from bot.knowledge.corpus import LabelledQuestion, OfftopicReason, QuestionKind
from bot.knowledge.models import KnowledgeBase
from bot.quality.learned import read_corpus

DEV_SET = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev.yaml"
NEAR_COPY = 0.8
"""Two questions this alike (4-gram Jaccard) are the same question reworded by a letter or two."""
NEAR_DUPLICATE = 0.9


@pytest.fixture(scope="module")
def corpus(kb: KnowledgeBase) -> tuple[LabelledQuestion, ...]:
    """The shipped corpus, read and checked against the shipped facts."""
    return read_corpus(shipped_knowledge_dir(), kb)


def _grams(text: str) -> set[str]:
    folded = " ".join(text.casefold().split())
    return {folded[i : i + 4] for i in range(max(len(folded) - 3, 1))}


def _matrix(texts: Sequence[str], vocabulary: dict[str, int]) -> csr_matrix:
    rows, cols = [], []
    for r, text in enumerate(texts):
        for gram in _grams(text):
            rows.append(r)
            cols.append(vocabulary.setdefault(gram, len(vocabulary)))
    data = np.ones(len(rows), dtype=np.float32)
    return csr_matrix((data, (rows, cols)), shape=(len(texts), 1 << 22))


def _jaccard_max(left: Sequence[str], right: Sequence[str], skip_self: bool) -> np.ndarray:
    """Return, for each of `left`, its highest 4-gram Jaccard similarity to any of `right`."""
    vocabulary: dict[str, int] = {}
    a, b = _matrix(left, vocabulary), _matrix(right, vocabulary)
    size_a = np.asarray(a.sum(axis=1)).ravel()
    size_b = np.asarray(b.sum(axis=1)).ravel()
    best = np.zeros(len(left), dtype=np.float32)
    for start in range(0, len(left), 1000):
        inter = (a[start : start + 1000] @ b.T).toarray()
        union = size_a[start : start + 1000, None] + size_b[None, :] - inter
        sim = inter / np.maximum(union, 1)
        if skip_self:
            for i in range(sim.shape[0]):
                sim[i, start + i] = 0.0
        best[start : start + 1000] = sim.max(axis=1)
    return best


def test_the_corpus_is_big_enough_in_every_part(corpus: tuple[LabelledQuestion, ...]) -> None:
    """≥ 8,000 English questions, ≥ 1,500 off-topic (≥ 800 naming a record), ≥ 400 a language."""
    english = [q for q in corpus if q.language == "en"]
    offtopic = [q for q in english if q.kind is QuestionKind.OFFTOPIC]
    named = [q for q in offtopic if q.offtopic is OfftopicReason.NEAR_MISS and q.subjects]
    languages = Counter(q.language for q in corpus)
    assert len(english) >= 8000, len(english)
    assert len(offtopic) >= 1500 and len(named) >= 800, (len(offtopic), len(named))
    assert all(languages[code] >= 400 for code in ("ar", "he", "ru", "kk", "fr", "es", "de"))


def test_every_kind_is_asked_in_english(corpus: tuple[LabelledQuestion, ...]) -> None:
    """Each kind of the closed list has at least 100 English questions to learn from."""
    kinds = Counter(k for q in corpus if q.language == "en" for k in q.kinds)
    thin = {k.value: kinds[k] for k in QuestionKind if kinds[k] < 100}
    assert not thin


def test_at_most_a_third_comes_from_templates(corpus: tuple[LabelledQuestion, ...]) -> None:
    """Templates teach how a script asks; most questions are written or real."""
    templated = sum(q.origin == "template" for q in corpus)
    assert templated <= len(corpus) / 3


def test_the_share_of_near_duplicates_is_small(corpus: tuple[LabelledQuestion, ...]) -> None:
    """Reports how many questions have a near twin in the corpus; fails above one in ten."""
    texts = [q.q for q in corpus]
    share = float(np.mean(_jaccard_max(texts, texts, skip_self=True) >= NEAR_DUPLICATE))
    print(f"near-duplicate share: {share:.1%}")
    assert share <= 0.10, f"{share:.1%} of the corpus has a near twin"


@pytest.mark.skipif(not DEV_SET.is_file(), reason="the development set is not beside the project")
def test_no_question_is_a_near_copy_of_the_dev_set(corpus: tuple[LabelledQuestion, ...]) -> None:
    """No labelled question is within 4-gram Jaccard 0.8 of a development-set question."""
    dev = [str(c["q"]) for c in yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))]
    texts = [q.q for q in corpus]
    closest = _jaccard_max(texts, dev, skip_self=False)
    copies = [texts[i] for i in np.flatnonzero(closest >= NEAR_COPY)]
    assert not copies, copies[:5]
    # Nor one that holds a dev question whole, punctuation and markup aside.
    whole = [_plain(d) for d in dev if len(_plain(d)) >= 25]
    holding = [t for t in texts if any(d in _plain(t) for d in whole)]
    assert not holding, holding[:5]


def _plain(text: str) -> str:
    """Return `text` case-folded with punctuation and markup as spaces, spaces collapsed."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())
