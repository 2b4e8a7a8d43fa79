"""Shape checking: one file's YAML nodes checked against `bot.knowledge.schema`.

PyYAML's traps are caught here rather than loaded: `NO` read as a boolean, `1.10` as a number,
`2020-09-15` as a date object, a question mark that turns a list entry into a mapping. What
passes comes out as plain dictionaries, with each identifier `Located` at its line and column.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import yaml

from bot.knowledge.models import FuzzyDate
from bot.knowledge.nodes import Checker, Located
from bot.knowledge.schema import (
    DATE_PATTERN,
    FILE_PATTERN,
    MANIFEST,
    META,
    SECTIONS,
    SLUG_PATTERN,
    SOURCES,
    TEXT_CLAIM,
    FieldSpec,
    Kind,
    Shape,
)

_SLUG = re.compile(SLUG_PATTERN)
_DATE = re.compile(DATE_PATTERN)
_NAMED: dict[Kind, tuple[re.Pattern[str], str]] = {
    Kind.SLUG: (_SLUG, "an id (lower-case a-z, 0-9, '-')"),
    Kind.REF: (_SLUG, "an id (lower-case a-z, 0-9, '-')"),
    Kind.CITE: (_SLUG, "an id (lower-case a-z, 0-9, '-')"),
    Kind.FILE: (re.compile(FILE_PATTERN), "a file of the fact base (NAME.yaml or lang/CODE.yaml)"),
}
"""The kinds of text that name something, each with its pattern and what it must be."""
_TAG_NAMES = {
    "tag:yaml.org,2002:bool": "a true/false value",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "an empty value",
    "tag:yaml.org,2002:timestamp": "a date object",
}


def unknown_name(kind: str, name: str, known: list[str] | tuple[str, ...]) -> str:
    """Say that `name` is not a known `kind`: the likely one meant, else every known one."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"unknown {kind} {name!r}; did you mean {close[0]!r}?"
    return f"unknown {kind} {name!r} (known: {', '.join(known)})"


def record_label(section: str, node: yaml.Node, index: int) -> str:
    """Name a record the one way every message does: `members 'bahrain'` (by position only
    when it has no readable id)."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "id" and isinstance(value, yaml.ScalarNode) and value.value:
                return f"{section} {str(value.value)!r}"
    return f"{section}[{index}]"


def _child(what: str, key: str) -> str:
    """Name a field inside `what`: after a record's name a space, after a field a dot."""
    return f"{what} {key}" if what.endswith("'") else f"{what}.{key}"


class _Walker:
    """Checks one file's nodes against the shapes."""

    def __init__(self, shown: str, check: Checker) -> None:
        self.path = shown
        self.check = check
        self._seen: set[int] = set()

    def _visit(self, node: yaml.Node) -> bool:
        if id(node) in self._seen:
            self.check.fail(self.path, node, "anchors and aliases (&, *) are not allowed")
            return False
        self._seen.add(id(node))
        return True

    def scalar_text(self, node: yaml.Node, what: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            shape = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
            hint = ""
            if isinstance(node, yaml.MappingNode):
                hint = " (a ': ' inside unquoted text makes a mapping; quote the text)"
            elif getattr(node, "flow_style", False):
                hint = " (text in [ ] is read as a list; quote the whole text)"
            self.check.fail(self.path, node, f"{what}: expected text, got {shape}{hint}")
            return None
        if node.tag != "tag:yaml.org,2002:str":
            kind = _TAG_NAMES.get(node.tag, node.tag)
            self.check.fail(
                self.path,
                node,
                f"{what}: expected text, but {node.value!r} is read as {kind}; "
                f'quote it ("{node.value}")',
            )
            return None
        value = str(node.value).strip()
        if not value:
            self.check.fail(self.path, node, f"{what}: must not be empty")
            return None
        return value

    def value(self, node: yaml.Node, spec: FieldSpec, what: str) -> Any:
        if not self._visit(node):
            return None
        if spec.kind is Kind.OBJECT:
            return self._object(node, spec, what)
        text = self.scalar_text(node, what)
        if text is None:
            return None
        if spec.kind in _NAMED:
            pattern, must_be = _NAMED[spec.kind]
            if not pattern.match(text):
                self.check.fail(self.path, node, f"{what}: {text!r} is not {must_be}")
                return None
            return Located(text, self.path, node.start_mark.line + 1, node.start_mark.column + 1)
        check = _SCALAR_CHECKS.get(spec.kind)
        return text if check is None else check(self, node, spec, what, text)

    def _object(self, node: yaml.Node, spec: FieldSpec, what: str) -> Any:
        """Return an object field: a mapping of its shape, or a claim written as bare text."""
        assert spec.shape is not None
        if spec.shape is not TEXT_CLAIM or not isinstance(node, yaml.ScalarNode):
            return self.mapping(node, spec.shape, what)
        text = self.scalar_text(node, what)
        if text is None:
            return None
        # A claim written as bare text: the loader says how to cite it.
        return {
            "__line__": node.start_mark.line + 1,
            "__node__": node,
            "__shape__": TEXT_CLAIM,
            "__bare__": True,
            "text": text,
        }

    def _enum(self, node: yaml.Node, spec: FieldSpec, what: str, text: str) -> str | None:
        if text in spec.choices:
            return text
        close = difflib.get_close_matches(text, spec.choices, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        self.check.fail(
            self.path,
            node,
            f"{what}: unknown value {text!r}{hint}; expected one of {', '.join(spec.choices)}",
        )
        return None

    def _date(self, node: yaml.Node, spec: FieldSpec, what: str, text: str) -> FuzzyDate | None:
        parsed = _parse_date(text)
        if parsed is None:
            self.check.fail(
                self.path,
                node,
                f'{what}: {text!r} is not a date; write "YYYY-MM-DD", "YYYY-MM" or '
                f'"YYYY" (prefix ~ if approximate)',
            )
        return parsed

    def _url(self, node: yaml.Node, spec: FieldSpec, what: str, text: str) -> str | None:
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
            self.check.fail(self.path, node, f"{what}: {text!r} is not an http(s) URL")
            return None
        return text

    def field_value(self, node: yaml.Node, spec: FieldSpec, what: str) -> Any:
        if spec.nullable and isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            return None
        if not spec.many:
            return self.value(node, spec, what)
        if not isinstance(node, yaml.SequenceNode):
            if (
                isinstance(node, yaml.ScalarNode)
                and node.tag.endswith(":null")
                and not (spec.min_items)
            ):
                return []
            self.check.fail(self.path, node, f"{what}: expected a list")
            return None
        if not self._visit(node):
            return None
        if len(node.value) < spec.min_items:
            if spec.kind is Kind.CITE:
                self.check.fail(
                    self.path, node, f"{what}: a claim must cite at least one source id"
                )
            else:
                self.check.fail(self.path, node, f"{what}: needs at least {spec.min_items} item(s)")
        items = [self.value(item, spec, f"{what}[{i}]") for i, item in enumerate(node.value)]
        return [item for item in items if item is not None]

    def _field(
        self, key_node: yaml.Node, shape: Shape, what: str, seen: set[str]
    ) -> tuple[str, FieldSpec] | None:
        """Return a mapping's field name and its spec, adding it to `seen`; or report why it
        is not one (not text, written twice, not a field of `shape`) and return None."""
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str):
            self.check.fail(self.path, key_node, f"{what}: field names must be text")
            return None
        if key in seen:
            self.check.fail(self.path, key_node, f"{what}: field {key!r} appears twice")
            return None
        seen.add(key)
        spec = shape.fields.get(key)
        if spec is None:
            problem = unknown_name("field", key, list(shape.fields))
            self.check.fail(self.path, key_node, f"{what}: {problem}")
            return None
        return key, spec

    def mapping(self, node: yaml.Node, shape: Shape, what: str) -> dict[str, Any] | None:
        if not isinstance(node, yaml.MappingNode):
            self.check.fail(self.path, node, f"{what}: expected a mapping of {shape.name} fields")
            return None
        out: dict[str, Any] = {
            "__line__": node.start_mark.line + 1,
            "__node__": node,
            "__shape__": shape,
        }
        seen: set[str] = set()
        for key_node, value_node in node.value:
            field = self._field(key_node, shape, what, seen)
            if field is None:
                continue
            key, spec = field
            checked = self.field_value(value_node, spec, _child(what, key))
            nested = checked if isinstance(checked, list) else [checked]
            if any(isinstance(x, dict) and x.get("__invalid__") for x in nested):
                out["__invalid__"] = True
            if checked is not None:
                out[key] = checked
            elif spec.required:
                out["__invalid__"] = True
        out["__keys__"] = frozenset(seen)  # written, even if refused: no "missing" report then
        for name, spec in shape.fields.items():
            if spec.required and not spec.checked_later and name not in seen:
                self.check.fail(self.path, node, f"{what}: missing required field {name!r}")
                out["__invalid__"] = True
        return out


def _parse_date(text: str) -> FuzzyDate | None:
    if not _DATE.match(text):
        return None
    approximate = text.startswith("~")
    parts = [int(p) for p in text.lstrip("~").split("-")]
    try:
        if len(parts) == 3:
            dt.date(parts[0], parts[1], parts[2])
        elif len(parts) == 2 and not 1 <= parts[1] <= 12:
            return None
    except ValueError:
        return None
    year = parts[0]
    month = parts[1] if len(parts) > 1 else None
    day = parts[2] if len(parts) > 2 else None
    return FuzzyDate(year, month, day, approximate)


@dataclass
class Raw:
    """Checked sections from all files, before cross-file checks."""

    meta: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    manifest: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """Where the manifest was found (one file, once, when the base declares one)."""
    sections: dict[str, list[tuple[str, dict[str, Any]]]] = field(
        default_factory=lambda: {name: [] for name in SECTIONS}
    )
    file_sources: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    invalid: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    """Records with a mistake: (section, file, record); checked, never served."""
    unreadable: set[str] = field(default_factory=set)
    """Files with an entry that is not even a mapping: what it cites is unknown."""

    def keep(self, section: str, path: str, checked: dict[str, Any] | None) -> None:
        """File one checked record: served when whole, else kept aside for the other checks."""
        if checked is None:
            self.unreadable.add(path)
        elif checked.get("__invalid__"):
            # Its id, references and citations are still checked, so one mistake neither
            # hides the record's others nor makes its id look unknown elsewhere.
            self.invalid.append((section, path, checked))
        else:
            self.sections[section].append((path, checked))


_ONCE: dict[str, Shape] = {"meta": META, "manifest": MANIFEST}
"""Sections that are one mapping, not a list of records (each kept in its own `Raw` list)."""


def walk_file(node: yaml.Node, shown: str, check: Checker, raw: Raw) -> None:
    """Check one file's sections against their shapes; add the entries that pass to `raw`."""
    walker = _Walker(shown, check)
    if not isinstance(node, yaml.MappingNode):
        check.fail(shown, node, "a fact file must be a mapping of sections (meta, members, …)")
        return
    for key_node, value_node in node.value:
        key = key_node.value
        if key in _ONCE:
            checked = walker.mapping(value_node, _ONCE[key], key)
            if checked is not None:
                (raw.meta if key == "meta" else raw.manifest).append((shown, checked))
            continue
        if key == "sources":
            if shown in raw.file_sources:
                check.fail(shown, key_node, "'sources' appears more than once in this file")
                continue
            declared = walker.field_value(value_node, SOURCES, "sources")
            raw.file_sources[shown] = declared if isinstance(declared, list) else []
            continue
        shape = SECTIONS.get(key)
        if shape is None:
            known = [*_ONCE, "sources", *SECTIONS]
            check.fail(shown, key_node, unknown_name("section", key, known))
            continue
        if not isinstance(value_node, yaml.SequenceNode):
            check.fail(shown, value_node, f"{key}: expected a list of {shape.name} entries")
            continue
        for i, item in enumerate(value_node.value):
            raw.keep(key, shown, walker.mapping(item, shape, record_label(key, item, i)))


_SCALAR_CHECKS: dict[Kind, Callable[[_Walker, yaml.Node, FieldSpec, str, str], Any]] = {
    Kind.ENUM: _Walker._enum,
    Kind.DATE: _Walker._date,
    Kind.URL: _Walker._url,
}
"""How a text field of each kind is checked (the named kinds, ids and the like, are patterns)."""
