"""The kind model: features, weights on disk, fitting and reading, on small data made here."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bot.knowledge.corpus import LabelledQuestion, QuestionKind
from bot.knowledge.model_file import KindWeights, read_weights, write_weights
from bot.understanding.features import NameMasker, counts, words
from bot.understanding.kind_model import NO_MODEL, KindGuess, KindModel, blend, nearest
from bot.understanding.learning import LearnPolicy, cross_validate, featurize, fit

_MASKER = NameMasker.build(
    [("Morocco", "xmember"), ("United Arab Emirates", "xmember"), ("Trump", "xperson")]
)


def _q(text: str, *kinds: QuestionKind) -> LabelledQuestion:
    return LabelledQuestion(text, kinds, (), "en", "written", "test")


_CORPUS = [
    *(
        _q(f"{w} did {s} join", QuestionKind.REASONS)
        for w in ("why", "how come", "for what reason", "what made")
        for s in ("morocco", "the united arab emirates", "trump")
    ),
    *(
        _q(f"{w} did {s} join", QuestionKind.DATE)
        for w in ("when", "what year", "on what date", "what month")
        for s in ("morocco", "the united arab emirates", "trump")
    ),
    *(
        _q(f"{w} in {s}", QuestionKind.OFFTOPIC)
        for w in ("best falafel", "weather today", "cheap hotels", "football scores")
        for s in ("morocco", "the united arab emirates", "rabat")
    ),
]


def test_names_are_masked_longest_first_and_years_shaped() -> None:
    """A record's name becomes its type, a multi-word name whole; a year becomes one feature."""
    tokens = _MASKER.mask(words("Why did the United Arab Emirates and Morocco join in 2020?"))
    assert tokens == ["why", "did", "the", "xmember", "and", "xmember", "join", "in", "2020"]
    found = counts("joined in 2020", _MASKER)
    assert found["w xyear"] == 1 and "w 2020" not in found
    assert found["c jo"] == 1 and found["b joined in"] == 1


def test_a_name_with_a_possessive_s_and_no_apostrophe_is_masked() -> None:
    """ "why is moroccos deal stuck": the name is still the member's, not an unknown word."""
    assert _MASKER.mask(words("why is moroccos deal stuck")) == [
        "why",
        "is",
        "xmember",
        "deal",
        "stuck",
    ]
    assert _MASKER.mask(words("the news")) == ["the", "news"]


def test_a_fitted_model_reads_the_kind_asked_of_a_new_question() -> None:
    """Trained on a few phrasings, it reads an unseen state and phrasing by its question words."""
    model = KindModel(fit(_CORPUS, featurize(_CORPUS, _MASKER), LearnPolicy()), _MASKER)
    assert model.guess("why did the uae join?").top is not QuestionKind.DATE
    assert model.guess("what made morocco join").top is QuestionKind.REASONS
    assert model.guess("what year did morocco join").top is QuestionKind.DATE
    assert model.guess("cheap hotels in morocco").top is QuestionKind.OFFTOPIC
    guess = model.guess("why did morocco join")
    assert guess.asked(0.5)[0] is QuestionKind.REASONS
    assert guess.p(QuestionKind.REASONS) > guess.p(QuestionKind.DATE)


def test_reading_is_deterministic_and_survives_the_file(tmp_path: Path) -> None:
    """Written and read back, the model gives the same probabilities; fitting twice, the same."""
    rows = featurize(_CORPUS, _MASKER)
    weights = fit(_CORPUS, rows, LearnPolicy(), corpus_digest="abc")
    again = fit(_CORPUS, rows, LearnPolicy(), corpus_digest="abc")
    np.testing.assert_array_equal(weights.weights, again.weights)
    path = tmp_path / "model" / "kinds.npz"
    write_weights(path, weights)
    loaded = read_weights(path, "kinds.npz")
    assert loaded.kinds == weights.kinds and loaded.corpus_digest == "abc"
    before = KindModel(weights, _MASKER).guess("why did trump join")
    after = KindModel(loaded, _MASKER).guess("why did trump join")
    assert [k for k, _ in before.ranked] == [k for k, _ in after.ranked]
    assert abs(before.ranked[0][1] - after.ranked[0][1]) < 1e-2  # weights stored as float16


def test_a_broken_model_file_is_a_knowledge_error(tmp_path: Path) -> None:
    """A file that is not the model names itself, rather than crashing the load."""
    path = tmp_path / "kinds.npz"
    path.write_bytes(b"not a model")
    try:
        read_weights(path, "model/kinds.npz")
    except Exception as exc:  # the type is what is checked
        assert type(exc).__name__ == "KnowledgeError" and "model/kinds.npz" in str(exc)
    else:
        raise AssertionError("a broken model file was read")


def test_cross_validation_reports_per_kind_and_floor() -> None:
    """The held-out figures cover every kind asked, and the floors a route may decide on."""
    rows = featurize(_CORPUS, _MASKER)
    report = cross_validate(_CORPUS, rows, LearnPolicy(folds=3))
    assert report["questions"] == len(_CORPUS) and 0.5 <= report["accuracy"] <= 1.0
    assert set(report["by_kind"]) == {"reasons", "date", "offtopic"}
    assert "0.5" in report["by_floor"]


def test_nearest_questions_come_from_the_corpus() -> None:
    """The labelled question most like the one asked comes first."""
    model = KindModel(fit(_CORPUS, featurize(_CORPUS, _MASKER), LearnPolicy()), _MASKER)
    (score, best), *_ = nearest(model, _CORPUS, "how come morocco joined")
    assert best.q == "how come did morocco join" and score > 0.5


def test_without_a_model_no_kind_is_read() -> None:
    """A base with no model reads no kind, so no route decides on one."""
    assert NO_MODEL.guess("why did morocco join").top is None


def test_weights_shape_is_features_by_kinds() -> None:
    """One column of weights per kind learned."""
    weights: KindWeights = fit(_CORPUS, featurize(_CORPUS, _MASKER), LearnPolicy())
    assert weights.weights.shape == (len(weights.vocabulary), len(weights.kinds))


def test_two_readings_that_agree_are_surer_than_either_and_disagreeing_ones_cancel() -> None:
    """A question in another language is read as typed and as rewritten into English: a kind
    both read is surer than either reading alone; a kind one reads and the other rules out
    ends near even; a reading missing leaves the other."""
    why, joined = QuestionKind.REASONS, QuestionKind.MEMBERSHIP
    typed = KindGuess(((why, 0.76), (joined, 0.35)))
    rewritten = KindGuess(((why, 0.99), (joined, 0.05)))
    both = blend(typed, rewritten)
    assert both.top is why and both.p(why) > 0.99
    assert both.p(joined) < 0.05
    split = blend(KindGuess(((why, 0.9),)), KindGuess(((why, 0.1),)))
    assert abs(split.p(why) - 0.5) < 1e-6
    assert blend(typed, KindGuess(())) == typed
