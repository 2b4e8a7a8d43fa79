"""Findings: reasons, effects, reactions, prospects, gains and assessments load as sourced
claims, and every broken finding is reported at its file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer import Source
from bot.errors import KnowledgeErrors
from bot.knowledge import load_knowledge
from bot.knowledge.models import FindingKind, KnowledgeBase, Stance

BASE = """\
meta:
  as_of: "2026-06"
  coverage: "Test coverage."
  report_hint: "Open an issue."
sources:
  - {id: a, title: "A source", url: "https://example.org/a"}
people:
  - id: someone
    name: Some One
    role: "A role"
    summary: "A summary."
    cite: [a]
    verified_on: "2026-11-27"
findings:
  - id: f-reason
    kind: reason
    about: [someone, accords]
    by: "Some One"
    date: "2020-08-13"
    text: "According to Some One, it was done to stop something."
    cite: [a]
    verified_on: "2026-12-07"
  - id: f-gain
    kind: gain
    about: [israel, palestinians]
    party: israel
    date: "~2020-09"
    text: "Israel got something."
    caveats: ["Not verified: the month."]
    cite: [a]
    verified_on: "2026-12-07"
  - id: f-assessment
    kind: assessment
    about: [accords]
    by: "A critic"
    side: critical
    date: "2021"
    text: "A critic said it was not real peace."
    cite: [a]
    verified_on: "2026-12-07"
"""


def _errors(folder: Path) -> list[str]:
    with pytest.raises(KnowledgeErrors) as info:
        load_knowledge(folder)
    return [str(e) for e in info.value.errors]


def _write(folder: Path, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "base.yaml").write_text(text, encoding="utf-8")


def test_findings_load_with_their_kind_parties_dates_and_sources(tmp_path: Path) -> None:
    """Each finding keeps its kind, ids, holder, party, side, fuzzy date, caveats and source."""
    _write(tmp_path, BASE)
    kb = load_knowledge(tmp_path)
    reason, gain, assessment = kb.findings
    source = Source("A source", "https://example.org/a")
    assert (reason.id, reason.kind, reason.about) == (
        "f-reason",
        FindingKind.REASON,
        ("someone", "accords"),
    )
    assert (reason.by, reason.party, reason.side) == ("Some One", "", None)
    assert reason.date.iso == "2020-08-13" and reason.sources == (source,)
    assert (gain.party, gain.by, gain.date.approximate) == ("israel", "", True)
    assert gain.caveats == ("Not verified: the month.",)
    assert assessment.side is Stance.CRITICAL and assessment.date.iso == "2021"
    assert [c.field for f in kb.findings for c in f.claims] == ["finding"] * 3
    assert reason.provenance.verified_on.iso == "2026-12-07"
    assert kb.findings[0].claims[0] in kb.claims
    assert all(f.id not in {r.id for r in kb.records} for f in kb.findings)


def test_a_base_without_findings_loads_with_none(tmp_path: Path) -> None:
    """The findings section is optional: a base without one has no findings."""
    _write(tmp_path, BASE.split("findings:")[0])
    assert load_knowledge(tmp_path).findings == ()


_REASON = '    by: "Some One"\n    date: "2020-08-13"\n'


@pytest.mark.parametrize(
    ("old", "new", "where", "needle"),
    [
        ("    kind: reason\n", "    kind: opinion\n", "16:11", "unknown value 'opinion'"),
        ("    side: critical\n", "    side: hostile\n", "36:11", "unknown value 'hostile'"),
        (_REASON, '    date: "2020-08-13"\n', "15:5", "a reason needs 'by'"),
        ("    party: israel\n", "", "23:5", "a gain needs 'party'"),
        ("    side: critical\n", "", "32:5", "an assessment needs 'side'"),
        (_REASON, _REASON + "    side: mixed\n", "20:11", "'side' belongs only to"),
        (
            "    kind: assessment\n",
            "    kind: effect\n    party: israel\n",
            "34:12",
            "'party' belongs only to a gain finding, not to an effect",
        ),
        ("[someone, accords]", "[someone, atlantis]", "17:22", "about: unknown id 'atlantis'"),
        ("[someone, accords]", "[]", "17:12", "about: needs at least 1 item"),
        ("    party: israel\n", "    party: atlantis\n", "26:12", "party: unknown id 'atlantis'"),
        (
            "    party: israel\n",
            "    party: accords\n",
            "26:12",
            "party: 'accords' names the accords, not a party",
        ),
        (
            '    cite: [a]\n    verified_on: "2026-12-07"\n  - id: f-gain',
            '    verified_on: "2026-12-07"\n  - id: f-gain',
            "15:5",
            "claim has no source",
        ),
        ('    date: "~2020-09"\n', "", "23:5", "missing required field 'date'"),
        ('    date: "~2020-09"\n', "    date: 2020-09-01\n", "27:11", "read as a date object"),
        ("  - id: someone\n", "  - id: accords\n", "8:9", "'accords' is reserved"),
    ],
    ids=[
        "unknown-kind",
        "unknown-side",
        "reason-without-by",
        "gain-without-party",
        "assessment-without-side",
        "side-on-a-reason",
        "party-on-an-effect",
        "about-names-no-record",
        "about-empty",
        "party-names-no-record",
        "party-is-the-accords",
        "no-cite",
        "no-date",
        "unquoted-date",
        "record-takes-reserved-id",
    ],
)
def test_broken_findings_are_reported_at_file_line_col(
    tmp_path: Path, old: str, new: str, where: str, needle: str
) -> None:
    """Each rule of a finding is enforced, and its problem points at the value or the record."""
    assert old in BASE
    _write(tmp_path, BASE.replace(old, new, 1))
    errors = _errors(tmp_path)
    prefix = f"{tmp_path.name}/base.yaml:{where}: "
    assert any(prefix in e and needle in e for e in errors), errors


def test_a_finding_id_clashes_with_a_record_id(tmp_path: Path) -> None:
    """Finding ids are unique across every section and file."""
    _write(tmp_path, BASE.replace("  - id: f-reason\n", "  - id: someone\n", 1))
    errors = _errors(tmp_path)
    assert any(":15:9: findings 'someone': duplicate id" in e for e in errors), errors


def test_shipped_findings_are_sourced_attributed_and_checked(kb: KnowledgeBase) -> None:
    """Every shipped finding cites an https source, and a view names its holder in the text."""
    assert len(kb.findings) >= 3
    kinds = {f.kind for f in kb.findings}
    assert FindingKind.GAIN in kinds and FindingKind.REACTION in kinds
    for f in kb.findings:
        assert f.sources and all(s.url.startswith("https://") for s in f.sources), f.id
        assert f.provenance.verified_on.year >= 2026, f.id
        if f.kind.is_view:
            assert f.by, f.id
            names = [w.strip(".,") for w in f.by.split() if len(w) > 3 and w[0].isupper()]
            named = any(n in f.text for n in names) or f.by.casefold() in f.text.casefold()
            assert named, (f.id, f.by, f.text)
