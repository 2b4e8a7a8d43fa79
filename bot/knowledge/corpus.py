"""The labelled question corpus: `knowledge/corpus/*.yaml` read into typed, checked entries.

The fact base is the vocabulary of answers; this corpus is the vocabulary of questions. Each
entry is a question as people type it and its reading: the kinds it asks (a closed list), the
records it names, its time and operator, and for an off-topic question why it is off-topic.
The reader's model is learned from it (`accords-bot learn`); nothing here answers anything.
Every problem is a `KnowledgeError` at its file, line and column, all reported at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import yaml

from bot.errors import KnowledgeErrors
from bot.knowledge.nodes import Checker, compose, display
from bot.knowledge.schema import ACCORDS_ID

CORPUS_FOLDER = "corpus"
LANGUAGES = frozenset({"en", "ar", "he", "ru", "kk", "fr", "es", "de"})
ORIGINS = frozenset({"written", "real", "template"})
OPERATORS = frozenset({"yesno", "first", "last", "order", "compare", "each"})


class QuestionKind(StrEnum):
    """What a question asks for: the closed list the corpus is labelled with."""

    MEMBERS = "members"
    MEMBERSHIP = "membership"
    DATE = "date"
    PLACE = "place"
    SIGNATORIES = "signatories"
    COUNT = "count"
    TEXTS = "texts"
    GAINS = "gains"
    REASONS = "reasons"
    SIGNIFICANCE = "significance"
    EFFECTS = "effects"
    PROSPECTS = "prospects"
    REACTIONS = "reactions"
    DEBATE = "debate"
    PERSON = "person"
    BACKGROUND = "background"
    DEFINITION = "definition"
    STATUS = "status"
    EVENTS = "events"
    OFFTOPIC = "offtopic"


class OfftopicReason(StrEnum):
    """Why a question is off-topic."""

    NEAR_MISS = "near_miss"
    UNRELATED = "unrelated"
    PROPHECY = "prophecy"
    PERSONAL = "personal"
    INJECTION = "injection"


@dataclass(frozen=True, slots=True)
class LabelledQuestion:
    """One question as typed, with its reading."""

    q: str
    kinds: tuple[QuestionKind, ...]
    subjects: tuple[str, ...]
    language: str
    origin: str
    where: str
    time: str = ""
    operator: str = ""
    offtopic: OfftopicReason | None = None

    @property
    def kind(self) -> QuestionKind:
        """Return the main kind asked (the first listed)."""
        return self.kinds[0]


_ENTRY_FIELDS = frozenset({"q", "kinds", "subjects", "time", "operator", "offtopic"})


def corpus_files(root: Path) -> list[Path]:
    """Return the corpus files under the fact folder `root`, in name order."""
    folder = Path(root) / CORPUS_FOLDER
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


def corpus_digest(root: Path) -> str:
    """Return a hash of the corpus files' names and bytes: the model is built from these."""
    digest = hashlib.sha256()
    for path in corpus_files(root):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def load_corpus(
    root: Path, record_ids: frozenset[str] | None = None
) -> tuple[LabelledQuestion, ...]:
    """Read every corpus file under `root`; raise KnowledgeErrors listing all problems.

    With `record_ids`, every subject must name one of them (or `accords`, the accords whole).
    """
    check = Checker()
    entries: list[LabelledQuestion] = []
    for path in corpus_files(root):
        shown = display(path, Path(root))
        node = compose(path, shown, check)
        if node is not None:
            entries.extend(_file(node, shown, check, record_ids))
    if check.errors:
        raise KnowledgeErrors(check.errors)
    return tuple(entries)


def _mapping(node: yaml.Node) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _repeated_keys(node: yaml.Node) -> list[yaml.ScalarNode]:
    """Return each key a mapping gives again after its first ({q: …, operator: a, operator: b}):
    YAML keeps the last silently, so a label would be lost without a word."""
    if not isinstance(node, yaml.MappingNode):
        return []
    seen: set[str] = set()
    again = []
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            if key.value in seen:
                again.append(key)
            seen.add(key.value)
    return again


def _scalar(node: yaml.Node | None) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
        return str(node.value)
    return None


def _file(
    node: yaml.Node, shown: str, check: Checker, record_ids: frozenset[str] | None
) -> Iterator[LabelledQuestion]:
    top = _mapping(node)
    if not top:
        check.fail(shown, node, "a corpus file is a mapping with language, origin and entries")
        return
    language = _header(top, "language", LANGUAGES, shown, check, node)
    origin = _header(top, "origin", ORIGINS, shown, check, node)
    for key in set(top) - {"language", "origin", "entries"}:
        check.fail(shown, top[key][0], f"unknown key {key!r} (language, origin, entries)")
    listing = top.get("entries", (None, None))[1]
    if not isinstance(listing, yaml.SequenceNode) or not listing.value:
        check.fail(shown, listing or node, "entries: a non-empty list of questions is required")
        return
    for item in listing.value:
        entry = _entry(item, shown, check, record_ids)
        if entry is not None and language and origin:
            q, kinds, subjects, extra = entry
            where = f"{shown}:{item.start_mark.line + 1}"
            yield LabelledQuestion(
                q,
                kinds,
                subjects,
                language,
                origin,
                where,
                time=extra.time,
                operator=extra.operator,
                offtopic=extra.offtopic,
            )


def _header(
    top: dict[str, tuple[yaml.Node, yaml.Node]],
    key: str,
    allowed: frozenset[str],
    shown: str,
    check: Checker,
    node: yaml.Node,
) -> str:
    value = _scalar(top[key][1]) if key in top else None
    if value not in allowed:
        where = top[key][1] if key in top else node
        check.fail(shown, where, f"{key}: one of {', '.join(sorted(allowed))}")
        return ""
    return value or ""


@dataclass(frozen=True, slots=True)
class _Extra:
    time: str = ""
    operator: str = ""
    offtopic: OfftopicReason | None = None


_Entry = tuple[str, tuple[QuestionKind, ...], tuple[str, ...], _Extra]


def _entry(
    item: yaml.Node, shown: str, check: Checker, record_ids: frozenset[str] | None
) -> _Entry | None:
    fields = _mapping(item)
    if not fields:
        check.fail(shown, item, "an entry is a mapping with q and kinds")
        return None
    before = len(check.errors)
    for key_node in _repeated_keys(item):
        check.fail(shown, key_node, f"{key_node.value!r} is given twice: only the last would count")
    for key in set(fields) - _ENTRY_FIELDS:
        check.fail(
            shown, fields[key][0], f"unknown field {key!r} ({', '.join(sorted(_ENTRY_FIELDS))})"
        )
    q = _scalar(fields.get("q", (None, None))[1])
    if not q or not q.strip():
        check.fail(shown, item, "q: the question as typed (text) is required")
    kinds = _kinds(fields, shown, check, item)
    subjects = _subjects(fields, shown, check, record_ids)
    extra = _extra(fields, kinds, shown, check, item)
    if len(check.errors) > before or q is None:
        return None
    return q, kinds, subjects, extra


def _strings(node: yaml.Node | None) -> list[tuple[yaml.Node, str | None]]:
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [(n, _scalar(n)) for n in node.value]


def _kinds(
    fields: dict[str, tuple[yaml.Node, yaml.Node]], shown: str, check: Checker, item: yaml.Node
) -> tuple[QuestionKind, ...]:
    listed = _strings(fields.get("kinds", (None, None))[1])
    if not listed:
        check.fail(shown, item, "kinds: a non-empty list of question kinds is required")
        return ()
    kinds: list[QuestionKind] = []
    for node, value in listed:
        if value is None or value not in QuestionKind.__members__.values():
            check.fail(shown, node, f"kinds: unknown kind {value!r}")
        elif QuestionKind(value) not in kinds:
            kinds.append(QuestionKind(value))
    if QuestionKind.OFFTOPIC in kinds and len(kinds) > 1:
        check.fail(shown, item, "kinds: offtopic stands alone")
    return tuple(kinds)


def _subjects(
    fields: dict[str, tuple[yaml.Node, yaml.Node]],
    shown: str,
    check: Checker,
    record_ids: frozenset[str] | None,
) -> tuple[str, ...]:
    if "subjects" not in fields:
        return ()
    listed = _strings(fields["subjects"][1])
    if not listed:
        check.fail(shown, fields["subjects"][1], "subjects: a list of record ids")
    known = None if record_ids is None else record_ids | {ACCORDS_ID}
    for node, value in listed:
        if value is None or (known is not None and value not in known):
            check.fail(shown, node, f"subjects: {value!r} names no record of the fact base")
    return tuple(dict.fromkeys(v for _, v in listed if v))


def _extra(
    fields: dict[str, tuple[yaml.Node, yaml.Node]],
    kinds: tuple[QuestionKind, ...],
    shown: str,
    check: Checker,
    item: yaml.Node,
) -> _Extra:
    text = {key: _text_field(fields, key, shown, check) for key in ("time", "operator")}
    if text["operator"] and text["operator"] not in OPERATORS:
        check.fail(shown, fields["operator"][1], f"operator: one of {', '.join(sorted(OPERATORS))}")
    return _Extra(text["time"], text["operator"], _reason(fields, kinds, shown, check, item))


def _text_field(
    fields: dict[str, tuple[yaml.Node, yaml.Node]], key: str, shown: str, check: Checker
) -> str:
    if key not in fields:
        return ""
    value = _scalar(fields[key][1])
    if not value:
        check.fail(shown, fields[key][1], f"{key}: text")
    return value or ""


def _reason(
    fields: dict[str, tuple[yaml.Node, yaml.Node]],
    kinds: tuple[QuestionKind, ...],
    shown: str,
    check: Checker,
    item: yaml.Node,
) -> OfftopicReason | None:
    """Return why an off-topic question is off-topic; only those say so, and all of them."""
    reason = _text_field(fields, "offtopic", shown, check)
    offtopic = kinds == (QuestionKind.OFFTOPIC,)
    if reason and not offtopic:
        check.fail(shown, fields["offtopic"][0], "offtopic: only for kinds: [offtopic]")
        return None
    if not offtopic:
        return None
    if reason not in OfftopicReason.__members__.values():
        where = fields["offtopic"][1] if "offtopic" in fields else item
        check.fail(shown, where, f"offtopic: one of {', '.join(r.value for r in OfftopicReason)}")
        return None
    return OfftopicReason(reason)
