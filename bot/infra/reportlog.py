"""Wrong-fact reports from users: what they saw and what they say, kept for maintainers.

A report holds the question, the answer text, the fact ids behind it, the platform and an
optional note, never a user or channel identifier. It always goes to a size-capped local log;
adapters may also post it to a maintainers' channel.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bot.jsonlines import CappedJsonLines, read_json_lines

_log = logging.getLogger(__name__)

MAX_NOTE_CHARS = 1000
MAX_TEXT_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Report:
    """One user's report that an answer is wrong."""

    question: str
    answer: str
    fact_ids: tuple[str, ...]
    platform: str
    note: str = ""
    as_of: str = ""
    knowledge_version: str = ""

    def summary(self) -> str:
        """Return the report as plain text for a maintainers' channel."""
        lines = [
            f"Wrong-fact report ({self.platform}, facts as of {self.as_of}, "
            f"version {self.knowledge_version or 'unknown'})",
            f"Question: {self.question[:300]}",
            f"Facts: {', '.join(self.fact_ids) or 'none'}",
            f"Answer: {self.answer[:500]}",
        ]
        if self.note:
            lines.append(f"Note: {self.note[:MAX_NOTE_CHARS]}")
        return "\n".join(lines)


class ReportLog:
    """Append reports to a size-capped JSON-lines file."""

    def __init__(self, path: Path, max_bytes: int = 1_000_000) -> None:
        self._file = CappedJsonLines(path, max_bytes)
        self.path = self._file.path

    def record(self, report: Report, now: float | None = None) -> bool:
        """Write `report`; return False (and log why) if the file cannot be written."""
        entry = asdict(report)
        entry["question"] = report.question[:MAX_TEXT_CHARS]
        entry["answer"] = report.answer[:MAX_TEXT_CHARS]
        entry["note"] = report.note[:MAX_NOTE_CHARS]
        entry["fact_ids"] = list(report.fact_ids)
        entry["time"] = round(time.time() if now is None else now, 3)
        if not self._file.append(entry):
            return False
        _log.info("wrong-fact report recorded: facts=%s", ",".join(report.fact_ids))
        return True


def read_reports(path: Path) -> list[dict[str, object]]:
    """Read the report log, skipping malformed lines."""
    return [dict(e) for e in read_json_lines(path)]
