"""Sources and citations: every claim cites declared source ids, and every id resolves.

Sources are declared with ids per record or per file. Resolving them rejects a claim without a
source, an id that does not resolve, an id or URL declared twice, and a declared source that no
claim cites. The resolved sources are stored beside each claim for the records to take.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bot.answer import Source
from bot.errors import KnowledgeError
from bot.knowledge.nodes import Checker, Located
from bot.knowledge.schema import Shape
from bot.knowledge.shapes import Raw

# The name a record's own claim takes when the whole record states one thing.
RECORD_CLAIM = {
    "people": "description",
    "events": "event",
    "topics": "answer",
    "arguments": "argument",
    "findings": "finding",
}


@dataclass
class _Declared:
    """A declared source, with where it was declared and whether any claim cites it."""

    source: Source | None  # None when the entry itself is broken (already reported)
    located: Located
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
    check: Checker,
    outer: dict[str, _Declared],
    where: str,
) -> dict[str, _Declared]:
    """Build one scope of declared sources; report missing and duplicate ids and URLs."""
    scope: dict[str, _Declared] = {}
    by_url: dict[str, str] = {}
    for entry in entries:
        loc: Located | None = entry.get("id")
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


def _unused(scope: dict[str, _Declared], check: Checker) -> None:
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
    check: Checker,
    *,
    whole: bool = True,
) -> None:
    """Resolve the citations of one record's claims; store the sources beside each claim.

    A record that is not `whole` (a mistake dropped part of it) may have lost the claim that
    cites a source, so its sources are not reported unused: that would be a knock-on line.
    """
    declared = item.get("sources", [])
    claims = list(_walk_claims(item, ""))
    item["__claims__"] = claims
    item["__caveats__"] = tuple(_walk_caveats(item))
    ident = item.get("id")
    label = f"{section} {ident!r}" if isinstance(ident, str) else f"{section} entry"
    scope = _declare(declared, path, check, file_scope, f"{label} sources")
    union: list[Source] = []
    for where, claim in claims:
        what = f"{label} {where or RECORD_CLAIM[section]}"
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
    if whole:
        _unused(scope, check)


def _whole(path: str, item: dict[str, Any], errors: list[KnowledgeError]) -> bool:
    """Return True when no problem was found inside the record (its lines in its file)."""
    node = item["__node__"]
    first, last = node.start_mark.line + 1, node.end_mark.line + 1
    return not any(e.path == path and first <= e.line <= last for e in errors)


def cite_all(raw: Raw, check: Checker) -> None:
    """Resolve every citation of every record, the ones with a mistake included, against its
    record's and its file's sources."""
    found = list(check.errors)
    scopes: dict[str, dict[str, _Declared]] = {
        path: _declare(entries, path, check, {}, "sources")
        for path, entries in raw.file_sources.items()
    }
    records = [(s, p, i) for s, items in raw.sections.items() for p, i in items]
    for section, path, item in [*records, *raw.invalid]:
        whole = _whole(path, item, found)
        _cite_record(section, path, item, scopes.get(path, {}), check, whole=whole)
    # A source cited only from a part a mistake dropped would look unused: not reported then.
    partial = {e.path for e in found}
    for path, scope in scopes.items():
        if path not in partial:
            _unused(scope, check)
