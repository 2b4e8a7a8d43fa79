"""The fact base as typed, frozen records: what `knowledge/*.yaml` becomes after validation.

Everything here is data; loading and checking live in `bot.knowledge.loader`, and the JSON
Schema for editors is generated from `bot.knowledge.schema`, which describes these same records.

Every statement a record makes (a date block, a signatory, a milestone, a status, a summary, a
timeline event, an argument) carries the sources it rests on, already resolved from the ids the
fact files cite: in a `sources` / `*_sources` attribute beside the value, and as one `Claim` per
statement in the record's `claims`. `provenance.sources` stays the union of a record's sources,
in the order they are first cited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.answer import Source
from bot.knowledge.langs import LanguagePack
from bot.knowledge.model_file import KindWeights


class MemberStatus(StrEnum):
    """A closed set of status labels; an answer never blurs one into another."""

    IN_FORCE = "in_force"
    RELATIONS_ESTABLISHED = "relations_established"
    RELATIONS_RESTORED = "relations_restored"
    STALLED = "stalled"
    ANNOUNCED = "announced"
    PLEDGED = "pledged"
    NOT_MEMBER = "not_member"
    SEPARATE_AGREEMENT = "separate_agreement"
    NOT_A_PARTY = "not_a_party"
    PARTY = "party"
    BROKER = "broker"

    @property
    def label(self) -> str:
        """Return the human label shown in answers."""
        return _STATUS_LABELS[self]

    @property
    def is_member(self) -> bool:
        """Return True for the statuses of states counted among the accords' members."""
        return self in MEMBER_STATUSES

    @property
    def in_every_deal(self) -> bool:
        """Return True for a party to every deal (Israel) or their broker (the US): named in
        most questions, what a question is about only when nothing else is named."""
        return self in (MemberStatus.PARTY, MemberStatus.BROKER)


_STATUS_LABELS: dict[MemberStatus, str] = {
    MemberStatus.IN_FORCE: "In force",
    MemberStatus.RELATIONS_ESTABLISHED: "Diplomatic relations established",
    MemberStatus.RELATIONS_RESTORED: "Relations restored (liaison-office level)",
    MemberStatus.STALLED: "Stalled (signed the Declaration; bilateral deal never completed)",
    MemberStatus.ANNOUNCED: "Accession announced, no signing on record",
    MemberStatus.PLEDGED: "Pledged to join; not a member",
    MemberStatus.NOT_MEMBER: "Not a member",
    MemberStatus.SEPARATE_AGREEMENT: "A different agreement, not the Abraham Accords",
    MemberStatus.NOT_A_PARTY: "Not a party to the accords",
    MemberStatus.PARTY: "A party to every agreement of the accords, not counted among the members",
    MemberStatus.BROKER: "Broker and witness, co-signatory of some documents; not a member",
}

CONTEXT_STATUSES: frozenset[MemberStatus] = frozenset(
    {MemberStatus.PARTY, MemberStatus.BROKER, MemberStatus.NOT_A_PARTY}
)
"""Statuses of the states beside every deal rather than joining one (Israel, the broker, the
Palestinians): named with a member, they are the context of a question, not its subject."""

MEMBER_STATUSES: frozenset[MemberStatus] = frozenset(
    {
        MemberStatus.IN_FORCE,
        MemberStatus.RELATIONS_ESTABLISHED,
        MemberStatus.RELATIONS_RESTORED,
        MemberStatus.STALLED,
        MemberStatus.ANNOUNCED,
    }
)


class Side(StrEnum):
    """Which side of a contested question an argument is on."""

    CRITIQUE = "critique"
    DEFENCE = "defence"


class ArgumentTopic(StrEnum):
    """Topics that critiques and defences are filed under (`/critiques TOPIC`)."""

    PALESTINIANS = "palestinians"
    HUMAN_RIGHTS = "human_rights"
    WESTERN_SAHARA = "western_sahara"
    ARMS_SALES = "arms_sales"
    SUDAN_MANDATE = "sudan_mandate"
    REAL_PEACE = "real_peace"
    TRANSACTIONAL = "transactional"
    PUBLIC_OPINION = "public_opinion"
    KAZAKHSTAN = "kazakhstan"
    SOMALILAND = "somaliland"
    ECONOMY = "economy"
    DURABILITY = "durability"

    @property
    def label(self) -> str:
        """Return the human label of the topic."""
        return _TOPIC_LABELS[self]


_TOPIC_LABELS: dict[ArgumentTopic, str] = {
    ArgumentTopic.PALESTINIANS: "Palestinians",
    ArgumentTopic.HUMAN_RIGHTS: "Human rights",
    ArgumentTopic.WESTERN_SAHARA: "Western Sahara",
    ArgumentTopic.ARMS_SALES: "Arms sales",
    ArgumentTopic.SUDAN_MANDATE: "Sudan's mandate",
    ArgumentTopic.REAL_PEACE: "Real peace or not",
    ArgumentTopic.TRANSACTIONAL: "Transactional deals",
    ArgumentTopic.PUBLIC_OPINION: "Public opinion",
    ArgumentTopic.KAZAKHSTAN: "Kazakhstan",
    ArgumentTopic.SOMALILAND: "Somaliland",
    ArgumentTopic.ECONOMY: "Economy and trade",
    ArgumentTopic.DURABILITY: "Durability",
}


class FindingKind(StrEnum):
    """What a finding states about the accords or a party to them (issue 19's kinds of claim)."""

    REASON = "reason"
    EFFECT = "effect"
    REACTION = "reaction"
    PROSPECT = "prospect"
    GAIN = "gain"
    ASSESSMENT = "assessment"
    TEXT = "text"
    BACKGROUND = "background"

    @property
    def is_view(self) -> bool:
        """Return True for the kinds that state someone's view, which must say whose it is."""
        return self in VIEW_KINDS


VIEW_KINDS: frozenset[FindingKind] = frozenset(
    {FindingKind.REASON, FindingKind.REACTION, FindingKind.PROSPECT, FindingKind.ASSESSMENT}
)


class Stance(StrEnum):
    """Which way an assessment leans."""

    FAVOURABLE = "favourable"
    CRITICAL = "critical"
    MIXED = "mixed"


class EntityKind(StrEnum):
    """What a related (non-member) entry is."""

    COUNTRY = "country"
    AGREEMENT = "agreement"
    ORGANIZATION = "organization"


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date known to the day, the month or the year; `approximate` marks a "~" date."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    @property
    def iso(self) -> str:
        """Return the date as YYYY, YYYY-MM or YYYY-MM-DD."""
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
            if self.day is not None:
                out += f"-{self.day:02d}"
        return out

    @property
    def human(self) -> str:
        """Return the date as people write it: 15 September 2020, September 2020, 2020."""
        months = (
            "January February March April May June July August September October November December"
        ).split()
        text = str(self.year)
        if self.month is not None:
            text = f"{months[self.month - 1]} {text}"
            if self.day is not None:
                text = f"{self.day} {text}"
        return f"about {text}" if self.approximate else text

    def sort_key(self) -> tuple[int, int, int]:
        """Return a key that orders dates; unknown parts sort first."""
        return (self.year, self.month or 0, self.day or 0)


@dataclass(frozen=True, slots=True)
class Claim:
    """One statement of a record and the sources it rests on.

    `field` names the statement inside its record: "announced", "signed",
    "signed.signatories[0]", "signed.detail", "status_detail", "ratification", "offered",
    "milestones[2]" (index in file order), "summary", "why_not"; and for records that state one
    thing, "description" (a person), "event", "answer" (a topic), "argument" or "finding".
    """

    fact_id: str
    field: str
    sources: tuple[Source, ...]
    source_ids: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a record comes from and when it was last checked; every record carries one.

    `sources` is the union of the sources its claims cite, in order of first citation.
    """

    sources: tuple[Source, ...]
    verified_on: FuzzyDate
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class Signatory:
    """Who signed, in what role, and (optionally) which person record that is."""

    name: str
    role: str
    person: str | None = None
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class Announcement:
    """When and how a membership was announced; `sources` back the date and the detail."""

    date: FuzzyDate
    detail: str
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class Signing:
    """A signing: date, place, documents, signatories.

    `sources` back the date, place and documents; `signatory_sources` is the union of the
    signatories' own sources; `detail_sources` back `detail`.
    """

    date: FuzzyDate
    place: str
    documents: tuple[str, ...]
    signatories: tuple[Signatory, ...]
    detail: str = ""
    sources: tuple[Source, ...] = ()
    signatory_sources: tuple[Source, ...] = ()
    detail_sources: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class Milestone:
    """A dated later step for a member (embassy opened, trade deal, recall statement)."""

    date: FuzzyDate
    text: str
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class Member:
    """A state counted among the accords' members, with everything an answer about it needs."""

    id: str
    name: str
    short_name: str
    aliases: tuple[str, ...]
    status: MemberStatus
    status_detail: str
    announced: Announcement
    signed: Signing | None
    ratification: str
    offered: str
    milestones: tuple[Milestone, ...]
    caveats: tuple[str, ...]
    provenance: Provenance
    status_detail_sources: tuple[Source, ...] = ()
    ratification_sources: tuple[Source, ...] = ()
    offered_sources: tuple[Source, ...] = ()
    claims: tuple[Claim, ...] = ()

    @property
    def sources(self) -> tuple[Source, ...]:
        """Return the union of the record's sources, in order of first citation."""
        return self.provenance.sources


@dataclass(frozen=True, slots=True)
class Related:
    """A state, agreement or organisation people confuse with, or ask about next to, members."""

    id: str
    name: str
    aliases: tuple[str, ...]
    kind: EntityKind
    status: MemberStatus
    summary: str
    why_not: str
    caveats: tuple[str, ...]
    provenance: Provenance
    summary_sources: tuple[Source, ...] = ()
    why_not_sources: tuple[Source, ...] = ()
    claims: tuple[Claim, ...] = ()

    @property
    def sources(self) -> tuple[Source, ...]:
        """Return the union of the record's sources, in order of first citation."""
        return self.provenance.sources


@dataclass(frozen=True, slots=True)
class Person:
    """A key person and what they did in connection with the accords."""

    id: str
    name: str
    aliases: tuple[str, ...]
    role: str
    summary: str
    caveats: tuple[str, ...]
    provenance: Provenance
    claims: tuple[Claim, ...] = ()

    @property
    def sources(self) -> tuple[Source, ...]:
        """Return the sources of the record's one claim (its description: role and summary)."""
        return self.provenance.sources


@dataclass(frozen=True, slots=True)
class Event:
    """A dated event on the timeline."""

    id: str
    date: FuzzyDate
    text: str
    about: tuple[str, ...]
    caveats: tuple[str, ...]
    provenance: Provenance
    claims: tuple[Claim, ...] = ()

    @property
    def sources(self) -> tuple[Source, ...]:
        """Return the sources of the record's one claim (the event)."""
        return self.provenance.sources


@dataclass(frozen=True, slots=True)
class Topic:
    """A free-text fact with the phrasings that should reach it."""

    id: str
    title: str
    questions: tuple[str, ...]
    answer: str
    about: tuple[str, ...]
    caveats: tuple[str, ...]
    provenance: Provenance
    claims: tuple[Claim, ...] = ()

    @property
    def sources(self) -> tuple[Source, ...]:
        """Return the sources of the record's one claim (the answer)."""
        return self.provenance.sources


@dataclass(frozen=True, slots=True)
class Argument:
    """A critique or defence, always attributed to who makes it."""

    id: str
    side: Side
    topics: tuple[ArgumentTopic, ...]
    who: str
    claim: str
    caveats: tuple[str, ...]
    provenance: Provenance
    claims: tuple[Claim, ...] = ()

    @property
    def sources(self) -> tuple[Source, ...]:
        """Return the sources of the record's one claim (the argument)."""
        return self.provenance.sources


@dataclass(frozen=True, slots=True)
class Finding:
    """A reason, effect, reaction, prospect, gain or assessment, as a sourced claim.

    `about` names the records it concerns (or "accords" for the accords as a whole); `by` is who
    says or holds it ("" when nobody is named); `party` the state that got a gain ("" for other
    kinds); `side` an assessment's leaning (None for other kinds).
    """

    id: str
    kind: FindingKind
    about: tuple[str, ...]
    by: str
    party: str
    side: Stance | None
    date: FuzzyDate
    text: str
    caveats: tuple[str, ...]
    provenance: Provenance
    claims: tuple[Claim, ...] = ()

    @property
    def sources(self) -> tuple[Source, ...]:
        """Return the sources of the record's one claim (the finding)."""
        return self.provenance.sources


@dataclass(frozen=True, slots=True)
class Meta:
    """Facts about the fact base itself."""

    as_of: FuzzyDate
    coverage: str
    report_hint: str
    about: str = ""
    lookalikes: tuple[tuple[str, str], ...] = ()
    file: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """The whole validated fact base; swapped as one object on reload."""

    meta: Meta
    members: tuple[Member, ...]
    related: tuple[Related, ...]
    people: tuple[Person, ...]
    events: tuple[Event, ...]
    topics: tuple[Topic, ...]
    arguments: tuple[Argument, ...]
    findings: tuple[Finding, ...] = field(default=())
    """Reasons, effects, reactions, prospects, gains and assessments; not among `records`."""
    content_hash: str = ""
    files: tuple[str, ...] = field(default=())
    languages: tuple[LanguagePack, ...] = field(default=())
    """The language packs of `knowledge/lang/`, English first; empty when there are none."""
    kind_weights: KindWeights | None = None
    """The reader's model learned from `knowledge/corpus/` (`model/kinds.npz`), if built."""

    @property
    def as_of(self) -> str:
        """Return the base's as-of date as people write it."""
        return self.meta.as_of.human

    @property
    def records(self) -> tuple[Member | Related | Person | Event | Topic | Argument, ...]:
        """Return every record, section by section in file order."""
        return (
            *self.members,
            *self.related,
            *self.people,
            *self.events,
            *self.topics,
            *self.arguments,
        )

    @property
    def claims(self) -> tuple[Claim, ...]:
        """Return every claim of every record and finding, section by section in file order."""
        return (
            *(c for rec in self.records for c in rec.claims),
            *(c for f in self.findings for c in f.claims),
        )
