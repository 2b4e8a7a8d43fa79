"""The shape of the fact files, declared once.

The loader validates YAML nodes against these shapes, and `json_schema()` turns the same
declarations into the JSON Schema that editors use, so the two cannot drift apart.

Sources are declared once, with short ids, per record (`sources:` in the record) or per file (a
top-level `sources:` section). Every claim (a shape marked `claim=True`) lists the ids it rests
on in `cite`. A text field that is a claim on its own is written `{text: ..., cite: [...]}`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bot.knowledge.models import (
    MEMBER_STATUSES,
    VIEW_KINDS,
    ArgumentTopic,
    EntityKind,
    FindingKind,
    MemberStatus,
    Side,
    Stance,
)


class Kind(StrEnum):
    """What a field holds."""

    TEXT = "text"
    SLUG = "slug"
    DATE = "date"
    URL = "url"
    ENUM = "enum"
    REF = "ref"
    CITE = "cite"
    FILE = "file"
    OBJECT = "object"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field: its kind, whether it is required, whether it is a list, and its details."""

    kind: Kind
    required: bool = True
    many: bool = False
    choices: tuple[str, ...] = ()
    shape: Shape | None = None
    nullable: bool = False
    min_items: int = 0
    description: str = ""
    checked_later: bool = False  # required, but the loader reports its absence itself


@dataclass(frozen=True, slots=True)
class Shape:
    """A mapping with known fields; `claim` marks a statement that must cite its sources."""

    name: str
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    claim: bool = False


def _text(required: bool = True, description: str = "") -> FieldSpec:
    return FieldSpec(Kind.TEXT, required=required, description=description)


def _texts(required: bool = False, description: str = "") -> FieldSpec:
    return FieldSpec(Kind.TEXT, required=required, many=True, description=description)


def _enum(choices: tuple[str, ...], description: str = "") -> FieldSpec:
    return FieldSpec(Kind.ENUM, choices=choices, description=description)


SOURCE = Shape(
    "source",
    {
        "id": FieldSpec(
            Kind.SLUG,
            checked_later=True,
            description="Short id that claims cite; unique in its record and file",
        ),
        "title": _text(description="What the source is (outlet and headline)"),
        "url": FieldSpec(Kind.URL, description="http(s) address of the source"),
    },
)

SOURCES = FieldSpec(
    Kind.OBJECT,
    many=True,
    shape=SOURCE,
    required=False,
    description="Sources declared for citation by id",
)

CITE = FieldSpec(
    Kind.CITE,
    many=True,
    min_items=1,
    checked_later=True,
    description="Ids of the sources this claim rests on, best first",
)

CAVEATS = _texts(description="Disputed or unverified points, shown with the answer")

TEXT_CLAIM = Shape(
    "claim",
    {"text": _text(), "cite": CITE, "caveats": CAVEATS},
    claim=True,
)


def _claim(required: bool = True, description: str = "") -> FieldSpec:
    return FieldSpec(Kind.OBJECT, shape=TEXT_CLAIM, required=required, description=description)


_PROVENANCE: dict[str, FieldSpec] = {
    "caveats": CAVEATS,
    "sources": SOURCES,
    "verified_on": FieldSpec(Kind.DATE, description="Day the fact was last checked"),
}

SIGNATORY = Shape(
    "signatory",
    {
        "name": _text(),
        "role": _text(
            required=False,
            description="The office held when signing, with its year ('… in 2020'); "
            "leave it out to take the role from the person's record",
        ),
        "person": FieldSpec(Kind.REF, required=False, description="id of a people entry"),
        "cite": CITE,
    },
    claim=True,
)

ANNOUNCEMENT = Shape(
    "announcement",
    {"date": FieldSpec(Kind.DATE), "detail": _text(), "cite": CITE, "caveats": CAVEATS},
    claim=True,
)

SIGNING = Shape(
    "signing",
    {
        "date": FieldSpec(Kind.DATE),
        "place": _text(),
        "documents": _texts(required=True),
        "cite": CITE,
        "caveats": CAVEATS,
        "signatories": FieldSpec(Kind.OBJECT, many=True, shape=SIGNATORY, min_items=1),
        "detail": _claim(required=False),
    },
    claim=True,
)

MILESTONE = Shape(
    "milestone",
    {"date": FieldSpec(Kind.DATE), "text": _text(), "cite": CITE, "caveats": CAVEATS},
    claim=True,
)

MEMBER_STATUS_CHOICES = tuple(s.value for s in MemberStatus if s in MEMBER_STATUSES)
RELATED_STATUS_CHOICES = tuple(s.value for s in MemberStatus if s not in MEMBER_STATUSES)

LOOKALIKE = Shape(
    "lookalike",
    {
        "phrase": _text(description="Words that look on-topic but name something else"),
        "reason": _text(description="Why it is not answered, as the end of a sentence"),
    },
)

META = Shape(
    "meta",
    {
        "as_of": FieldSpec(Kind.DATE, description="Newest date the reviewed sources cover"),
        "coverage": _text(),
        "report_hint": _text(),
        "about": _text(required=False, description="What the bot answers, in two sentences"),
        "lookalikes": FieldSpec(
            Kind.OBJECT,
            many=True,
            shape=LOOKALIKE,
            required=False,
            description="Names never answered with accords facts (South Sudan, Somalia, …)",
        ),
    },
)

MANIFEST_FILE = "manifest.yaml"
"""The file that holds the manifest: the one file the loader cannot be told to require."""

MANIFEST = Shape(
    "manifest",
    {
        "files": FieldSpec(
            Kind.FILE,
            many=True,
            min_items=1,
            description="The files this fact base is made of, from its folder (members.yaml, "
            "lang/fr.yaml): each must be present and hold at least one record or, for a "
            "language, its words. A file not listed may still be added; one listed may not "
            "disappear without leaving this list",
        ),
    },
)

MEMBER = Shape(
    "member",
    {
        "id": FieldSpec(Kind.SLUG),
        "name": _text(),
        "short_name": _text(required=False),
        "aliases": _texts(),
        "status": _enum(MEMBER_STATUS_CHOICES),
        "status_detail": _claim(),
        "announced": FieldSpec(Kind.OBJECT, shape=ANNOUNCEMENT),
        "signed": FieldSpec(Kind.OBJECT, shape=SIGNING, required=False, nullable=True),
        "ratification": _claim(required=False),
        "offered": _claim(required=False),
        "milestones": FieldSpec(Kind.OBJECT, many=True, shape=MILESTONE, required=False),
        **_PROVENANCE,
    },
)

RELATED = Shape(
    "related",
    {
        "id": FieldSpec(Kind.SLUG),
        "name": _text(),
        "aliases": _texts(),
        "kind": _enum(tuple(k.value for k in EntityKind)),
        "status": _enum(RELATED_STATUS_CHOICES),
        "summary": _claim(description="What happened"),
        "why_not": _claim(description="Why it is not a member"),
        **_PROVENANCE,
    },
)

PERSON = Shape(
    "person",
    {
        "id": FieldSpec(Kind.SLUG),
        "name": _text(),
        "aliases": _texts(),
        "role": _text(description="The role, with dates when it is a former one"),
        "summary": _text(),
        "cite": CITE,
        **_PROVENANCE,
    },
    claim=True,
)

EVENT = Shape(
    "event",
    {
        "id": FieldSpec(Kind.SLUG),
        "date": FieldSpec(Kind.DATE),
        "text": _text(),
        "about": FieldSpec(Kind.REF, many=True, required=False),
        "cite": CITE,
        **_PROVENANCE,
    },
    claim=True,
)

TOPIC = Shape(
    "topic",
    {
        "id": FieldSpec(Kind.SLUG),
        "title": _text(),
        "questions": FieldSpec(Kind.TEXT, many=True, min_items=1),
        "answer": _text(),
        "about": FieldSpec(Kind.REF, many=True, required=False),
        "cite": CITE,
        **_PROVENANCE,
    },
    claim=True,
)

ARGUMENT = Shape(
    "argument",
    {
        "id": FieldSpec(Kind.SLUG),
        "side": _enum(tuple(s.value for s in Side)),
        "topics": FieldSpec(
            Kind.ENUM, many=True, choices=tuple(t.value for t in ArgumentTopic), min_items=1
        ),
        "who": _text(description="Who makes the argument"),
        "claim": _text(description="What they argue, shown after their name as '{who}: {claim}'"),
        "cite": CITE,
        **_PROVENANCE,
    },
    claim=True,
)

ACCORDS_ID = "accords"
"""The id a finding names in `about` when it is about the accords as a whole; no record has it."""

FINDING_IDS_ALWAYS_KNOWN: frozenset[str] = frozenset({ACCORDS_ID, "israel", "palestinians"})
"""Ids a finding may name even where no record has them yet, so findings can be written first."""

FINDING_NEEDS: dict[str, tuple[str, ...]] = {
    "by": tuple(k.value for k in FindingKind if k in VIEW_KINDS),
    "party": (FindingKind.GAIN.value,),
    "side": (FindingKind.ASSESSMENT.value,),
}
"""Per field, the finding kinds that require it."""

FINDING_ONLY: frozenset[str] = frozenset({"party", "side"})
"""Fields a finding may carry only when its kind requires them."""

FINDING = Shape(
    "finding",
    {
        "id": FieldSpec(Kind.SLUG),
        "kind": _enum(tuple(k.value for k in FindingKind), "What the finding states"),
        "about": FieldSpec(
            Kind.REF,
            many=True,
            min_items=1,
            description=f"Ids of the records it is about, or {ACCORDS_ID!r} for the accords",
        ),
        "by": _text(
            required=False,
            description="Who says or holds it; required for reason, reaction, prospect, assessment",
        ),
        "party": FieldSpec(
            Kind.REF,
            required=False,
            description="gain only (required there): id of the party that got it",
        ),
        "side": FieldSpec(
            Kind.ENUM,
            required=False,
            choices=tuple(s.value for s in Stance),
            description="assessment only (required there): which way it leans",
        ),
        "date": FieldSpec(Kind.DATE, description="When it happened or was said"),
        "text": _text(description="One or two sentences that stand alone; a view names its holder"),
        "cite": CITE,
        **_PROVENANCE,
    },
    claim=True,
)

SECTIONS: dict[str, Shape] = {
    "members": MEMBER,
    "related": RELATED,
    "people": PERSON,
    "events": EVENT,
    "topics": TOPIC,
    "arguments": ARGUMENT,
    "findings": FINDING,
}

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
FILE_PATTERN = r"^([a-z0-9][a-z0-9_-]*\.ya?ml|lang/[a-z]{2,3}\.yaml)$"
"""A fact file in the folder (NAME.yaml) or a language file (lang/CODE.yaml)."""
DATE_PATTERN = r"^~?\d{4}(-\d{2}(-\d{2})?)?$"


_PATTERNS: dict[Kind, str] = {
    Kind.SLUG: SLUG_PATTERN,
    Kind.REF: SLUG_PATTERN,
    Kind.CITE: SLUG_PATTERN,
    Kind.DATE: DATE_PATTERN,
    Kind.FILE: FILE_PATTERN,
}
"""The kinds of text a pattern decides."""


def _one_schema(spec: FieldSpec) -> dict[str, Any]:
    """Return the schema of one value of `spec` (one item when it is a list)."""
    if spec.kind is Kind.OBJECT:
        assert spec.shape is not None
        return _shape_schema(spec.shape)
    if spec.kind is Kind.ENUM:
        return {"type": "string", "enum": list(spec.choices)}
    if spec.kind in _PATTERNS:
        return {"type": "string", "pattern": _PATTERNS[spec.kind]}
    if spec.kind is Kind.URL:
        return {"type": "string", "format": "uri", "pattern": "^https?://"}
    return {"type": "string", "minLength": 1}


def _field_schema(spec: FieldSpec) -> dict[str, Any]:
    one = _one_schema(spec)
    if spec.description and not spec.many:
        one["description"] = spec.description
    if spec.many:
        out: dict[str, Any] = {"type": "array", "items": one}
        if spec.min_items:
            out["minItems"] = spec.min_items
        if spec.description:
            out["description"] = spec.description
        one = out
    if spec.nullable:
        one = {"anyOf": [one, {"type": "null"}]}
    return one


def _shape_schema(shape: Shape) -> dict[str, Any]:
    out = {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name, spec in shape.fields.items() if spec.required],
        "properties": {name: _field_schema(spec) for name, spec in shape.fields.items()},
    }
    if shape is FINDING:
        out["allOf"] = _finding_rules()
    return out


def _finding_rules() -> list[dict[str, Any]]:
    """Return the per-kind rules of a finding (FINDING_NEEDS, FINDING_ONLY) as if/then clauses."""
    rules: list[dict[str, Any]] = []
    for name, kinds in FINDING_NEEDS.items():
        rules.append(
            {
                "if": {"properties": {"kind": {"enum": list(kinds)}}, "required": ["kind"]},
                "then": {"required": [name]},
                **({"else": {"not": {"required": [name]}}} if name in FINDING_ONLY else {}),
            }
        )
    return rules


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of one fact file."""
    properties: dict[str, Any] = {
        "meta": _shape_schema(META),
        "manifest": _shape_schema(MANIFEST),
        "sources": _field_schema(SOURCES),
    }
    for section, shape in SECTIONS.items():
        properties[section] = {"type": "array", "items": _shape_schema(shape)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://accords-bot.invalid/knowledge.schema.json",
        "title": "Accords Bot fact file",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }
