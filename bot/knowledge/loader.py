"""Load and validate `knowledge/*.yaml` into a `KnowledgeBase`, reporting every problem at once.

One pass, one module per step: each file is composed into YAML nodes that keep their line and
column (`nodes`), checked node by node against `bot.knowledge.schema` (`shapes`), its claims'
citations resolved against the declared sources (`citations`), and the whole assembled into
typed records (`records`); the language packs under `lang/` are checked last (`lang_loader`).
Every problem carries the file, line and column of the value at fault.

Which files a fact base must hold is explicit: the ones its manifest (`manifest.yaml`, the
`manifest` section) lists. A listed file that is missing, empty, holds no record, or cannot be
read is an error naming that file, so a deleted `timeline.yaml` fails `accords-bot validate`
and every load, instead of serving a base without its events. A base without a manifest (the
small ones tests build) requires no file but the one holding `meta`; any file present is
still checked whole, and an empty one is always an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from bot.errors import KnowledgeError, KnowledgeErrors
from bot.knowledge.lang_loader import LANG_FOLDER, iter_language_files, load_languages
from bot.knowledge.model_file import MODEL_PATH, KindWeights, read_weights
from bot.knowledge.models import KnowledgeBase, Member, Person, Related
from bot.knowledge.nodes import Checker, Located, compose, display, editor_path, not_regular
from bot.knowledge.normalize import normalize
from bot.knowledge.records import assemble
from bot.knowledge.schema import MANIFEST_FILE
from bot.knowledge.shapes import Raw, walk_file


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
    holds = _walk_files(root, files, raw, check, digest)
    _check_lang_folder(root, check)
    missing = _check_manifest(root, raw, holds, check)
    if missing or any(f.empty for f in holds.values()):
        # Every record that refers to what the file held would fail too: no knock-on lines;
        # the language files, which hold no records, are still checked.
        load_languages(root, None, check)
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


@dataclass(frozen=True, slots=True)
class _Read:
    """What reading one fact file found."""

    records: bool = False
    """It holds something besides declared sources."""
    empty: bool = False
    """It is empty (reported as such)."""
    failed: bool = False
    """It could not be read or parsed (reported as such)."""


def _walk_files(
    root: Path, files: list[Path], raw: Raw, check: Checker, digest: hashlib._Hash
) -> dict[str, _Read]:
    """Check each fact file into `raw`; return what was found in each, by file name."""
    found: dict[str, _Read] = {}
    for path in files:
        shown = display(path, root)
        _digest(digest, path)
        known = len(check.errors)
        node = compose(path, shown, check)
        if node is not None and not (isinstance(node, yaml.MappingNode) and not node.value):
            walk_file(node, shown, check, raw)
            found[path.name] = _Read(records=_holds_records(node))
        elif len(check.errors) == known:  # an empty file is an accident, never a fact file
            check.fail(shown, None, "the file is empty: a fact file holds at least one section")
            found[path.name] = _Read(empty=True)
        else:
            found[path.name] = _Read(failed=True)
    return found


def _holds_records(node: yaml.Node) -> bool:
    """Return True when a file's sections hold anything besides declared sources."""
    if not isinstance(node, yaml.MappingNode):
        return True  # not a mapping at all: that is reported as such
    return any(
        getattr(key, "value", None) != "sources"
        and isinstance(value, yaml.MappingNode | yaml.SequenceNode)
        and bool(value.value)
        for key, value in node.value
    )


def _check_manifest(root: Path, raw: Raw, holds: Mapping[str, _Read], check: Checker) -> bool:
    """Report every file the manifest lists that is missing or holds nothing; return True
    when one is missing or empty (the rest of the base would only echo it)."""
    if not raw.manifest:
        return False
    for path, extra in raw.manifest[1:]:
        check.fail(path, extra["__node__"], "'manifest' appears more than once")
    where, manifest = raw.manifest[0]
    if Path(where).name != MANIFEST_FILE:
        check.fail(where, manifest["__node__"], f"the manifest belongs in {MANIFEST_FILE}")
    languages = {p.name for p in iter_language_files(root)}
    found = False
    seen: set[str] = set()
    for entry in manifest.get("files", []):
        if entry.value in seen:
            check.errors.append(_at(entry, f"manifest.files: {entry.value!r} is listed twice"))
            continue
        seen.add(entry.value)
        found |= _check_listed(root, entry, holds, languages, check)
    return found


def _check_listed(
    root: Path,
    entry: Located,
    holds: Mapping[str, _Read],
    languages: set[str],
    check: Checker,
) -> bool:
    """Report the listed file `entry` if it is missing or holds nothing; True if it does, or
    if it could not be read."""
    name = str(entry.value)
    shown = display(root / name, root)
    why = f"{MANIFEST_FILE} lists it among the files of this fact base"
    # A language file that is there but empty or unreadable is lang_loader's to report.
    listing = languages if name.startswith(f"{LANG_FOLDER}/") else holds
    if Path(name).name not in listing:
        check.fail(shown, None, f"missing: {why}")
        return True
    read = holds.get(name, _Read(records=True))
    if read.failed:  # reported where it was read; what refers to it would only echo that
        return True
    if not (read.records or read.empty):
        check.fail(shown, None, f"holds no records: {why}")
        return True
    return False


def _at(entry: Located, problem: str) -> KnowledgeError:
    return KnowledgeError(entry.path, entry.line, entry.column, problem)


def _check_lang_folder(root: Path, check: Checker) -> None:
    """Report a language folder that is there but cannot be listed (a broken link, a file, a
    folder without read permission): its languages would otherwise vanish without a word."""
    folder = root / LANG_FOLDER
    if not os.path.lexists(folder):
        return
    try:
        with os.scandir(folder):
            pass
    except OSError as exc:
        check.fail(display(folder, root), None, f"cannot read the folder: {exc.strerror or exc}")


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
