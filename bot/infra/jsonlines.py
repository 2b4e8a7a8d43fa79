"""Size-capped JSON-lines files: the storage of the unanswered-questions and report logs."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

_log = logging.getLogger(__name__)


class CappedJsonLines:
    """Append JSON objects, one per line; past `max_bytes` the older half is dropped."""

    def __init__(self, path: Path, max_bytes: int = 1_000_000) -> None:
        self.path = Path(path)
        self.max_bytes = max(4096, max_bytes)
        self._lock = threading.Lock()

    def append(self, entry: dict[str, Any]) -> bool:
        """Write `entry`; return False (and log why) if the file cannot be written."""
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="utf-8") as handle:
                    handle.write(line)
                if self.path.stat().st_size > self.max_bytes:
                    self._trim()
        except OSError as exc:
            _log.warning("could not write %s: %s", self.path.name, exc.strerror)
            return False
        return True

    def _trim(self) -> None:
        data = self.path.read_bytes()
        keep = data[len(data) - self.max_bytes // 2 :]
        cut = keep.find(b"\n")
        tmp = self.path.with_suffix(".tmp")
        tmp.write_bytes(keep[cut + 1 :] if cut >= 0 else b"")
        tmp.replace(self.path)


def read_json_lines(path: Path) -> list[dict[str, Any]]:
    """Read the JSON objects of a file, skipping lines that are not objects."""
    out: list[dict[str, Any]] = []
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return out
    for line in text.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict):
            out.append(item)
    return out
