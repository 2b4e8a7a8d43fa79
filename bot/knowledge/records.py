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
from bot.knowledge.shapes import Raw
from bot.normalize import normalize


def _prov(path: str, item: dict[str, Any]) -> Provenance:
    return Provenance(
        sources=item.get("__union__", ()),
        verified_on=item["verified_on"],
        file=path,
        line=item["__line__"],
    )


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
        file=_meta_path,
        line=m["__line__"],
    )

    # Unique ids across every section and file.
    owners: dict[str, tuple[str, int]] = {}
    for section, items in raw.sections.items():
        for path, item in items:
            located: Located = item["id"]
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

    check_reserved_ids(raw.sections, check)
    cite_all(raw, check)

    people_ids = {item["id"] for _, item in raw.sections["people"]}
    people_roles = {item["id"]: item["role"] for _, item in raw.sections["people"]}
    entity_ids = (
        people_ids
        | {item["id"] for _, item in raw.sections["members"]}
        | {item["id"] for _, item in raw.sections["related"]}
    )

    def _refs(values: list[Located] | None, allowed: set[str], what: str) -> None:
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
                sigs.append(_signatory(path, s, people_roles, check))
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
    findings = build_findings(
        raw.sections["findings"],
        set(owners),
        check,
        _prov,
        lambda item: _claims(item, "findings"),
    )
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
        findings=tuple(findings),
        content_hash=content_hash,
        files=files,
    )
