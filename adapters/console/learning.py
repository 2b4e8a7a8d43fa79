"""The maintainers' side of the learned reader: `learn`, its figures in `check`, `--explain`.

`learn` fits the kind model on `knowledge/corpus/` and writes `knowledge/model/kinds.npz` with
the cross-validated figures it measured; `check` prints those figures and fails when the model
is missing, older than the corpus, or below the floor; `ask --explain` shows the kinds'
probabilities and the nearest labelled questions.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from adapters.console.maintaining import knowledge_folder, load_or_report
from bot.config import Settings
from bot.errors import KnowledgeErrors
from bot.knowledge.models import KnowledgeBase
from bot.quality import learned


def _report_errors(exc: KnowledgeErrors) -> None:
    for err in exc.errors:
        sys.stderr.write(f"{err}\n")
    sys.stderr.write(f"{len(exc.errors)} problem(s) in the question corpus.\n")


def corpus_size_or_report(folder: Path, kb: KnowledgeBase) -> int | None:
    """Return how many labelled questions the corpus holds, or print its problems."""
    try:
        return len(learned.read_corpus(folder, kb))
    except KnowledgeErrors as exc:
        _report_errors(exc)
        return None


def run_learn(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Fit the kind model on the corpus, cross-validate it, and write it beside the facts."""
    folder = knowledge_folder(args, settings)
    kb = load_or_report(folder)
    if kb is None:
        return 1
    try:
        size, report = learned.learn(folder, kb, args.folds)
    except ImportError:
        sys.stderr.write("learn needs scikit-learn: pip install 'accords-bot[learn]'\n")
        return 2
    except KnowledgeErrors as exc:
        _report_errors(exc)
        return 1
    out.write(f"learned the kind model from {size} labelled questions\n")
    for line in report_lines(report):
        out.write(line + "\n")
    return 0


def report_lines(report: dict[str, Any]) -> list[str]:
    """Return the cross-validated figures as lines to print."""
    if not report:
        return ["  (not cross-validated)"]
    return [
        f"  {report['questions']} questions, {report.get('folds', 5)}-fold cross-validated "
        f"accuracy {report['accuracy']:.1%}; on-topic read as off-topic "
        f"{report['on_topic_read_as_offtopic']:.1%}",
        "  by kind: " + ", ".join(f"{k} {v[0]:.0%} ({v[1]})" for k, v in report["by_kind"].items()),
        "  by language: "
        + ", ".join(f"{k} {v[0]:.0%} ({v[1]})" for k, v in report["by_language"].items()),
        "  main confusions (asked -> read): "
        + ", ".join(f"{pair} ×{n}" for pair, n in report["confusions"][:8]),
    ]


def check_model(folder: Path, kb: KnowledgeBase, out: TextIO) -> bool:
    """Print the kind model's figures; return False when it is missing, stale or too weak."""
    if kb.kind_weights is not None:
        out.write("kind model (learned from the labelled corpus):\n")
        for line in report_lines(dict(kb.kind_weights.report)):
            out.write(line + "\n")
    problems = learned.model_problems(folder, kb)
    for problem in problems:
        out.write(f"kind model: {problem}\n")
    return not problems


def explain_kinds(folder: Path, kb: KnowledgeBase, question: str, out: TextIO) -> None:
    """Print the kinds' probabilities for `question` and the nearest labelled questions."""
    try:
        ranked, neighbours = learned.explain(folder, kb, question)
    except KnowledgeErrors as exc:
        _report_errors(exc)
        return
    if not ranked:
        out.write("[kinds: no model; run `accords-bot learn`]\n")
        return
    out.write("[kinds: " + ", ".join(f"{k} {p:.2f}" for k, p in ranked[:5]) + "]\n")
    for score, entry in neighbours:
        kinds = "+".join(entry.kinds)
        out.write(f"[nearest {score:.2f}: {entry.q!r} -> {kinds} ({entry.where})]\n")
