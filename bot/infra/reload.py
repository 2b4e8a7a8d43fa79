"""Live knowledge: hold the engine being served and swap it whole when the fact files change.

A reload validates every file and builds the new index before anything is swapped, so a
question is answered from the old base or the new one, never from a mix; when the new files
are invalid the last good base keeps serving and every `file:line:col: problem` is logged.
The watcher polls file stamps (no platform-specific notifier needed) and waits for the files to
be quiet, so an editor saving twenty times a second causes a bounded number of reloads.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.engine import Engine
from bot.errors import KnowledgeErrors
from bot.knowledge import load_knowledge

_log = logging.getLogger(__name__)

Stamp = tuple[tuple[str, int, int], ...]


def snapshot(folder: Path) -> Stamp:
    """Return the path, size and modification time of every YAML file under `folder`."""
    out: list[tuple[str, int, int]] = []
    try:
        paths = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml", ".npz"))
    except OSError:
        return ()
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue  # deleted between listing and stat: the next poll sees it
        out.append((str(path.relative_to(folder)), st.st_size, st.st_mtime_ns))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class ReloadResult:
    """What one reload attempt did."""

    swapped: bool
    content_hash: str
    errors: tuple[str, ...] = ()


class KnowledgeHolder:
    """The engine currently served; `engine()` is what adapters call for every question."""

    def __init__(self, folder: Path, engine: Engine | None = None) -> None:
        self.folder = Path(folder)
        self._engine = engine or Engine(load_knowledge(self.folder))
        self._lock = threading.Lock()
        self.reloads = 0

    def engine(self) -> Engine:
        """Return the engine to answer the next question with."""
        return self._engine

    def reload(self) -> ReloadResult:
        """Validate the files and swap in a new engine; keep the old one if they are invalid."""
        with self._lock:
            self.reloads += 1
            try:
                kb = load_knowledge(self.folder)
            except KnowledgeErrors as exc:
                lines = tuple(str(e) for e in exc.errors)
                for line in lines:
                    _log.error("knowledge reload refused: %s", line)
                _log.warning("still serving knowledge version %s", self._engine.kb.content_hash)
                return ReloadResult(False, self._engine.kb.content_hash, lines)
            if kb.content_hash == self._engine.kb.content_hash:
                return ReloadResult(False, kb.content_hash)
            engine = Engine(kb, self._engine.policy)  # build fully before the swap
            self._engine = engine  # one reference assignment: atomic for every reader
            _log.info("knowledge reloaded: version %s (%d files)", kb.content_hash, len(kb.files))
            return ReloadResult(True, kb.content_hash)


async def watch(
    holder: KnowledgeHolder,
    *,
    poll_s: float = 0.5,
    quiet_s: float = 0.4,
    on_result: Callable[[ReloadResult], None] | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Poll the fact files and reload once they have been quiet for `quiet_s` seconds."""
    stop = stop or asyncio.Event()
    seen = snapshot(holder.folder)
    pending: Stamp | None = None
    changed_at = 0.0
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=poll_s)
        now = loop.time()
        current = snapshot(holder.folder)
        if current != (pending if pending is not None else seen):
            pending, changed_at = current, now
            continue
        if pending is not None and now - changed_at >= quiet_s:
            seen, pending = pending, None
            result = await asyncio.to_thread(holder.reload)
            if on_result is not None:
                on_result(result)
