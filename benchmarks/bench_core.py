"""Benchmark the core: latency, throughput, load/index time and golden-set accuracy.

Prints one table for the shipped facts and for synthetic bases 10x and 100x larger, and the
same figures for a naive baseline (rapidfuzz `extractOne` over every stored phrasing), all
measured in the same run so the ratios hold on a noisy machine; then the core's latency per
language (the golden table of each, asked and answered in that language) beside the targets.

    .venv/bin/python benchmarks/bench_core.py [--repeat N]
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answer import Answer, Status  # noqa: E402
from bot.config import DEFAULT_KNOWLEDGE_DIR  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.knowledge import load_knowledge  # noqa: E402
from bot.knowledge.models import KnowledgeBase  # noqa: E402
from bot.quality.golden import GoldenCase, judge, load_golden  # noqa: E402
from bot.state import ConversationState  # noqa: E402
from bot.understanding.intents import INTENTS  # noqa: E402

GOLDEN = DEFAULT_KNOWLEDGE_DIR / "golden" / "questions.yaml"
HOLDOUT = DEFAULT_KNOWLEDGE_DIR / "golden" / "holdout.yaml"
LANGUAGE_TABLES = DEFAULT_KNOWLEDGE_DIR / "golden"
TARGET_P50_MS = 1.0
TARGET_P99_MS = 5.0
LANGUAGE_ORDER = ("ar", "he", "ru", "kk", "fr", "es", "de")
MIN_LANGUAGE_SAMPLES = 600  # a small table is asked again until its p99 means something
_SUFFIX_WORDS = "zor vel kim tup rax doq lun mep saf wib".split()


def _suffix(i: int) -> str:
    """Return a unique, pronounceable tag for synthetic copy `i` (no digits, not a year)."""
    a, b = divmod(i, len(_SUFFIX_WORDS))
    return f"{_SUFFIX_WORDS[b]}{_SUFFIX_WORDS[a % len(_SUFFIX_WORDS)]}{a // len(_SUFFIX_WORDS)}"


class _NoAliases(yaml.SafeDumper):
    """Dump shared objects in full: the loader refuses anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _clone(item: dict[str, Any], tag: str) -> dict[str, Any]:
    clone = dict(item)
    clone["id"] = f"{item['id']}-{tag}"
    if "name" in clone:
        clone["name"] = f"{item['name']} {tag}"
        clone["aliases"] = [f"{a} {tag}" for a in item.get("aliases", [])]
    if "questions" in clone:
        clone["questions"] = [f"{q} {tag}" for q in item["questions"]]
    if "about" in clone:  # a copy is about nothing named; a finding, about the accords
        clone["about"] = ["accords"] if "kind" in clone else []
    if clone.get("signed"):
        signed = dict(clone["signed"])
        signed["signatories"] = [
            {k: v for k, v in sig.items() if k != "person"} for sig in signed["signatories"]
        ]
        clone["signed"] = signed
    return clone


def make_synthetic(factor: int, target: Path) -> Path:
    """Write a base `factor` times the shipped one: the originals plus renamed copies.

    Each copy goes to its own set of files, as a large base would be split by maintainers.
    """
    target.mkdir(parents=True, exist_ok=True)
    for path in DEFAULT_KNOWLEDGE_DIR.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "manifest.yaml":
            continue  # it names the shipped files; the copies are split over files of other names
        for i in range(factor):
            out: dict[str, Any] = {}
            for section, items in data.items():
                if section == "meta":
                    if i == 0:
                        out[section] = items
                    continue
                if section == "sources":
                    out[section] = items  # file-level sources: each copy's file declares them
                    continue
                out[section] = items if i == 0 else [_clone(x, _suffix(i)) for x in items]
            if out:
                name = f"{path.stem}-{i:03d}.yaml"
                (target / name).write_text(
                    yaml.dump(out, Dumper=_NoAliases, allow_unicode=True, sort_keys=False),
                    encoding="utf-8",
                )
    return target


class Baseline:
    """Naive matcher: `extractOne` over every stored phrasing with names filled in."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.phrasings: list[str] = []
        self.targets: list[tuple[str, tuple[str, ...]]] = []
        names = [(m.id, m.name) for m in kb.members] + [(r.id, r.name) for r in kb.related]
        for intent in INTENTS:
            for phrasing in intent.phrasings:
                if "xent" in phrasing:
                    for entity_id, name in names:
                        self._add(phrasing.replace("xent", name), intent.name, (entity_id,))
                elif "xperson" in phrasing:
                    for p in kb.people:
                        self._add(phrasing.replace("xperson", p.name), "person", (p.id,))
                elif "xyear" not in phrasing and "xmonth" not in phrasing:
                    self._add(phrasing, intent.name, ())
        for t in kb.topics:
            for q in t.questions:
                self._add(q, "topic", (t.id,))

    def nearest(self, question: str) -> str | None:
        """Return the stored phrasing nearest to `question` if it scores 60 or more."""
        hit = process.extractOne(
            question, self.phrasings, scorer=fuzz.WRatio, processor=str.lower, score_cutoff=60
        )
        return None if hit is None else str(hit[0])

    def _add(self, text: str, intent: str, facts: tuple[str, ...]) -> None:
        self.phrasings.append(text)
        self.targets.append((intent, facts))

    def ask(self, question: str) -> Answer:
        """Answer with the best phrasing if it scores 60 or more, else abstain."""
        hit = process.extractOne(
            question, self.phrasings, scorer=fuzz.WRatio, processor=str.lower, score_cutoff=60
        )
        if hit is None:
            return Answer(question, Status.NO_ANSWER, "", "")
        intent, facts = self.targets[hit[2]]
        return Answer(
            question, Status.ANSWERED, "", "", fact_ids=facts, intent=intent, score=hit[1]
        )


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _accuracy(
    ask: Callable[[str, ConversationState], tuple[Answer, ConversationState]],
    cases: list[GoldenCase],
) -> float:
    passed = 0
    for case in cases:
        state = ConversationState()
        ok = True
        for turn in case.turns:
            answer, state = ask(turn.question, state)
            if judge(answer, turn):
                ok = False
                break
        passed += ok
    return passed / max(1, len(cases))


def _time_questions(
    ask: Callable[[str], object], questions: list[str], repeat: int
) -> tuple[float, float, float]:
    for q in questions[:20]:
        ask(q)  # warm caches
    samples: list[float] = []
    gc.disable()
    try:
        start_all = time.perf_counter()
        for _ in range(repeat):
            for q in questions:
                start = time.perf_counter()
                ask(q)
                samples.append(time.perf_counter() - start)
        total = time.perf_counter() - start_all
    finally:
        gc.enable()
    return (_percentile(samples, 50) * 1000, _percentile(samples, 99) * 1000, len(samples) / total)


@dataclass(frozen=True)
class Row:
    """The figures for one base."""

    base: str
    records: int
    load_ms: float
    index_ms: float
    p50: float
    p99: float
    qps: float
    accuracy: float | None
    naive_index_ms: float
    naive_p50: float
    naive_p99: float
    naive_qps: float
    naive_accuracy: float | None


def measure(
    folder: Path, label: str, cases: list[GoldenCase], repeat: int, naive_sample: int
) -> Row:
    """Load, index and time one base, for the engine and for the naive baseline."""
    questions = [t.question for c in cases for t in c.turns]
    t0 = time.perf_counter()
    kb = load_knowledge(folder)
    t1 = time.perf_counter()
    engine = Engine(kb)
    t2 = time.perf_counter()
    baseline = Baseline(kb)
    t3 = time.perf_counter()
    p50, p99, qps = _time_questions(lambda q: engine.ask(q), questions, repeat)
    # The baseline is slow on large bases: time it on an even sample of the questions.
    step = max(1, len(questions) // naive_sample)
    bp50, bp99, bqps = _time_questions(baseline.ask, questions[::step], repeat)
    shipped = folder == DEFAULT_KNOWLEDGE_DIR

    def ours(q: str, s: ConversationState) -> tuple[Answer, ConversationState]:
        reply = engine.ask(q, s)
        return reply.answer, reply.state

    def naive(q: str, s: ConversationState) -> tuple[Answer, ConversationState]:
        return baseline.ask(q), s

    records = (
        len(kb.members)
        + len(kb.related)
        + len(kb.people)
        + len(kb.events)
        + len(kb.topics)
        + len(kb.arguments)
    )
    return Row(
        label,
        records,
        (t1 - t0) * 1000,
        (t2 - t1) * 1000,
        p50,
        p99,
        qps,
        _accuracy(ours, cases) if shipped else None,
        (t3 - t2) * 1000,
        bp50,
        bp99,
        bqps,
        _accuracy(naive, cases) if shipped else None,
    )


def _load_grader(path: Path) -> Any:
    """Import the development set's own grader (`grade.py` beside `dev.yaml`)."""
    spec = importlib.util.spec_from_file_location("dev_grade", path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["dev_grade"] = module  # dataclasses in it look their module up by name
    spec.loader.exec_module(module)
    return module


def dev_figures(dev: Path, ask: Callable[[str], Answer]) -> tuple[float, float, float, int]:
    """Grade `ask` on the development set: answerable right, off-topic refused, wrong, forbidden.

    The same grading as `grade.py --cmd …`: the answer text as the console renders it.
    """
    from adapters.console.render_text import render_text

    grader = _load_grader(dev.parent / "grade.py")
    cases, _ = grader.load_cases(dev)
    results = []
    for case in cases:
        answer = ask(case.q)
        result = grader.Result(case, str(answer.status), answer=render_text(answer))
        results.append(grader.grade(result))
    expecting = [r for r in results if r.case.expect == "answer"]
    refusing = [r for r in results if r.case.expect == "no_answer"]
    answered = [r for r in results if r.status == "answered"]
    return (
        sum(r.ok for r in expecting) / max(1, len(expecting)),
        sum(r.ok for r in refusing) / max(1, len(refusing)),
        sum(not r.ok for r in answered) / max(1, len(answered)),
        sum(r.reason.startswith("forbidden") for r in results),
    )


def print_dev(dev: Path, engine: Engine, baseline: Baseline) -> None:
    """Print the development set's figures for the engine and the naive baseline."""
    if not dev.exists():
        print(f"development set: not found at {dev} (pass --dev PATH)")
        return

    def naive(question: str) -> Answer:
        # Naive retrieval of the nearest stored phrasing, answered by the same composer.
        nearest = baseline.nearest(question)
        if nearest is None:
            return Answer(question, Status.NO_ANSWER, "I don't know that", "")
        return engine.ask(nearest).answer

    print("development set (answerable right / off-topic refused / answers wrong / forbidden):")
    for label, ask in (("engine", lambda q: engine.ask(q).answer), ("naive", naive)):
        right, refused, wrong, forbidden = dev_figures(dev, ask)
        print(f"  {label:>6}: {right:.1%} / {refused:.1%} / {wrong:.1%} / {forbidden}")


def language_latency(
    engine: Engine, repeat: int
) -> list[tuple[str, int, int, float, float, float]]:
    """Time the engine on each language's golden questions, English's whole table included.

    Returns (language, questions, samples, p50 ms, p99 ms, q/s) per language; every question
    goes through the whole language layer (read in its language, answered back in it).
    """
    files = {p.stem.removeprefix("lang-"): p for p in LANGUAGE_TABLES.glob("lang-*.yaml")}
    order = [c for c in LANGUAGE_ORDER if c in files] + sorted(set(files) - set(LANGUAGE_ORDER))
    tables = {code: files[code] for code in order} | {"en": GOLDEN}
    rows = []
    for language, path in tables.items():
        questions = [t.question for c in load_golden(path) for t in c.turns]
        times = max(repeat, -(-MIN_LANGUAGE_SAMPLES // len(questions)))
        p50, p99, qps = _time_questions(lambda q: engine.ask(q), questions, times)
        rows.append((language, len(questions), len(questions) * times, p50, p99, qps))
    return rows


def print_language_latency(engine: Engine, repeat: int) -> None:
    """Print the core's p50 and p99 per language next to the targets."""
    print(
        f"core latency per language (targets: p50 <= {TARGET_P50_MS:g} ms, "
        f"p99 <= {TARGET_P99_MS:g} ms):"
    )
    head = ("language", "questions", "samples", "p50 ms", "p99 ms", "q/s", "targets")
    print(" ".join(f"{h:>10}" for h in head))
    for language, count, samples, p50, p99, qps in language_latency(engine, repeat):
        met = p50 <= TARGET_P50_MS and p99 <= TARGET_P99_MS
        cells = (
            language,
            str(count),
            str(samples),
            f"{p50:.3f}",
            f"{p99:.3f}",
            f"{qps:.0f}",
            "met" if met else "MISSED",
        )
        print(" ".join(f"{c:>10}" for c in cells))


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--factors", default="1,10,100")
    parser.add_argument(
        "--languages-only",
        action="store_true",
        help="print only the core's latency per language (the shipped facts)",
    )
    parser.add_argument(
        "--dev",
        type=Path,
        default=ROOT.parent / "shared" / "eval" / "dev.yaml",
        help="the development question set (graded with the grade.py beside it)",
    )
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=60,
        help="questions timed for the naive baseline on each base",
    )
    args = parser.parse_args()
    if args.languages_only:
        print(f"command: python benchmarks/bench_core.py --languages-only --repeat {args.repeat}")
        print(f"Python {sys.version.split()[0]}")
        print_language_latency(Engine(load_knowledge(DEFAULT_KNOWLEDGE_DIR)), args.repeat)
        return
    cases = load_golden(GOLDEN)
    questions = [t.question for c in cases for t in c.turns]
    rows: list[Row] = []
    tmp = Path(tempfile.mkdtemp(prefix="accords-bench-"))
    try:
        for factor in (int(f) for f in args.factors.split(",")):
            folder = (
                DEFAULT_KNOWLEDGE_DIR if factor == 1 else make_synthetic(factor, tmp / f"x{factor}")
            )
            rows.append(measure(folder, f"{factor}x", cases, args.repeat, args.naive_sample))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"command: python benchmarks/bench_core.py --repeat {args.repeat} --factors {args.factors}"
    )
    print(
        f"questions: {len(questions)} from the golden set x {args.repeat} repeats "
        f"(naive: {args.naive_sample} of them); Python {sys.version.split()[0]}"
    )
    head = (
        "base",
        "records",
        "load ms",
        "index ms",
        "p50 ms",
        "p99 ms",
        "q/s",
        "golden",
        "|naive idx",
        "p50 ms",
        "p99 ms",
        "q/s",
        "golden",
    )
    print(" ".join(f"{h:>10}" for h in head))
    for r in rows:
        cells = [
            r.base,
            str(r.records),
            f"{r.load_ms:.0f}",
            f"{r.index_ms:.0f}",
            f"{r.p50:.3f}",
            f"{r.p99:.3f}",
            f"{r.qps:.0f}",
            _pct(r.accuracy),
            f"|{r.naive_index_ms:.0f}",
            f"{r.naive_p50:.3f}",
            f"{r.naive_p99:.3f}",
            f"{r.naive_qps:.0f}",
            _pct(r.naive_accuracy),
        ]
        print(" ".join(f"{c:>10}" for c in cells))
    holdout = load_golden(HOLDOUT)
    kb = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
    engine, baseline = Engine(kb), Baseline(kb)

    def ours(q: str, s: ConversationState) -> tuple[Answer, ConversationState]:
        reply = engine.ask(q, s)
        return reply.answer, reply.state

    def naive(q: str, s: ConversationState) -> tuple[Answer, ConversationState]:
        return baseline.ask(q), s

    print(
        f"held-out questions ({len(holdout)}, see the history in holdout.yaml): engine "
        f"{_pct(_accuracy(ours, holdout))}, naive {_pct(_accuracy(naive, holdout))}"
    )
    print_dev(args.dev, engine, baseline)
    print_language_latency(engine, args.repeat)
    first = rows[0]
    print(
        f"shipped facts: engine p50 is {first.naive_p50 / first.p50:.1f}x faster than the "
        f"naive baseline; golden accuracy {_pct(first.accuracy)} vs "
        f"{_pct(first.naive_accuracy)}"
    )


if __name__ == "__main__":
    main()
