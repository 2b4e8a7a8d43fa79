"""Findings: reasons, effects, reactions, prospects, gains and assessments as typed records.

The shape of one finding is checked in `shapes` like any record's; what needs the whole base is
checked here: the rules that depend on a finding's kind (a view names who holds it, a gain its
party, an assessment its side, and neither field elsewhere) and the ids it names, which must be
records of the base or the reserved ids of `schema.FINDING_IDS_ALWAYS_KNOWN`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.errors import KnowledgeError
from bot.knowledge.models import Claim, Finding, FindingKind, Provenance, Stance
from bot.knowledge.nodes import Checker, Located, value_node
from bot.knowledge.schema import ACCORDS_ID, FINDING_IDS_ALWAYS_KNOWN, FINDING_NEEDS, FINDING_ONLY

_NEEDED_FOR = {
    "by": "who says or holds it",
    "party": "the id of the party that got it",
    "side": "favourable, critical or mixed",
}


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _check_kind_rules(path: str, item: dict[str, Any], check: Checker) -> None:
    """Report a field the finding's kind requires but lacks, or carries but may not have."""
    kind = item["kind"]
    label = f"findings {item['id']!r}"
    for name, kinds in FINDING_NEEDS.items():
        if kind in kinds and name not in item.get("__keys__", item):
            check.fail(
                path,
                item["__node__"],
                f"{label}: {_a(kind)} needs {name!r} ({_NEEDED_FOR[name]})",
            )
        elif kind not in kinds and name in item and name in FINDING_ONLY:
            allowed = " or ".join(kinds)
            check.fail(
                path,
                value_node(item, name),
                f"{label}: {name!r} belongs only to {_a(allowed)} finding, not to {_a(kind)}",
            )


def _check_refs(item: dict[str, Any], known: set[str], check: Checker) -> None:
    """Report `about` and `party` ids that name no record."""
    label = f"findings {item['id']!r}"
    refs: list[tuple[str, Located]] = [("about", ref) for ref in item["about"]]
    if "party" in item:
        refs.append(("party", item["party"]))
    for name, ref in refs:
        allowed = known | FINDING_IDS_ALWAYS_KNOWN
        hint = f"; {ACCORDS_ID!r} names the accords as a whole"
        if name == "party":
            allowed, hint = allowed - {ACCORDS_ID}, ""
        if ref.value in allowed:
            continue
        problem = f"unknown id {ref.value!r} (no record has it{hint})"
        if ref.value == ACCORDS_ID:
            problem = f"{ACCORDS_ID!r} names the accords, not a party"
        check.errors.append(
            KnowledgeError(ref.path, ref.line, ref.column, f"{label} {name}: {problem}")
        )


def check_reserved_ids(
    sections: dict[str, list[tuple[str, dict[str, Any]]]], check: Checker
) -> None:
    """Report a record that takes the id reserved for the accords as a whole."""
    for section, items in sections.items():
        for path, item in items:
            loc = item["id"]
            value = loc.value if isinstance(loc, Located) else loc
            if value == ACCORDS_ID:
                check.fail(
                    path,
                    value_node(item, "id"),
                    f"{section}: the id {ACCORDS_ID!r} is reserved for the accords as a whole",
                )


def build_findings(
    items: list[tuple[str, dict[str, Any]]],
    known: set[str],
    check: Checker,
    provenance: Callable[[str, dict[str, Any]], Provenance],
    claims: Callable[[dict[str, Any]], tuple[Claim, ...]],
) -> list[Finding]:
    """Check each finding's kind rules and ids; return the findings in file order."""
    out: list[Finding] = []
    for path, item in items:
        _check_kind_rules(path, item, check)
        _check_refs(item, known, check)
        party = item.get("party")
        side = item.get("side")
        out.append(
            Finding(
                id=item["id"],
                kind=FindingKind(item["kind"]),
                about=tuple(ref.value for ref in item["about"]),
                by=item.get("by", ""),
                party=party.value if isinstance(party, Located) else "",
                side=Stance(side) if side else None,
                date=item["date"],
                text=item["text"],
                caveats=item["__caveats__"],
                provenance=provenance(path, item),
                claims=claims(item),
            )
        )
    return out
