"""Live knowledge: hold the engine being served and swap it whole when the fact files change.

A reload validates every file and builds the new index before anything is swapped, so a
question is answered from the old base or the new one, never from a mix; when the new files
are invalid the last good base keeps serving and every `file:line:col: problem` is logged.
The watcher polls file stamps (no platform-specific notifier needed) and waits for the files to
be quiet, so an editor saving twenty times a second causes a bounded number of reloads.

A valid reload that looks like an accident is held, not served: a fact or language file of
the served version that is now gone (the manifest among them: without it no file is
required), or a change that would remove more than a quarter of the records (`held_reason`).
The last good facts keep serving and one ERROR line says why. (A file the manifest lists that
is missing or empty is not even valid: that reload is refused, naming the file.) A
deliberate removal goes out on the next start, or at once after `accords-bot validate` on the
folder: it writes the validated version's hash into the folder's `ACCEPTED_FILE`, which the
watcher sees, and a held version with that hash is then served.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from bot.engine import Engine
from bot.errors import KnowledgeErrors
from bot.knowledge import load_knowledge
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.schema import MANIFEST_FILE

_log = logging.getLogger(__name__)

ACCEPTED_FILE: Final = ".accepted"
"""In the fact folder: the version `accords-bot validate` last confirmed (its content hash)."""
MAX_REMOVED_SHARE: Final = 0.25
"""A reload removing more than this share of the records is held as a likely accident."""

Stamp = tuple[tuple[str, int, int], ...]


def snapshot(folder: Path) -> Stamp:
    """Return the path, size and modification time of every YAML file under `folder`."""
    out: list[tuple[str, int, int]] = []
    try:
        paths = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml", ".npz"))
    except OSError:
        return ()
    for path in [*paths, folder / ACCEPTED_FILE]:
        try:
            st = path.stat()
        except OSError:  # a broken link, a loop, or deleted meanwhile: still a change to see
            if path.is_symlink():
                out.append((str(path.relative_to(folder)), -1, -1))
            continue
        out.append((str(path.relative_to(folder)), st.st_size, st.st_mtime_ns))
    return tuple(out)


def held_reason(old: KnowledgeBase, new: KnowledgeBase) -> str:
    """Return why replacing `old` by `new` looks like an accident, or "" if it does not."""
    languages = sorted({p.code for p in old.languages} - {p.code for p in new.languages})
    if languages:
        return f"the language file(s) {', '.join(f'lang/{c}.yaml' for c in languages)} are gone"
    kinds = (
        ("records", {r.id for r in old.records}, {r.id for r in new.records}),
        ("findings", {f.id for f in old.findings}, {f.id for f in new.findings}),
    )
    removed = {i for _, before, after in kinds for i in before - after}
    gone = sorted(set(old.files) - set(new.files))
    if MANIFEST_FILE in gone:  # the list of files the facts must hold: never lost unnoticed
        return f"{MANIFEST_FILE} of the served facts is gone"
    if gone and removed:  # a file renamed with its records is no accident
        return f"{', '.join(gone)} of the served facts is gone ({len(removed)} records with it)"
    for name, before, after in kinds:
        lost = before - after
        if before and len(lost) > MAX_REMOVED_SHARE * len(before):
            return f"it would remove {len(lost)} of {len(before)} {name}"
    return ""


def accepted_version(folder: Path) -> str:
    """Return the version `accords-bot validate` last confirmed in `folder`, or ""."""
    try:
        return (Path(folder) / ACCEPTED_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def accept_version(folder: Path, content_hash: str) -> bool:
    """Record that the files in `folder` with `content_hash` were validated; False if it
    cannot be written (a read-only install)."""
    try:
        (Path(folder) / ACCEPTED_FILE).write_text(content_hash + "\n", encoding="utf-8")
    except OSError:
        return False
    return True


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
            held = self._held(kb)
            if held:
                return ReloadResult(False, self._engine.kb.content_hash, (held,))
            engine = Engine(kb, self._engine.policy)  # build fully before the swap
            self._engine = engine  # one reference assignment: atomic for every reader
            _log.info("knowledge reloaded: version %s (%d files)", kb.content_hash, len(kb.files))
            return ReloadResult(True, kb.content_hash)

    def _held(self, kb: KnowledgeBase) -> str:
        reason = held_reason(self._engine.kb, kb)
        if not reason:
            return ""
        if accepted_version(self.folder) == kb.content_hash:
            _log.warning("knowledge reload confirmed by accords-bot validate: %s", reason)
            return ""
        _log.error(
            "knowledge reload held: %s; still serving version %s. If this is deliberate, run "
            "`accords-bot validate` on the folder, or restart",
            reason,
            self._engine.kb.content_hash,
        )
        return f"held: {reason}"


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
