"""The typed records: checked and cited sections assembled into a `KnowledgeBase`.

The checks that need every file at once happen here too: ids unique across files, one alias for
one entity, and references to people and entities that exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bot.answer import Source
from bot.errors import KnowledgeError
from bot.knowledge.citations import RECORD_CLAIM, cite_all
from bot.knowledge.findings import build_findings, check_reserved_ids
from bot.knowledge.models import (
    Announcement,
    Argument,
    ArgumentTopic,
    Claim,
    EntityKind,
    Event,
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
from bot.knowledge.nodes import Checker, Located, value_node
from bot.knowledge.normalize import normalize
from bot.knowledge.schema import FINDING_IDS_ALWAYS_KNOWN
from bot.knowledge.shapes import Raw


def _prov(path: str, item: dict[str, Any]) -> Provenance:
    return Provenance(
        sources=item.get("__union__", ()),
        verified_on=item["verified_on"],
        file=path,
        line=item["__line__"],
    )


def _label(section: str, item: dict[str, Any]) -> str:
    """Name a record the way every message does: `events 'e2020-uae'`."""
    ident = item.get("id")
    return f"{section} {ident!r}" if isinstance(ident, str) else f"{section} entry"


def _meta(m: dict[str, Any], path: str) -> Meta | None:
    """Type the meta section; None when it is broken (nothing else stops being checked)."""
    if m.get("__invalid__"):
        return None
    return Meta(
        as_of=m["as_of"],
        coverage=m["coverage"],
        report_hint=m["report_hint"],
        about=m.get("about", ""),
        lookalikes=tuple((x["phrase"], x["reason"]) for x in m.get("lookalikes", ())),
        file=path,
        line=m["__line__"],
    )


def _ids_of(raw: Raw, *sections: str) -> set[str]:
    """Return the ids of the records of `sections`, those with a mistake included."""
    everything = [(s, i) for s, items in raw.sections.items() for _, i in items]
    everything += [(s, i) for s, _, i in raw.invalid]
    return {
        item["id"]
        for section, item in everything
        if section in sections and isinstance(item.get("id"), str)
    }


def _check_refs(check: Checker, values: list[Located] | None, allowed: set[str], what: str) -> None:
    """Report each reference in `values` that names no record in `allowed`."""
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


def _check_invalid_refs(
    raw: Raw, check: Checker, entity_ids: set[str], people_ids: set[str]
) -> None:
    """Check the references of the records kept aside for a mistake: the rest still counts."""
    for section, _path, item in raw.invalid:
        # A finding may also be about the accords as a whole (and the always-known parties).
        known = entity_ids | FINDING_IDS_ALWAYS_KNOWN if section == "findings" else entity_ids
        _check_refs(check, item.get("about"), known, f"{_label(section, item)} about")
        for signatory in (item.get("signed") or {}).get("signatories", []):
            person = signatory.get("person")
            if person is not None:
                what = f"{_label(section, item)} signed.signatories.person"
                _check_refs(check, [person], people_ids, what)


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
            field=where or RECORD_CLAIM[section],
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


# A year in an office ("Prime Minister of Israel in 2020", "Foreign Minister (2021–22)").
_DATED = re.compile(r"\b(1[89]|20)\d\d\b")


def _signatory(
    path: str, s: dict[str, Any], people_roles: dict[str, str], check: Checker
) -> Signatory:
    """Return a signatory whose office says when it was held, or is the person's own record's."""
    person: Located | None = s.get("person")
    role: str | None = s.get("role")
    if role is None:
        if person is None:
            check.fail(
                path,
                s["__node__"],
                "signed.signatories: give the office held when signing with its date "
                "('… in 2020'), or person: to take it from the person's record",
            )
        role = people_roles.get(person.value, "") if person else ""
    elif not _DATED.search(role):
        check.fail(
            path,
            value_node(s, "role"),
            f"signed.signatories.role: {role!r} does not say when the office was held; write "
            f"'{role} in YEAR', or leave role out to use the person's record",
        )
    return Signatory(s["name"], role, person.value if person else None, _sources(s))


def _ids(values: list[Located] | None) -> tuple[str, ...]:
    return tuple(v.value for v in values or [])


def assemble(
    raw: Raw, check: Checker, content_hash: str, files: tuple[str, ...]
) -> KnowledgeBase | None:
    """Check across files (ids, aliases, references) and build the typed records, or None."""
    if not raw.meta:
        if not check.errors:  # a broken file may hold the meta section; say nothing extra
            where = files[0] if files else "knowledge"
            check.errors.append(KnowledgeError(where, 1, 1, "no 'meta' section in any fact file"))
        return None
    for path, extra in raw.meta[1:]:
        check.fail(path, extra["__node__"], "'meta' appears more than once")
    meta_path, meta_item = raw.meta[0]
    meta = _meta(meta_item, meta_path)
    owners = _unique_ids(raw, check)
    check_reserved_ids(raw.sections, check)
    cite_all(raw, check)
    people_ids = _ids_of(raw, "people")
    entity_ids = _ids_of(raw, "people", "members", "related")
    _check_aliases(raw, check)
    members = _members(raw, check, people_ids)
    events = _events(raw, check, entity_ids)
    topics = _topics(raw, check, entity_ids)
    findings = build_findings(
        raw.sections["findings"],
        set(owners),
        check,
        _prov,
        lambda item: _claims(item, "findings"),
    )
    _check_invalid_refs(raw, check, entity_ids, people_ids)
    if check.errors or meta is None:
        return None
    return KnowledgeBase(
        meta=meta,
        members=tuple(members),
        related=tuple(_related(raw)),
        people=tuple(_people(raw)),
        events=tuple(events),
        topics=tuple(topics),
        arguments=tuple(_arguments(raw)),
        findings=tuple(findings),
        content_hash=content_hash,
        files=files,
    )


def _unique_ids(raw: Raw, check: Checker) -> dict[str, tuple[str, int]]:
    """Check that ids are unique across every section and file, the records with a mistake
    included; return where each id is first defined."""
    owners: dict[str, tuple[str, int]] = {}
    everything = [(s, p, i) for s, items in raw.sections.items() for p, i in items]
    for section, path, item in [*everything, *raw.invalid]:
        located: Located | None = item.get("id")
        if located is None:
            continue
        if located.value in owners:
            other_path, other_line = owners[located.value]
            check.errors.append(
                KnowledgeError(
                    path,
                    located.line,
                    located.column,
                    f"{section} {located.value!r}: duplicate id; first defined at "
                    f"{other_path}:{other_line}",
                )
            )
        else:
            owners[located.value] = (path, located.line)
        item["id"] = located.value

    return owners


def _check_aliases(raw: Raw, check: Checker) -> None:
    """Check that one alias belongs to one entity (names count as aliases)."""
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
                            f"{_label(section, item)}: alias {alias!r} is already claimed by "
                            f"{owner[0]!r} ({owner[1]}:{owner[2]})",
                        )
                    )
                else:
                    alias_owner[key] = (item["id"], path, item["__line__"])


def _members(raw: Raw, check: Checker, people_ids: set[str]) -> list[Member]:
    people_roles = {item["id"]: item["role"] for _, item in raw.sections["people"]}
    members = []
    for path, item in raw.sections["members"]:
        signing = _signing(path, item, people_ids, people_roles, check)
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
    return members


def _signing(
    path: str,
    item: dict[str, Any],
    people_ids: set[str],
    people_roles: dict[str, str],
    check: Checker,
) -> Signing | None:
    signed = item.get("signed")
    if not signed:
        return None
    sigs = []
    for s in signed.get("signatories", []):
        person = s.get("person")
        if person is not None:
            what = f"{_label('members', item)} signed.signatories.person"
            _check_refs(check, [person], people_ids, what)
        sigs.append(_signatory(path, s, people_roles, check))
    detail = signed.get("detail")
    return Signing(
        date=signed["date"],
        place=signed["place"],
        documents=tuple(signed.get("documents", [])),
        signatories=tuple(sigs),
        detail=_text_of(detail),
        sources=_sources(signed),
        signatory_sources=_union(s.sources for s in sigs),
        detail_sources=_sources(detail),
    )


def _related(raw: Raw) -> list[Related]:
    return [
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


def _people(raw: Raw) -> list[Person]:
    return [
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


def _arguments(raw: Raw) -> list[Argument]:
    return [
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


def _events(raw: Raw, check: Checker, entity_ids: set[str]) -> list[Event]:
    events = []
    for path, item in raw.sections["events"]:
        _check_refs(check, item.get("about"), entity_ids, f"{_label('events', item)} about")
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
    return events


def _topics(raw: Raw, check: Checker, entity_ids: set[str]) -> list[Topic]:
    topics = []
    for path, item in raw.sections["topics"]:
        _check_refs(check, item.get("about"), entity_ids, f"{_label('topics', item)} about")
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
    return topics
