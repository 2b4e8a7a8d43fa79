"""The unanswered-questions log and its report: what maintainers should add next.

Each `no_answer` and `clarify` is appended as one JSON line with the question, platform, time,
and the top candidates with scores, and never any user or channel identifier. The file is
capped: past `max_bytes` the older half is dropped. `group_gaps` clusters similar questions
(typos with their originals, paraphrases with each other) with rapidfuzz.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from bot.answer import Answer, Status
from bot.infra.jsonlines import CappedJsonLines, read_json_lines
from bot.knowledge.normalize import normalize

MAX_QUESTION_CHARS = 300


class GapLog:
    """Append unanswered questions to a size-capped JSON-lines file."""

    def __init__(self, path: Path, max_bytes: int = 1_000_000) -> None:
        self._file = CappedJsonLines(path, max_bytes)
        self.path = self._file.path

    def record(self, answer: Answer, platform: str, now: float | None = None) -> bool:
        """Log `answer` if the bot could not answer it; return True if a line was written."""
        if answer.status is Status.ANSWERED or answer.is_notice:
            return False
        return self._file.append(
            {
                "time": round(time.time() if now is None else now, 3),
                "platform": platform,
                "status": answer.status.value,
                "question": answer.question[:MAX_QUESTION_CHARS],
                "candidates": [{"id": c, "score": s} for c, s in answer.candidates[:5]],
            }
        )


def read_gaps(path: Path) -> list[dict[str, object]]:
    """Read the log, keeping only entries with a question."""
    return [e for e in read_json_lines(path) if isinstance(e.get("question"), str)]


@dataclass(frozen=True, slots=True)
class GapGroup:
    """Similar unanswered questions: how many, an example, and the variants seen."""

    count: int
    example: str
    variants: tuple[str, ...]


def group_gaps(questions: Iterable[str], threshold: float = 75.0) -> list[GapGroup]:
    """Cluster similar questions, most frequent group first."""
    groups: list[tuple[str, list[str]]] = []
    for question in questions:
        key = normalize(question, slang=True)
        if not key:
            continue
        best, best_score = None, 0.0
        for i, (head, _) in enumerate(groups):
            score = max(
                fuzz.token_set_ratio(key, head) * 0.5 + fuzz.ratio(key, head) * 0.5,
                fuzz.token_sort_ratio(key, head),
            )
            if score > best_score:
                best, best_score = i, score
        if best is not None and best_score >= threshold:
            groups[best][1].append(question)
        else:
            groups.append((key, [question]))
    result = [
        GapGroup(
            len(members), max(set(members), key=members.count), tuple(dict.fromkeys(members))[:5]
        )
        for _, members in groups
    ]
    result.sort(key=lambda g: (-g.count, g.example))
    return result
