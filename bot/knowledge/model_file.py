"""The learned reader's weights: `knowledge/model/kinds.npz`, built from the corpus.

`accords-bot learn` fits the model on `knowledge/corpus/` and writes this file; the loader reads
it with the facts, so a running bot picks up a rebuilt model on its next reload. The file holds
plain arrays (no pickle: `allow_pickle=False`), the digest of the corpus it was built from, so
`check` can tell when it is out of date, and the cross-validated figures `learn` measured.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.errors import KnowledgeError

MODEL_PATH = Path("model") / "kinds.npz"
FORMAT = 1


@dataclass(frozen=True, slots=True)
class KindWeights:
    """A one-vs-rest logistic model over n-gram features: one column of weights per kind."""

    kinds: tuple[str, ...]
    vocabulary: Mapping[str, int]
    idf: npt.NDArray[np.float32]
    weights: npt.NDArray[np.float32]
    """Shape (features, kinds)."""
    bias: npt.NDArray[np.float32]
    corpus_digest: str
    report: Mapping[str, Any] = field(default_factory=dict)
    """What `learn` measured: cross-validated accuracy per kind, confusions, sizes."""


def _text_array(text: str) -> npt.NDArray[np.uint8]:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _array_text(array: npt.NDArray[Any]) -> str:
    return bytes(array.astype(np.uint8)).decode("utf-8")


def write_weights(path: Path, model: KindWeights) -> None:
    """Write `model` to `path` (a compressed .npz of plain arrays)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    order = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
    meta = {
        "format": FORMAT,
        "kinds": list(model.kinds),
        "corpus_digest": model.corpus_digest,
        "report": model.report,
    }
    with path.open("wb") as out:
        np.savez_compressed(
            out,
            meta=_text_array(json.dumps(meta, ensure_ascii=False, sort_keys=True)),
            vocabulary=_text_array("\n".join(order)),
            idf=model.idf.astype(np.float32),
            weights=model.weights.astype(np.float16),
            bias=model.bias.astype(np.float32),
        )


def read_weights(path: Path, shown: str) -> KindWeights:
    """Read the model at `path`; raise KnowledgeError (naming `shown`) when it is unusable."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(_array_text(data["meta"]))
            words = _array_text(data["vocabulary"]).split("\n")
            idf, weights, bias = data["idf"], data["weights"], data["bias"]
    except (OSError, ValueError, KeyError) as exc:
        raise KnowledgeError(shown, 1, 1, f"cannot read the kind model: {exc}") from exc
    kinds = tuple(str(k) for k in meta.get("kinds", ()))
    if meta.get("format") != FORMAT or weights.shape != (len(words), len(kinds)):
        raise KnowledgeError(shown, 1, 1, "the kind model is of another format: run `learn`")
    return KindWeights(
        kinds=kinds,
        vocabulary={w: i for i, w in enumerate(words)},
        idf=idf.astype(np.float32),
        weights=weights.astype(np.float32),
        bias=bias.astype(np.float32),
        corpus_digest=str(meta.get("corpus_digest", "")),
        report=meta.get("report", {}),
    )
