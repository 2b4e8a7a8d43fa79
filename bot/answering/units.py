"""Compile the fact base into answerable units, one per claim.

A unit is what one sentence of an answer can state: a member's announcement, its signing
(date and place), its signatories, its documents, its status, one sentence of what was
offered, one milestone, one sentence of a non-member's summary, a person's role, a timeline
event, one sentence of a topic, one attributed argument. Each carries its record, the kinds of
question it answers, the entities it is about, its date, its index terms and its provenance.
Whatever a maintainer adds to a file becomes answerable this way, with no phrasing written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from bot.answer import Source
from bot.answering.kinds_of_text import text_kinds
from bot.knowledge.models import (
    Argument,
    Claim,
    Event,
    FuzzyDate,
    KnowledgeBase,
    Member,
    Person,
    Provenance,
    Related,
    Side,
    Topic,
)
from bot.knowledge.normalize import normalize
from bot.understanding.kinds import Kind
from bot.understanding.terms import terms
from bot.understanding.vocabulary import MONTHS

_Record = Member | Related | Person | Event | Topic | Argument

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")


@dataclass(frozen=True, slots=True)
class Unit:
    """One answerable claim of the fact base."""

    id: str
    record: str
    field: str
    title: str
    text: str
    kinds: frozenset[Kind]
    primary: frozenset[Kind]
    subject: str | None
    entities: frozenset[str]
    date: FuzzyDate | None
    terms: tuple[str, ...]
    provenance: Provenance
    side: Side | None = None
    sources: tuple[Source, ...] = ()
    """The sources of the claim itself (its record's `Claim`), best first."""
    caveats: tuple[str, ...] = ()
    """Caveats on the claim itself: shown as notes whenever the unit is."""
    topics: frozenset[str] = frozenset()
    """The debate topics an argument is about (`ArgumentTopic` values)."""


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (abbreviations such as "U.S." stay whole)."""
    return [s.strip() for s in _SENTENCE.split(text.strip()) if s.strip()]


def claims_of(record: _Record, *fields: str) -> list[Claim]:
    """Return the record's claims for `fields` ("signed.signatories" takes every signatory)."""
    return [
        c for c in record.claims if any(c.field == f or c.field.startswith(f + "[") for f in fields)
    ]


_STATED_DATE = re.compile(r"\b(?:(\d{1,2}) )?(?:([A-Za-z]{3,9})\.? )?((?:19|20)\d\d)\b")


def stated_date(text: str) -> FuzzyDate | None:
    """Return the first date a text states ("15 September 2020", "Aug 2020", "2022")."""
    m = _STATED_DATE.search(text)
    if m is None:
        return None
    month = MONTHS.get((m.group(2) or "").casefold())  # "and 2026": a year alone
    day = int(m.group(1)) if m.group(1) and month else None
    return FuzzyDate(int(m.group(3)), month, day)


_POSSESSIVE = re.compile(r"['\u2019]s\b")


def _mentioned(text: str, aliases: Mapping[str, tuple[str, str]], longest: int) -> set[str]:
    words = normalize(_POSSESSIVE.sub("", text)).split()
    found: set[str] = set()
    for i in range(len(words)):
        for n in range(min(longest, len(words) - i), 0, -1):
            hit = aliases.get(" ".join(words[i : i + n]))
            if hit is not None:
                found.add(hit[0])
                break
    return found


class _Builder:
    def __init__(self, kb: KnowledgeBase, aliases: Mapping[str, tuple[str, str]]) -> None:
        self.kb = kb
        self.aliases = aliases
        self.longest = max((len(a.split()) for a in aliases), default=1)
        self.units: list[Unit] = []

    def add(
        self,
        record: str,
        field: str,
        title: str,
        text: str,
        kinds: set[Kind],
        subject: str | None,
        prov: Provenance,
        *,
        date: FuzzyDate | None = None,
        extra: str = "",
        side: Side | None = None,
        claims: Sequence[Claim] = (),
        topics: frozenset[str] = frozenset(),
        date_is_answer: bool = True,
    ) -> None:
        entities = _mentioned(f"{title} {text}", self.aliases, self.longest)
        if subject:
            entities.add(subject)
        primary = frozenset(kinds | ({Kind.DATE} if date is not None and date_is_answer else set()))
        kinds = kinds | text_kinds(text) | primary
        self.units.append(
            Unit(
                id=f"{record}:{field}:{len(self.units)}",
                record=record,
                field=field,
                title=title,
                text=text,
                kinds=frozenset(kinds),
                primary=primary,
                subject=subject,
                entities=frozenset(entities),
                date=date,
                terms=tuple(terms(f"{text} {extra}")),
                provenance=prov,
                side=side,
                sources=tuple(dict.fromkeys(src for c in claims for src in c.sources)),
                caveats=tuple(dict.fromkeys(cv for c in claims for cv in c.caveats)),
                topics=topics,
            )
        )

    def member(self, m: Member) -> None:
        p, name = m.provenance, m.short_name
        self.add(
            m.id,
            "announced",
            f"{m.name}: announced",
            f"{name[:1].upper()}{name[1:]}'s deal was announced on {m.announced.date.human}"
            + ("." if m.signed else "; no signing is on record.")
            + f" {m.announced.detail}",
            {Kind.DATE, Kind.EVENT},
            m.id,
            p,
            date=m.announced.date,
            extra="announce join agree normalize",
            claims=claims_of(m, "announced"),
        )
        if m.signed is not None:
            s = m.signed
            where = s.place.rstrip(".")
            self.add(
                m.id,
                "signed",
                f"{m.name}: signed",
                f"{name[:1].upper()}{name[1:]} signed on {s.date.human}, at {where}."
                + (f" {s.detail}" if s.detail else ""),
                {Kind.DATE, Kind.PLACE, Kind.EVENT},
                m.id,
                p,
                date=s.date,
                extra="sign join ceremony",
                claims=claims_of(m, "signed", "signed.detail"),
            )
            people = "; ".join(f"{x.name} ({x.role})" for x in s.signatories)
            self.add(
                m.id,
                "signatories",
                f"{m.name}: who signed",
                f"Signed on {s.date.human} by {people}.",
                {Kind.PERSON},
                m.id,
                p,
                extra="sign signer signatory official leader " + " ".join(s.documents),
                claims=claims_of(m, "signed.signatories"),
            )
            self.add(
                m.id,
                "documents",
                f"{m.name}: what was signed",
                f"{name[:1].upper()}{name[1:]} signed: {'; '.join(s.documents)} ({s.date.human}).",
                {Kind.DOCUMENT},
                m.id,
                p,
                extra="sign document text",
                claims=claims_of(m, "signed"),
            )
        else:
            self.add(
                m.id,
                "signed",
                f"{m.name}: signing",
                f"No signing of {name}'s accession is on record in the fact base.",
                {Kind.DATE, Kind.PLACE, Kind.DOCUMENT},
                m.id,
                p,
                extra="sign join signer",
                claims=claims_of(m, "announced"),
            )
        self.add(
            m.id,
            "status",
            f"{m.name}: status",
            f"{m.status.label}. {m.status_detail}",
            {Kind.STATUS, Kind.YESNO},
            m.id,
            p,
            extra="status member now",
            claims=claims_of(m, "status_detail"),
        )
        for field, text, kinds in (
            ("ratification", m.ratification, {Kind.DATE, Kind.STATUS}),
            ("offered", m.offered, {Kind.TERMS, Kind.REASON}),
        ):
            for sentence in sentences(text):
                self.add(
                    m.id,
                    field,
                    f"{m.name}: {field}",
                    sentence,
                    kinds,
                    m.id,
                    p,
                    claims=claims_of(m, field),
                )
        for i, x in enumerate(m.milestones):
            self.add(
                m.id,
                "milestone",
                m.name,
                x.text,
                {Kind.EVENT},
                m.id,
                p,
                date=x.date,
                claims=[c for c in m.claims if c.field == f"milestones[{i}]"],
            )

    def build(self) -> list[Unit]:
        kb = self.kb
        for m in kb.members:
            self.member(m)
        for r in kb.related:
            self.add(
                r.id,
                "status",
                f"{r.name}: status",
                f"{r.name}: {r.status.label}.",
                {Kind.STATUS, Kind.YESNO},
                r.id,
                r.provenance,
                extra="status member",
                claims=claims_of(r, "summary", "why_not"),
            )
            for field, text in (("summary", r.summary), ("why_not", r.why_not)):
                kinds = {Kind.EVENT} if field == "summary" else {Kind.REASON, Kind.STATUS}
                for sentence in sentences(text):
                    self.add(
                        r.id,
                        field,
                        r.name,
                        sentence,
                        kinds,
                        r.id,
                        r.provenance,
                        claims=claims_of(r, field),
                    )
        for person in kb.people:
            self.add(
                person.id,
                "role",
                person.name,
                f"{person.name}: {person.role}. {person.summary}",
                {Kind.PERSON, Kind.DEFINITION},
                person.id,
                person.provenance,
                claims=claims_of(person, "description"),
            )
        for e in kb.events:
            self.add(
                e.id,
                "event",
                "Timeline",
                e.text,
                {Kind.EVENT},
                None,
                e.provenance,
                date=e.date,
                claims=claims_of(e, "event"),
            )
        for t in kb.topics:
            for sentence in sentences(t.answer):
                self.add(
                    t.id,
                    "answer",
                    t.title,
                    sentence,
                    {Kind.DEFINITION},
                    None,
                    t.provenance,
                    extra=t.title,
                    claims=claims_of(t, "answer"),
                )
        for a in kb.arguments:
            self.add(
                a.id,
                "argument",
                "Critics say" if a.side is Side.CRITIQUE else "Supporters argue",
                f"{a.who}: {a.claim.rstrip('.')}.",
                {Kind.VIEWS, Kind.PERSON},
                None,
                a.provenance,
                side=a.side,
                date=stated_date(a.who),
                date_is_answer=False,  # when it was said, not what it states
                claims=claims_of(a, "argument"),
                topics=frozenset(t.value for t in a.topics),
                extra=" ".join(
                    ["critic" if a.side is Side.CRITIQUE else "supporter"]
                    + [t.label for t in a.topics]
                ),
            )
        return self.units


def compile_units(kb: KnowledgeBase, aliases: Mapping[str, tuple[str, str]]) -> list[Unit]:
    """Return every answerable unit of `kb`; `aliases` maps a normalised name to its entity."""
    return _Builder(kb, aliases).build()


def iter_dated(units: list[Unit]) -> Iterator[Unit]:
    """Yield the units that carry a date, in order of the date."""
    yield from sorted((u for u in units if u.date is not None), key=lambda u: u.date.sort_key())  # type: ignore[union-attr]  # filtered above
