"""Texts that still state a status a member no longer has: the consistency part of `check`.

A member's status lives in one place, its record's `status`, but sentences all over the base
state it again in words: "no signing is on record" in a topic, "announced entry" in meta, "not
signed" in a timeline caveat. `checks/status-phrases.yaml` lists, per status, the words that
state it; this module finds them in every text of a loaded base (claims, caveats, topics,
findings, meta, the language files' texts), attributes each to the member it speaks of, and
returns those whose member now has another status, each at the file, line and column where it
is written. It reads only the phrase file and the fact files it points into.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.errors import KnowledgeErrors
from bot.knowledge.models import (
    MEMBER_STATUSES,
    Argument,
    Event,
    Finding,
    KnowledgeBase,
    Member,
    MemberStatus,
    Person,
    Related,
    Topic,
)
from bot.knowledge.nodes import Checker, compose, display

PHRASES_FILE = Path("checks") / "status-phrases.yaml"

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True, slots=True)
class Stated:
    """One text of the base: where it is written, whose it is, and its words."""

    file: str
    line: int
    owners: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class StaleStatement:
    """A phrase stating `stated` about `member`, whose status is now `status`."""

    file: str
    line: int
    column: int
    member: str
    status: MemberStatus
    stated: MemberStatus
    phrase: str

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}:{self.column}: warning: {self.member!r} is now "
            f"{self.status.label.lower()!r}, but this still says {self.phrase!r} "
            f"({self.stated.label.lower()})"
        )


def load_status_phrases(root: Path) -> dict[MemberStatus, tuple[str, ...]]:
    """Read the phrases per member status; raise KnowledgeErrors at FILE:LINE:COL if broken."""
    path = root / PHRASES_FILE
    check = Checker()
    shown = display(path, root)
    node = compose(path, shown, check)
    out: dict[MemberStatus, tuple[str, ...]] = {}
    if node is not None:
        out = _read_phrases(node, shown, check)
    if check.errors:
        raise KnowledgeErrors(check.errors)
    return out


def _read_phrases(
    node: yaml.Node, shown: str, check: Checker
) -> dict[MemberStatus, tuple[str, ...]]:
    statuses = _mapping_value(node, "statuses", shown, check)
    if statuses is None:
        return {}
    out: dict[MemberStatus, tuple[str, ...]] = {}
    choices = {s.value: s for s in MEMBER_STATUSES}
    for key, value in statuses.value:
        status = choices.get(key.value)
        if status is None:
            known = ", ".join(sorted(choices))
            check.fail(shown, key, f"statuses: unknown member status {key.value!r} ({known})")
            continue
        out[status] = tuple(_phrases(value, f"statuses.{key.value}", shown, check))
    return out


def _mapping_value(node: yaml.Node, name: str, shown: str, check: Checker) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == name and isinstance(value, yaml.MappingNode):
                found: yaml.Node = value
                return found
    check.fail(shown, node, f"expected a mapping '{name}:' of member status to phrases")
    return None


def _phrases(node: yaml.Node, what: str, shown: str, check: Checker) -> Iterator[str]:
    if not isinstance(node, yaml.SequenceNode):
        check.fail(shown, node, f"{what}: expected a list of phrases")
        return
    for item in node.value:
        if isinstance(item, yaml.ScalarNode) and item.tag.endswith(":str") and item.value.strip():
            yield item.value.strip().casefold()
        else:
            check.fail(shown, item, f"{what}: a phrase is quoted, non-empty text")


# --- the texts of a base ----------------------------------------------------------------------


def _member_texts(m: Member) -> Iterator[str]:
    yield m.status_detail
    yield m.announced.detail
    if m.signed is not None:
        yield m.signed.detail
    yield from (m.ratification, m.offered, *(x.text for x in m.milestones))


def _record_texts(
    rec: Member | Related | Person | Event | Topic | Argument | Finding,
) -> Iterator[str]:
    if isinstance(rec, Member):
        yield from _member_texts(rec)
    elif isinstance(rec, Related):
        yield from (rec.summary, rec.why_not)
    elif isinstance(rec, Person):
        yield from (rec.role, rec.summary)
    elif isinstance(rec, Event | Finding):
        yield rec.text
    elif isinstance(rec, Topic):
        yield rec.answer
    else:
        yield rec.claim
    yield from rec.caveats


def _owners(
    rec: Member | Related | Person | Event | Topic | Argument | Finding, members: set[str]
) -> tuple[str, ...]:
    if isinstance(rec, Member):
        return (rec.id,)
    if isinstance(rec, Event | Topic | Finding):
        return tuple(a for a in rec.about if a in members)
    if isinstance(rec, Argument):
        return tuple(t.value for t in rec.topics if t.value in members)
    return ()


def base_texts(kb: KnowledgeBase) -> Iterator[Stated]:
    """Yield every text of `kb` that may state a status: records, findings, meta, languages."""
    members = {m.id for m in kb.members}
    for rec in (*kb.records, *kb.findings):
        owners = _owners(rec, members)
        prov = rec.provenance
        for text in _record_texts(rec):
            if text:
                yield Stated(prov.file, prov.line, owners, text)
    for text in (kb.meta.coverage, kb.meta.about, kb.meta.report_hint):
        if text:
            yield Stated(kb.meta.file, kb.meta.line, (), text)
    for pack in kb.languages:
        for text in pack.texts.values():
            yield Stated(pack.file, 1, (), text)


# --- finding and placing the phrases ----------------------------------------------------------


def _names(kb: KnowledgeBase) -> list[tuple[re.Pattern[str], str]]:
    out = []
    for m in kb.members:
        for name in {m.name, m.short_name, *m.aliases}:
            key = re.escape(name.casefold())
            out.append((re.compile(rf"(?<!\w){key}(?!\w)"), m.id))
    return out


def _speaks_of(
    sentence: str, at: int, names: list[tuple[re.Pattern[str], str]], owners: tuple[str, ...]
) -> str | None:
    """Return the member a phrase at `at` speaks of: the nearest named before it, else the owner."""
    best: tuple[int, str] | None = None
    for pattern, member in names:
        for hit in pattern.finditer(sentence, 0, at):
            if best is None or hit.start() > best[0]:
                best = (hit.start(), member)
    if best is not None:
        return best[1]
    return owners[0] if len(owners) == 1 else None


@dataclass
class _Placer:
    """Finds where a phrase is written in its file, each occurrence used once."""

    root: Path
    files: dict[str, str] = field(default_factory=dict)
    used: set[tuple[str, int]] = field(default_factory=set)

    def place(self, shown: str, line: int, phrase: str) -> tuple[int, int]:
        text = self._text(shown)
        start = _offset_of_line(text, line)
        at = text.find(phrase, start)
        while at >= 0 and (shown, at) in self.used:
            at = text.find(phrase, at + 1)
        if at < 0:
            return line, 1
        self.used.add((shown, at))
        before = text[:at]
        return before.count("\n") + 1, at - (before.rfind("\n") + 1) + 1

    def _text(self, shown: str) -> str:
        if shown not in self.files:
            path = self.root.parent / shown
            try:
                self.files[shown] = path.read_text(encoding="utf-8").casefold()
            except OSError:
                self.files[shown] = ""
        return self.files[shown]


def _offset_of_line(text: str, line: int) -> int:
    at = 0
    for _ in range(max(line - 1, 0)):
        nxt = text.find("\n", at)
        if nxt < 0:
            return at
        at = nxt + 1
    return at


def _with_labels(
    phrases: dict[MemberStatus, tuple[str, ...]], kb: KnowledgeBase
) -> dict[MemberStatus, tuple[str, ...]]:
    """Add each status's label, in English and in every language file, to its phrases."""
    out = {}
    for status in MEMBER_STATUSES:
        labels = [status.label, *(p.labels.get(f"status_{status.value}", "") for p in kb.languages)]
        extra = [label.casefold() for label in labels if label]
        out[status] = tuple(dict.fromkeys((*phrases.get(status, ()), *extra)))
    return out


def stale_statements(
    kb: KnowledgeBase,
    root: Path,
    phrases: dict[MemberStatus, tuple[str, ...]],
    texts: Iterable[Stated] | None = None,
) -> list[StaleStatement]:
    """Return every phrase in `kb` stating a status its member no longer has, in file order."""
    status = {m.id: m.status for m in kb.members}
    names = _names(kb)
    placer = _Placer(root)
    everything = _with_labels(phrases, kb)
    out: list[StaleStatement] = []
    for stated in base_texts(kb) if texts is None else texts:
        for sentence in _SENTENCE.split(stated.text.casefold()):
            for said, phrase, at in _phrase_hits(sentence, everything):
                member = _speaks_of(sentence, at, names, stated.owners)
                if member is None or status[member] is said:
                    continue
                line, col = placer.place(stated.file, stated.line, phrase)
                out.append(
                    StaleStatement(stated.file, line, col, member, status[member], said, phrase)
                )
    return sorted(out, key=lambda s: (s.file, s.line, s.column))


def _phrase_hits(
    sentence: str, phrases: dict[MemberStatus, tuple[str, ...]]
) -> Iterator[tuple[MemberStatus, str, int]]:
    for said, words in phrases.items():
        for phrase in words:
            at = sentence.find(phrase)
            if at >= 0:
                yield said, phrase, at
