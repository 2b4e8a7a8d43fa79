"""Load and validate `knowledge/*.yaml` into a `KnowledgeBase`, reporting every problem at once.

YAML is composed into nodes with a private SafeLoader subclass (the global loader is never
changed) and checked node by node against `bot.schema`, so every problem carries the file, line
and column of the value at fault. No YAML constructor runs: no arbitrary objects, and anchors
and aliases are refused outright, so an alias bomb is rejected before it can expand.

Sources are declared with ids per record or per file, and every claim cites the ids it rests
on. The loader resolves each citation and rejects a claim without a source, an id that does not
resolve, and a declared source that no claim cites.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from bot.answer import Source
from bot.errors import KnowledgeError, KnowledgeErrors
from bot.models import (
    Announcement,
    Argument,
    ArgumentTopic,
    Claim,
    EntityKind,
    Event,
    FuzzyDate,
    KnowledgeBase,
    Member,
    MemberStatus,
    Meta,
    Milestone,
    Person,
    Provenance,
    Related,
    Side,
    Signatory,
    Signing,
    Topic,
)
from bot.normalize import normalize
from bot.schema import (
    DATE_PATTERN,
    META,
    SECTIONS,
    SLUG_PATTERN,
    SOURCES,
    TEXT_CLAIM,
    FieldSpec,
    Kind,
    Shape,
)

MAX_FILE_BYTES = 2_000_000
# The name a record's own claim takes when the whole record states one thing.
_RECORD_CLAIM = {
    "people": "description",
    "events": "event",
    "topics": "answer",
    "arguments": "argument",
}
_SLUG = re.compile(SLUG_PATTERN)
_DATE = re.compile(DATE_PATTERN)
_TAG_NAMES = {
    "tag:yaml.org,2002:bool": "a true/false value",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "an empty value",
    "tag:yaml.org,2002:timestamp": "a date object",
}


_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _NodeLoader(_BaseLoader):  # type: ignore[valid-type,misc]  # libyaml when available
    """A private loader: used only to compose nodes, never to construct objects."""


@dataclass
class _Located:
    """A checked value with the place it came from."""

    value: Any
    path: str
    line: int
    column: int


@dataclass
class _Checker:
    """Collects problems for one load."""

    errors: list[KnowledgeError] = field(default_factory=list)

    def fail(self, path: str, node: yaml.Node | None, problem: str) -> None:
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        self.errors.append(KnowledgeError(path, line, col, problem))


def _display(path: Path, root: Path) -> str:
    try:
        return str(Path(root.name) / path.relative_to(root))
    except ValueError:
        return str(path)


def _compose(path: Path, shown: str, check: _Checker) -> yaml.Node | None:
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


class _Walker:
    """Checks one file's nodes against the shapes."""

    def __init__(self, shown: str, check: _Checker) -> None:
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
            assert spec.shape is not None
            if spec.shape is TEXT_CLAIM and isinstance(node, yaml.ScalarNode):
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
            return self.mapping(node, spec.shape, what)
        text = self.scalar_text(node, what)
        if text is None:
            return None
        if spec.kind in (Kind.SLUG, Kind.REF, Kind.CITE):
            if not _SLUG.match(text):
                self.check.fail(
                    self.path, node, f"{what}: {text!r} is not an id (lower-case a-z, 0-9, '-')"
                )
                return None
            return _Located(text, self.path, node.start_mark.line + 1, node.start_mark.column + 1)
        if spec.kind is Kind.ENUM:
            if text not in spec.choices:
                self.check.fail(
                    self.path,
                    node,
                    f"{what}: unknown value {text!r}; expected one of {', '.join(spec.choices)}",
                )
                return None
            return text
        if spec.kind is Kind.DATE:
            parsed = _parse_date(text)
            if parsed is None:
                self.check.fail(
                    self.path,
                    node,
                    f'{what}: {text!r} is not a date; write "YYYY-MM-DD", "YYYY-MM" or '
                    f'"YYYY" (prefix ~ if approximate)',
                )
            return parsed
        if spec.kind is Kind.URL:
            parts = urlsplit(text)
            if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
                self.check.fail(self.path, node, f"{what}: {text!r} is not an http(s) URL")
                return None
            return text
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
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.check.fail(self.path, key_node, f"{what}: field names must be text")
                continue
            if key in seen:
                self.check.fail(self.path, key_node, f"{what}: field {key!r} appears twice")
                continue
            seen.add(key)
            spec = shape.fields.get(key)
            if spec is None:
                known = ", ".join(shape.fields)
                self.check.fail(
                    self.path, key_node, f"{what}: unknown field {key!r} (known: {known})"
                )
                continue
            checked = self.field_value(value_node, spec, f"{what}.{key}")
            nested = checked if isinstance(checked, list) else [checked]
            if any(isinstance(x, dict) and x.get("__invalid__") for x in nested):
                out["__invalid__"] = True
            if checked is not None:
                out[key] = checked
            elif spec.required:
                out["__invalid__"] = True
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
class _Raw:
    """Checked sections from all files, before cross-file checks."""

    meta: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    sections: dict[str, list[tuple[str, dict[str, Any]]]] = field(
        default_factory=lambda: {name: [] for name in SECTIONS}
    )
    file_sources: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _walk_file(node: yaml.Node, shown: str, check: _Checker, raw: _Raw) -> None:
    walker = _Walker(shown, check)
    if not isinstance(node, yaml.MappingNode):
        check.fail(shown, node, "a fact file must be a mapping of sections (meta, members, …)")
        return
    for key_node, value_node in node.value:
        key = key_node.value
        if key == "meta":
            meta = walker.mapping(value_node, META, "meta")
            if meta is not None:
                raw.meta.append((shown, meta))
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
            known = ", ".join(["meta", "sources", *SECTIONS])
            check.fail(shown, key_node, f"unknown section {key!r} (known: {known})")
            continue
        if not isinstance(value_node, yaml.SequenceNode):
            check.fail(shown, value_node, f"{key}: expected a list of {shape.name} entries")
            continue
        for i, item in enumerate(value_node.value):
            checked = walker.mapping(item, shape, f"{key}[{i}]")
            if checked is not None and not checked.get("__invalid__"):
                raw.sections[key].append((shown, checked))


def _prov(path: str, item: dict[str, Any]) -> Provenance:
    return Provenance(
        sources=item.get("__union__", ()),
        verified_on=item["verified_on"],
        file=path,
        line=item["__line__"],
    )


@dataclass
class _Declared:
    """A declared source, with where it was declared and whether any claim cites it."""

    source: Source | None  # None when the entry itself is broken (already reported)
    located: _Located
    used: bool = False


def _walk_claims(value: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (field, claim) for every claim inside a checked record, in file order."""
    if isinstance(value, dict):
        shape = value.get("__shape__")
        if isinstance(shape, Shape) and shape.claim:
            yield where, value
        for key, sub in value.items():
            if key.startswith("__") or key in ("sources", "cite", "caveats"):
                continue
            yield from _walk_claims(sub, f"{where}.{key}" if where else key)
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _walk_claims(sub, f"{where}[{i}]")


def _walk_caveats(value: Any) -> Iterator[str]:
    """Yield every caveat of a checked record, its claims' included, in file order."""
    if isinstance(value, dict):
        for key, sub in value.items():
            if key == "caveats" and isinstance(sub, list):
                yield from (c for c in sub if isinstance(c, str))
            elif not key.startswith("__") and key not in ("sources", "cite"):
                yield from _walk_caveats(sub)
    elif isinstance(value, list):
        for sub in value:
            yield from _walk_caveats(sub)


def _declare(
    entries: list[dict[str, Any]],
    path: str,
    check: _Checker,
    outer: dict[str, _Declared],
    where: str,
) -> dict[str, _Declared]:
    """Build one scope of declared sources; report missing and duplicate ids and URLs."""
    scope: dict[str, _Declared] = {}
    by_url: dict[str, str] = {}
    for entry in entries:
        loc: _Located | None = entry.get("id")
        if loc is None:
            check.fail(path, entry["__node__"], f"{where}: a source needs an id that claims cite")
            continue
        if loc.value in scope or loc.value in outer:
            first = (scope.get(loc.value) or outer[loc.value]).located
            check.errors.append(
                KnowledgeError(
                    path,
                    loc.line,
                    loc.column,
                    f"{where}: source id {loc.value!r} is already declared at line {first.line}",
                )
            )
            continue
        if "title" not in entry or "url" not in entry:
            scope[loc.value] = _Declared(None, loc)
            continue
        url = entry["url"]
        if url in by_url:
            check.errors.append(
                KnowledgeError(
                    path,
                    loc.line,
                    loc.column,
                    f"{where}: {url} is already declared as {by_url[url]!r}; cite that id",
                )
            )
        by_url.setdefault(url, loc.value)
        scope[loc.value] = _Declared(Source(entry["title"], url), loc)
    return scope


def _unused(scope: dict[str, _Declared], check: _Checker) -> None:
    for decl in scope.values():
        if not decl.used:
            loc = decl.located
            check.errors.append(
                KnowledgeError(
                    loc.path,
                    loc.line,
                    loc.column,
                    f"source {loc.value!r} is declared but no claim cites it",
                )
            )


def _cite_record(
    section: str,
    path: str,
    item: dict[str, Any],
    file_scope: dict[str, _Declared],
    check: _Checker,
) -> None:
    """Resolve the citations of one record's claims; store the sources beside each claim."""
    declared = item.get("sources", [])
    claims = list(_walk_claims(item, ""))
    item["__claims__"] = claims
    item["__caveats__"] = tuple(_walk_caveats(item))
    label = f"{section} {item['id']!r}"
    scope = _declare(declared, path, check, file_scope, f"{label} sources")
    union: list[Source] = []
    for where, claim in claims:
        what = f"{label} {where or _RECORD_CLAIM[section]}"
        if claim.get("__bare__"):
            check.fail(
                path,
                claim["__node__"],
                f'{what}: a claim must cite its sources; write {{text: "...", cite: [id, ...]}}',
            )
        elif "cite" not in claim:
            check.fail(path, claim["__node__"], f"{what}: claim has no source; add cite: [id, ...]")
        resolved: list[Source] = []
        ids: list[str] = []
        for ref in claim.get("cite", []):
            decl = scope.get(ref.value) or file_scope.get(ref.value)
            if decl is None:
                check.errors.append(
                    KnowledgeError(
                        ref.path,
                        ref.line,
                        ref.column,
                        f"{what}: unknown source id {ref.value!r} (not declared in the record's "
                        "or the file's sources)",
                    )
                )
                continue
            if ref.value in ids:
                check.errors.append(
                    KnowledgeError(
                        ref.path, ref.line, ref.column, f"{what}: cites {ref.value!r} twice"
                    )
                )
                continue
            decl.used = True
            ids.append(ref.value)
            if decl.source is not None:
                resolved.append(decl.source)
                if decl.source not in union:
                    union.append(decl.source)
        claim["__sources__"] = tuple(resolved)
        claim["__ids__"] = tuple(ids)
    item["__union__"] = tuple(union)
    _unused(scope, check)


def _cite_all(raw: _Raw, check: _Checker) -> None:
    """Resolve every citation of every record against its record's and its file's sources."""
    broken = {e.path for e in check.errors}
    scopes: dict[str, dict[str, _Declared]] = {
        path: _declare(entries, path, check, {}, "sources")
        for path, entries in raw.file_sources.items()
    }
    for section, items in raw.sections.items():
        for path, item in items:
            _cite_record(section, path, item, scopes.get(path, {}), check)
    for path, scope in scopes.items():
        # A record dropped for another error may be the one that cites a file's source.
        if path not in broken:
            _unused(scope, check)


def _sources(claim: dict[str, Any] | None) -> tuple[Source, ...]:
    if not claim:
        return ()
    found: tuple[Source, ...] = claim.get("__sources__", ())
    return found


def _text_of(claim: dict[str, Any] | None) -> str:
    return str(claim["text"]) if claim else ""


def _claims(item: dict[str, Any], section: str) -> tuple[Claim, ...]:
    return tuple(
        Claim(
            fact_id=item["id"],
            field=where or _RECORD_CLAIM[section],
            sources=_sources(claim),
            source_ids=claim.get("__ids__", ()),
            caveats=tuple(claim.get("caveats", [])),
            line=claim["__line__"],
        )
        for where, claim in item["__claims__"]
    )


def _union(groups: Iterator[tuple[Source, ...]]) -> tuple[Source, ...]:
    out: list[Source] = []
    for group in groups:
        out.extend(s for s in group if s not in out)
    return tuple(out)


def _ids(values: list[_Located] | None) -> tuple[str, ...]:
    return tuple(v.value for v in values or [])


def _iter_files(root: Path) -> Iterator[Path]:
    yield from sorted(p for p in root.glob("*.yaml") if p.is_file())
    yield from sorted(p for p in root.glob("*.yml") if p.is_file())


def load_knowledge(root: Path) -> KnowledgeBase:
    """Load every fact file under `root`; raise KnowledgeErrors listing all problems."""
    check = _Checker()
    root = Path(root)
    if not root.is_dir():
        raise KnowledgeErrors([KnowledgeError(str(root), 1, 1, "not a directory")])
    raw = _Raw()
    digest = hashlib.sha256()
    files = list(_iter_files(root))
    if not files:
        raise KnowledgeErrors([KnowledgeError(str(root), 1, 1, "no *.yaml fact files found")])
    for path in files:
        shown = _display(path, root)
        digest.update(path.name.encode() + b"\0")
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())
        node = _compose(path, shown, check)
        if node is not None:
            _walk_file(node, shown, check, raw)
    from bot.lang_loader import iter_language_files, load_languages  # it reuses this module

    for path in iter_language_files(root):
        digest.update(path.name.encode() + b"\0")
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())
    kb = _assemble(raw, check, digest.hexdigest()[:12], tuple(p.name for p in files))
    # Language files are checked even when a fact file is broken: every problem at once.
    languages = load_languages(root, _record_names(kb) if kb is not None else None, check)
    if kb is not None:
        kb = replace(kb, languages=languages)
    if check.errors or kb is None:
        raise KnowledgeErrors(check.errors)
    return kb


def _record_names(kb: KnowledgeBase) -> dict[str, frozenset[str]]:
    """Return each state's and person's id with the normalised names it is known by."""
    out: dict[str, frozenset[str]] = {}
    records: tuple[Member | Related | Person, ...] = (*kb.members, *kb.related, *kb.people)
    for rec in records:
        out[rec.id] = frozenset(normalize(n) for n in (rec.name, *rec.aliases))
    return out


def _assemble(
    raw: _Raw, check: _Checker, content_hash: str, files: tuple[str, ...]
) -> KnowledgeBase | None:
    if not raw.meta:
        if check.errors:  # a broken file may hold the meta section; say nothing extra
            return None
        check.errors.append(
            KnowledgeError(
                files[0] if files else "knowledge", 1, 1, "no 'meta' section in any fact file"
            )
        )
        return None
    for path, extra in raw.meta[1:]:
        check.fail(path, extra["__node__"], "'meta' appears more than once")
    _meta_path, m = raw.meta[0]
    if m.get("__invalid__"):
        return None
    meta = Meta(
        as_of=m["as_of"],
        coverage=m["coverage"],
        report_hint=m["report_hint"],
        about=m.get("about", ""),
        lookalikes=tuple((x["phrase"], x["reason"]) for x in m.get("lookalikes", ())),
    )

    # Unique ids across every section and file.
    owners: dict[str, tuple[str, int]] = {}
    for section, items in raw.sections.items():
        for path, item in items:
            located: _Located = item["id"]
            if located.value in owners:
                other_path, other_line = owners[located.value]
                check.errors.append(
                    KnowledgeError(
                        path,
                        located.line,
                        located.column,
                        f"duplicate id {located.value!r} ({section}); first defined at "
                        f"{other_path}:{other_line}",
                    )
                )
            else:
                owners[located.value] = (path, located.line)
            item["id"] = located.value

    _cite_all(raw, check)

    people_ids = {item["id"] for _, item in raw.sections["people"]}
    entity_ids = (
        people_ids
        | {item["id"] for _, item in raw.sections["members"]}
        | {item["id"] for _, item in raw.sections["related"]}
    )

    def _refs(values: list[_Located] | None, allowed: set[str], what: str) -> None:
        for ref in values or []:
            if ref.value not in allowed:
                kinds = "person" if what.endswith("person") else "member, related entry or person"
                check.errors.append(
                    KnowledgeError(
                        ref.path,
                        ref.line,
                        ref.column,
                        f"{what}: unknown id {ref.value!r} (no {kinds} has it)",
                    )
                )

    # Aliases: one alias belongs to one entity (names count as aliases).
    alias_owner: dict[str, tuple[str, str, int]] = {}
    for section in ("members", "related", "people"):
        for path, item in raw.sections[section]:
            for alias in [item["name"], *item.get("aliases", [])]:
                key = normalize(alias)
                if not key:
                    continue
                owner = alias_owner.get(key)
                if owner and owner[0] != item["id"]:
                    check.errors.append(
                        KnowledgeError(
                            path,
                            item["__line__"],
                            1,
                            f"alias {alias!r} of {item['id']!r} is already claimed by {owner[0]!r} "
                            f"({owner[1]}:{owner[2]})",
                        )
                    )
                else:
                    alias_owner[key] = (item["id"], path, item["__line__"])

    members = []
    for path, item in raw.sections["members"]:
        signed = item.get("signed")
        signing = None
        if signed:
            sigs = []
            for s in signed.get("signatories", []):
                person = s.get("person")
                if person is not None:
                    _refs([person], people_ids, "signed.signatories.person")
                sigs.append(
                    Signatory(s["name"], s["role"], person.value if person else None, _sources(s))
                )
            detail = signed.get("detail")
            signing = Signing(
                date=signed["date"],
                place=signed["place"],
                documents=tuple(signed.get("documents", [])),
                signatories=tuple(sigs),
                detail=_text_of(detail),
                sources=_sources(signed),
                signatory_sources=_union(s.sources for s in sigs),
                detail_sources=_sources(detail),
            )
        announced = item["announced"]
        members.append(
            Member(
                id=item["id"],
                name=item["name"],
                short_name=item.get("short_name", item["name"]),
                aliases=tuple(item.get("aliases", [])),
                status=MemberStatus(item["status"]),
                status_detail=_text_of(item["status_detail"]),
                announced=Announcement(announced["date"], announced["detail"], _sources(announced)),
                signed=signing,
                ratification=_text_of(item.get("ratification")),
                offered=_text_of(item.get("offered")),
                milestones=tuple(
                    sorted(
                        (
                            Milestone(x["date"], x["text"], _sources(x))
                            for x in item.get("milestones", [])
                        ),
                        key=lambda ms: ms.date.sort_key(),
                    )
                ),
                caveats=item["__caveats__"],
                provenance=_prov(path, item),
                status_detail_sources=_sources(item["status_detail"]),
                ratification_sources=_sources(item.get("ratification")),
                offered_sources=_sources(item.get("offered")),
                claims=_claims(item, "members"),
            )
        )
    related = [
        Related(
            id=item["id"],
            name=item["name"],
            aliases=tuple(item.get("aliases", [])),
            kind=EntityKind(item["kind"]),
            status=MemberStatus(item["status"]),
            summary=_text_of(item["summary"]),
            why_not=_text_of(item["why_not"]),
            caveats=item["__caveats__"],
            provenance=_prov(path, item),
            summary_sources=_sources(item["summary"]),
            why_not_sources=_sources(item["why_not"]),
            claims=_claims(item, "related"),
        )
        for path, item in raw.sections["related"]
    ]
    people = [
        Person(
            id=item["id"],
            name=item["name"],
            aliases=tuple(item.get("aliases", [])),
            role=item["role"],
            summary=item["summary"],
            caveats=item["__caveats__"],
            provenance=_prov(path, item),
            claims=_claims(item, "people"),
        )
        for path, item in raw.sections["people"]
    ]
    events = []
    for path, item in raw.sections["events"]:
        _refs(item.get("about"), entity_ids, "events.about")
        events.append(
            Event(
                id=item["id"],
                date=item["date"],
                text=item["text"],
                about=_ids(item.get("about")),
                caveats=item["__caveats__"],
                provenance=_prov(path, item),
                claims=_claims(item, "events"),
            )
        )
    events.sort(key=lambda e: e.date.sort_key())
    topics = []
    for path, item in raw.sections["topics"]:
        _refs(item.get("about"), entity_ids, "topics.about")
        topics.append(
            Topic(
                id=item["id"],
                title=item["title"],
                questions=tuple(item["questions"]),
                answer=item["answer"],
                about=_ids(item.get("about")),
                caveats=item["__caveats__"],
                provenance=_prov(path, item),
                claims=_claims(item, "topics"),
            )
        )
    arguments = [
        Argument(
            id=item["id"],
            side=Side(item["side"]),
            topics=tuple(ArgumentTopic(t) for t in item["topics"]),
            who=item["who"],
            claim=item["claim"],
            caveats=item["__caveats__"],
            provenance=_prov(path, item),
            claims=_claims(item, "arguments"),
        )
        for path, item in raw.sections["arguments"]
    ]
    if check.errors:
        return None
    return KnowledgeBase(
        meta=meta,
        members=tuple(members),
        related=tuple(related),
        people=tuple(people),
        events=tuple(events),
        topics=tuple(topics),
        arguments=tuple(arguments),
        content_hash=content_hash,
        files=files,
    )
