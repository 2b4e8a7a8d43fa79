"""What changed in the facts: two fact bases compared record by record and field by field.

`fact_view(kb)` reduces a validated `KnowledgeBase` to what a user can see of it: per record
(keyed by section and id) its title and its visible fields, each with the sources of the claim
it states. Comments, the order of records and of list items, `verified_on`, aliases and the
phrasings that reach a topic are not in the view, so an edit of only those changes nothing.
`compare(old, new)` turns two views into `Change` lines worded for people
("Kazakhstan: status accession announced → in force (signed 12 March 2027, Washington)",
"new: …", "removed: …"), each with its sources; findings are compared like records. A view
round-trips through JSON (`view_to_json` / `view_from_json`), so the previous base can be
compared after a restart.

Pure: no I/O; the words are `bot.wording`'s.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from bot import wording
from bot.answer import Source
from bot.knowledge.models import (
    Argument,
    Event,
    Finding,
    KnowledgeBase,
    Member,
    Person,
    Related,
    Topic,
)
from bot.knowledge.schema import ACCORDS_ID


@dataclass(frozen=True, slots=True)
class FieldView:
    """One visible statement of a record: its label, its text and the sources behind it.

    `short` values (a status, a date and place) are shown as "old → new"; long text is shown
    as it now reads. An `item` belongs to a list whose order does not matter (signatories,
    milestones, caveats): it is added or removed, never "changed".
    """

    label: str
    text: str
    sources: tuple[Source, ...] = ()
    short: bool = False
    item: bool = False


@dataclass(frozen=True, slots=True)
class RecordView:
    """What a user can see of one record: its title, how to name it when new, its fields."""

    title: str
    summary: str
    fields: tuple[tuple[str, FieldView], ...]
    sources: tuple[Source, ...] = ()


FactView = dict[str, RecordView]
"""Record key ("members/kazakhstan") → its view, in the base's section and file order."""


@dataclass(frozen=True, slots=True)
class Change:
    """One line of an announcement and the sources of the claim it is about.

    `record` is the key of the record it is about ("members/kazakhstan"; "" when unknown) and
    `field` the field changed ("" for the whole record, new or removed), so a later change to
    the same field, or to the whole record, can supersede it in /changes.
    """

    text: str
    sources: tuple[Source, ...] = ()
    record: str = ""
    field: str = ""


# --- the view ---------------------------------------------------------------------------------


def _field(
    label: str,
    text: str,
    sources: tuple[Source, ...] = (),
    *,
    short: bool = False,
    item: bool = False,
) -> FieldView:
    return FieldView(label, " ".join(text.split()), sources, short, item)


def _caveats(caveats: tuple[str, ...]) -> Iterator[tuple[str, FieldView]]:
    for text in caveats:
        yield f"caveat:{' '.join(text.split())}", _field(wording.CHANGE_CAVEAT, text, item=True)


def _member(m: Member) -> RecordView:
    fields: list[tuple[str, FieldView]] = [
        ("name", _field(wording.CHANGE_NAME, m.name, short=True)),
        (
            "status",
            _field(wording.CHANGE_STATUS, m.status.label, m.status_detail_sources, short=True),
        ),
        (
            "status_detail",
            _field(wording.CHANGE_STATUS_DETAIL, m.status_detail, m.status_detail_sources),
        ),
        (
            "announced",
            _field(
                wording.CHANGE_ANNOUNCED, m.announced.date.human, m.announced.sources, short=True
            ),
        ),
        (
            "announced.detail",
            _field(wording.CHANGE_ANNOUNCED_DETAIL, m.announced.detail, m.announced.sources),
        ),
    ]
    if m.signed is not None:
        s = m.signed
        where = f"{s.date.human}, {s.place}" if s.place else s.date.human
        fields.append(("signed", _field(wording.CHANGE_SIGNED, where, s.sources, short=True)))
        docs = "; ".join(sorted(s.documents))
        fields.append(("signed.documents", _field(wording.CHANGE_DOCUMENTS, docs, s.sources)))
        if s.detail:
            fields.append(
                ("signed.detail", _field(wording.CHANGE_SIGNED_DETAIL, s.detail, s.detail_sources))
            )
        for who in s.signatories:
            text = f"{who.name}, {who.role}" if who.role else who.name
            fields.append(
                (
                    f"signatory:{who.name}",
                    _field(wording.CHANGE_SIGNATORY, text, who.sources, item=True),
                )
            )
    if m.ratification:
        fields.append(
            (
                "ratification",
                _field(wording.CHANGE_RATIFICATION, m.ratification, m.ratification_sources),
            )
        )
    if m.offered:
        fields.append(("offered", _field(wording.CHANGE_OFFERED, m.offered, m.offered_sources)))
    for ms in m.milestones:
        text = f"{ms.date.human}: {ms.text}"
        fields.append(
            (
                f"milestone:{' '.join(text.split())}",
                _field(wording.CHANGE_MILESTONE, text, ms.sources, item=True),
            )
        )
    fields.extend(_caveats(m.caveats))
    summary = wording.change_new_record(m.name, m.status.label)
    return RecordView(m.name, summary, tuple(fields), m.sources)


def _related(r: Related) -> RecordView:
    fields: list[tuple[str, FieldView]] = [
        ("name", _field(wording.CHANGE_NAME, r.name, short=True)),
        ("status", _field(wording.CHANGE_STATUS, r.status.label, r.summary_sources, short=True)),
        ("summary", _field(wording.CHANGE_SUMMARY, r.summary, r.summary_sources)),
    ]
    if r.why_not:
        fields.append(("why_not", _field(wording.CHANGE_WHY_NOT, r.why_not, r.why_not_sources)))
    fields.extend(_caveats(r.caveats))
    summary = wording.change_new_record(r.name, r.status.label)
    return RecordView(r.name, summary, tuple(fields), r.sources)


def _person(p: Person) -> RecordView:
    fields: list[tuple[str, FieldView]] = [
        ("name", _field(wording.CHANGE_NAME, p.name, short=True)),
        ("role", _field(wording.CHANGE_ROLE, p.role, p.sources)),
        ("summary", _field(wording.CHANGE_SUMMARY, p.summary, p.sources)),
        *_caveats(p.caveats),
    ]
    summary = f"{p.name}, {p.role}" if p.role else p.name
    return RecordView(p.name, summary, tuple(fields), p.sources)


def _event(e: Event) -> RecordView:
    fields: list[tuple[str, FieldView]] = [
        ("date", _field(wording.CHANGE_DATE, e.date.human, e.sources, short=True)),
        ("text", _field(wording.CHANGE_EVENT, e.text, e.sources)),
        *_caveats(e.caveats),
    ]
    title = wording.change_event_title(e.date.human)
    return RecordView(title, f"{title}: {' '.join(e.text.split())}", tuple(fields), e.sources)


def _topic(t: Topic) -> RecordView:
    fields: list[tuple[str, FieldView]] = [
        ("title", _field(wording.CHANGE_TITLE, t.title, short=True)),
        ("answer", _field(wording.CHANGE_ANSWER, t.answer, t.sources)),
        *_caveats(t.caveats),
    ]
    return RecordView(t.title, t.title, tuple(fields), t.sources)


def _argument(a: Argument) -> RecordView:
    title = wording.change_argument_title(a.side.value, a.who)
    fields: list[tuple[str, FieldView]] = [
        ("claim", _field(wording.CHANGE_CLAIM, a.claim, a.sources)),
        (
            "topics",
            _field(
                wording.CHANGE_TOPICS,
                ", ".join(sorted(t.label for t in a.topics)),
                a.sources,
                short=True,
            ),
        ),
        *_caveats(a.caveats),
    ]
    return RecordView(title, f"{title}: {' '.join(a.claim.split())}", tuple(fields), a.sources)


def _finding(f: Finding, names: dict[str, str]) -> RecordView:
    title = wording.change_finding_title(f.kind.value, f.date.human, f.by)
    about = ", ".join(sorted(names.get(i, i) for i in f.about))
    fields: list[tuple[str, FieldView]] = [
        ("text", _field(wording.CHANGE_FINDING, f.text, f.sources)),
        ("date", _field(wording.CHANGE_DATE, f.date.human, f.sources, short=True)),
        ("about", _field(wording.CHANGE_ABOUT, about, f.sources, short=True)),
    ]
    if f.party:
        party = names.get(f.party, f.party)
        fields.append(("party", _field(wording.CHANGE_PARTY, party, f.sources, short=True)))
    if f.side is not None:
        fields.append(("side", _field(wording.CHANGE_SIDE, f.side.value, f.sources, short=True)))
    fields.extend(_caveats(f.caveats))
    return RecordView(title, f"{title}: {' '.join(f.text.split())}", tuple(fields), f.sources)


def fact_view(kb: KnowledgeBase) -> FactView:
    """Return what a user can see of `kb`, record by record, in section and file order."""
    view: FactView = {}
    for m in kb.members:
        view[f"members/{m.id}"] = _member(m)
    for r in kb.related:
        view[f"related/{r.id}"] = _related(r)
    for p in kb.people:
        view[f"people/{p.id}"] = _person(p)
    for e in kb.events:
        view[f"events/{e.id}"] = _event(e)
    for t in kb.topics:
        view[f"topics/{t.id}"] = _topic(t)
    for a in kb.arguments:
        view[f"arguments/{a.id}"] = _argument(a)
    named: tuple[Member | Related | Person, ...] = (*kb.members, *kb.related, *kb.people)
    names = {rec.id: rec.name for rec in named}
    names[ACCORDS_ID] = wording.CHANGE_ACCORDS
    for f in kb.findings:
        view[f"findings/{f.id}"] = _finding(f, names)
    return view


# --- JSON, for the snapshot kept between restarts ---------------------------------------------


def _sources_json(sources: tuple[Source, ...]) -> list[list[str]]:
    return [[s.title, s.url] for s in sources]


def _sources_from(raw: Any) -> tuple[Source, ...]:
    return tuple(Source(str(t), str(u)) for t, u in raw)


def view_to_json(view: FactView) -> str:
    """Serialise a view (deterministically) for the state store."""
    out = {
        key: {
            "title": rec.title,
            "summary": rec.summary,
            "sources": _sources_json(rec.sources),
            "fields": [
                [name, f.label, f.text, _sources_json(f.sources), f.short, f.item]
                for name, f in rec.fields
            ],
        }
        for key, rec in view.items()
    }
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def view_from_json(text: str) -> FactView:
    """Read a view written by `view_to_json`; raise ValueError if it is not one."""
    try:
        raw = json.loads(text)
        return {
            str(key): RecordView(
                str(rec["title"]),
                str(rec["summary"]),
                tuple(
                    (
                        str(name),
                        FieldView(str(label), str(body), _sources_from(src), bool(sh), bool(it)),
                    )
                    for name, label, body, src, sh, it in rec["fields"]
                ),
                _sources_from(rec["sources"]),
            )
            for key, rec in raw.items()
        }
    except (TypeError, KeyError, AttributeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a fact view: {exc}") from exc


# --- the comparison ---------------------------------------------------------------------------


def _merge_sources(*groups: tuple[Source, ...]) -> tuple[Source, ...]:
    return tuple(dict.fromkeys(s for g in groups for s in g))


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+")


def sentences(text: str) -> tuple[str, ...]:
    """Split a text into its sentences (after ".", "!", "?" or "…" and a space)."""
    return tuple(s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip())


def sentence_changes(old: str, new: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the sentences `new` adds to `old` and those it drops, each in its text's order."""
    before, after = sentences(old), sentences(new)
    kept_before, kept_after = set(before), set(after)
    return (
        tuple(s for s in after if s not in kept_before),
        tuple(s for s in before if s not in kept_after),
    )


def _changed(title: str, old: FieldView, new: FieldView) -> str:
    if new.short or new.item:
        return wording.change_changed(title, old, new)
    added, removed = sentence_changes(old.text, new.text)
    if not added and not removed:  # the same sentences, reordered: show the text as it reads
        return wording.change_changed(title, old, new)
    return wording.change_text_edited(title, new.label, added, removed)


def _record_changes(old: RecordView, new: RecordView) -> list[Change]:
    before = dict(old.fields)
    after = dict(new.fields)
    title = new.title
    out: list[Change] = []
    done: set[str] = set()
    status_old, status_new = before.get("status"), after.get("status")
    signed_new = after.get("signed")
    if (
        status_old is not None
        and status_new is not None
        and status_old.text != status_new.text
        and signed_new is not None
        and "signed" not in before
    ):
        # The change people wait for reads as one line: the new status and the signing.
        out.append(
            Change(
                wording.change_status_signed(title, status_old.text, status_new.text, signed_new),
                _merge_sources(signed_new.sources, status_new.sources),
                field="status",
            )
        )
        done.update(("status", "signed"))
    for name, field in after.items():
        if name in done:
            continue
        prior = before.get(name)
        if prior is None:
            out.append(Change(wording.change_added(title, field), field.sources, field=name))
        elif prior.text != field.text:
            out.append(Change(_changed(title, prior, field), field.sources, field=name))
    for name, field in before.items():
        if name not in after and name not in done:
            out.append(Change(wording.change_removed(title, field), field.sources, field=name))
    return out


def compare(old: FactView, new: FactView) -> tuple[Change, ...]:
    """Return the changes a user can see from `old` to `new`, record by record."""
    out: list[Change] = []
    sections: dict[str, list[str]] = {}
    for key in [*new, *(k for k in old if k not in new)]:
        sections.setdefault(key.split("/", 1)[0], []).append(key)
    for keys in sections.values():
        for key in keys:
            before, after = old.get(key), new.get(key)
            if before is None and after is not None:
                out.append(Change(wording.change_new(after.summary), after.sources, key))
            elif after is None and before is not None:
                out.append(Change(wording.change_gone(before.title), (), key))
            elif before is not None and after is not None:
                out.extend(replace(c, record=key) for c in _record_changes(before, after))
    return tuple(out)


def compare_bases(old: KnowledgeBase, new: KnowledgeBase) -> tuple[Change, ...]:
    """Return the changes a user can see from fact base `old` to `new`."""
    return compare(fact_view(old), fact_view(new))
