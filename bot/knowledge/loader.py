"""Load and validate `knowledge/*.yaml` into a `KnowledgeBase`, reporting every problem at once.

One pass, one module per step: each file is composed into YAML nodes that keep their line and
column (`nodes`), checked node by node against `bot.knowledge.schema` (`shapes`), its claims'
citations resolved against the declared sources (`citations`), and the whole assembled into
typed records (`records`); the language packs under `lang/` are checked last (`lang_loader`).
Every problem carries the file, line and column of the value at fault.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import yaml

from bot.errors import KnowledgeError, KnowledgeErrors
from bot.knowledge.lang_loader import iter_language_files, load_languages
from bot.knowledge.model_file import MODEL_PATH, KindWeights, read_weights
from bot.knowledge.models import KnowledgeBase, Member, Person, Related
from bot.knowledge.nodes import Checker, compose, display, editor_path, not_regular
from bot.knowledge.records import assemble
from bot.knowledge.shapes import Raw, walk_file
from bot.normalize import normalize


def _iter_files(root: Path) -> Iterator[Path]:
    # Every entry, not only regular files: a broken link or a FIFO is reported, not skipped.
    yield from sorted(root.glob("*.yaml"))
    yield from sorted(root.glob("*.yml"))


def _digest(digest: hashlib._Hash, path: Path) -> None:
    digest.update(path.name.encode() + b"\0")
    if not not_regular(path):
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())


def load_knowledge(root: Path) -> KnowledgeBase:
    """Load every fact file under `root`; raise KnowledgeErrors listing all problems."""
    check = Checker()
    root = Path(root)
    if not root.is_dir():
        raise KnowledgeErrors([KnowledgeError(str(root), 1, 1, "not a directory")])
    raw = Raw()
    digest = hashlib.sha256()
    files = list(_iter_files(root))
    if not files:
        raise KnowledgeErrors([KnowledgeError(str(root), 1, 1, "no *.yaml fact files found")])
    empty = False
    for path in files:
        shown = display(path, root)
        _digest(digest, path)
        known = len(check.errors)
        node = compose(path, shown, check)
        if node is not None and not (isinstance(node, yaml.MappingNode) and not node.value):
            walk_file(node, shown, check, raw)
        elif len(check.errors) == known:  # an empty file is an accident, never a fact file
            check.fail(shown, None, "the file is empty: a fact file holds at least one section")
            empty = True
    if empty:
        # Every record that refers to what the file held would fail too: no knock-on lines.
        raise KnowledgeErrors([_for_editor(err, root) for err in check.errors])
    for path in iter_language_files(root):
        _digest(digest, path)
    kb = assemble(raw, check, digest.hexdigest()[:12], tuple(p.name for p in files))
    # Language files are checked even when a fact file is broken: every problem at once.
    languages = load_languages(root, _record_names(kb) if kb is not None else None, check)
    if kb is not None:
        kb = replace(kb, languages=languages, kind_weights=_kind_weights(root, check))
    if check.errors or kb is None:
        raise KnowledgeErrors([_for_editor(err, root) for err in check.errors])
    return kb


def _kind_weights(root: Path, check: Checker) -> KindWeights | None:
    """Return the reader's model beside the facts, or None when none was built."""
    path = root / MODEL_PATH
    if not path.is_file():
        return None
    try:
        return read_weights(path, display(path, root))
    except KnowledgeError as exc:
        check.errors.append(exc)
        return None


def _for_editor(err: KnowledgeError, root: Path) -> KnowledgeError:
    """Return `err` with its file named from the current folder, so `FILE:LINE:COL` opens."""
    path = editor_path(err.path, root)
    return err if path == err.path else KnowledgeError(path, err.line, err.column, err.problem)


def _record_names(kb: KnowledgeBase) -> dict[str, frozenset[str]]:
    """Return each state's and person's id with the normalised names it is known by."""
    out: dict[str, frozenset[str]] = {}
    records: tuple[Member | Related | Person, ...] = (*kb.members, *kb.related, *kb.people)
    for rec in records:
        out[rec.id] = frozenset(normalize(n) for n in (rec.name, *rec.aliases))
    return out
