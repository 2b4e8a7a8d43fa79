"""Fact files composed into YAML nodes that keep their line and column.

A private SafeLoader subclass composes each file into nodes (the global loader is never
changed). No YAML constructor runs: no arbitrary objects, and the shape checker refuses anchors
and aliases outright, so an alias bomb is rejected before it can expand. Every problem is
collected by a `Checker` as a `KnowledgeError` at the file, line and column at fault.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.errors import KnowledgeError

MAX_FILE_BYTES = 2_000_000

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _NodeLoader(_BaseLoader):  # type: ignore[valid-type,misc]  # libyaml when available
    """A private loader: used only to compose nodes, never to construct objects."""


@dataclass
class Located:
    """A checked value with the place it came from."""

    value: Any
    path: str
    line: int
    column: int


@dataclass
class Checker:
    """Collects problems for one load."""

    errors: list[KnowledgeError] = field(default_factory=list)

    def fail(self, path: str, node: yaml.Node | None, problem: str) -> None:
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        self.errors.append(KnowledgeError(path, line, col, problem))


def display(path: Path, root: Path) -> str:
    """Return the name a record's provenance keeps: the folder's name and the file's path in it."""
    try:
        return str(Path(root.name) / path.relative_to(root))
    except ValueError:
        return str(path)


def not_regular(path: Path) -> str:
    """Return why `path` is not a regular file to read (a broken link, a FIFO…), or ""."""
    try:
        mode = os.stat(path).st_mode  # follows links: what a read would open
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"
    if not stat.S_ISREG(mode):
        return "not a regular file (a folder, a FIFO, a device or a link to one)"
    return ""


def editor_path(shown: str, root: Path) -> str:
    """Return where an editor opened in the current folder finds the file `shown` names:
    relative to the current folder when the file is under it, else its absolute path."""
    parts = Path(shown).parts
    if not parts or parts[0] != root.name:
        return shown
    real = Path(root, *parts[1:]).absolute()
    try:
        return str(real.relative_to(Path.cwd()))
    except ValueError:
        return str(real)


def compose(path: Path, shown: str, check: Checker) -> yaml.Node | None:
    problem = not_regular(path)  # never open a FIFO or a device: the read would block
    if problem:
        check.fail(shown, None, problem)
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        check.fail(shown, None, f"cannot read file: {exc.strerror}")
        return None
    if len(raw) > MAX_FILE_BYTES:
        check.fail(shown, None, f"file is larger than {MAX_FILE_BYTES} bytes")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        check.fail(shown, None, f"not valid UTF-8 (byte {exc.start})")
        return None
    loader = _NodeLoader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        hint = ""
        if "found character '?'" in str(exc) or ("?" in problem and "flow" in problem):
            hint = " (quote text that contains '?' inside [ ])"
        check.errors.append(KnowledgeError(shown, line, col, f"invalid YAML: {problem}{hint}"))
        return None
    except yaml.YAMLError as exc:
        check.fail(shown, None, f"invalid YAML: {exc}")
        return None
    finally:
        loader.dispose()
    return node


def value_node(item: dict[str, Any], name: str) -> yaml.Node | None:
    """Return the YAML node of field `name` in a checked mapping, for a precise location."""
    node = item.get("__node__")
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if getattr(key, "value", None) == name:
            found: yaml.Node = value
            return found
    return None
