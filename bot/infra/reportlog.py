"""The wrong-fact report log: a size-capped JSON-lines file maintainers read.

`bot.service.reports.ReportDesk` decides what is filed; this module only keeps it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict
from pathlib import Path

from bot.infra.jsonlines import CappedJsonLines, read_json_lines
from bot.service.reports import MAX_NOTE_CHARS, MAX_TEXT_CHARS, Report

_log = logging.getLogger(__name__)


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
