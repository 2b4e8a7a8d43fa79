"""The loader: the shipped facts load, and every kind of broken file is reported precisely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.errors import KnowledgeErrors
from bot.knowledge_loader import load_knowledge
from bot.models import KnowledgeBase, MemberStatus

MINIMAL = """\
meta:
  as_of: "2026-06"
  coverage: "Test coverage."
  report_hint: "Open an issue."
people:
  - id: someone
    name: Some One
    aliases: [Someone]
    role: "A role"
    summary: "A summary."
    sources: [{title: "A source", url: "https://example.org/a"}]
    verified_on: "2026-11-27"
"""


def _errors(folder: Path) -> list[str]:
    with pytest.raises(KnowledgeErrors) as info:
        load_knowledge(folder)
    return [str(e) for e in info.value.errors]


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_base_covers_the_required_entities(kb: KnowledgeBase) -> None:
    """The shipped base has the five members with their controlled statuses and key non-members."""
    statuses = {m.id: m.status for m in kb.members}
    assert statuses == {
        "uae": MemberStatus.IN_FORCE,
        "bahrain": MemberStatus.RELATIONS_ESTABLISHED,
        "morocco": MemberStatus.RELATIONS_RESTORED,
        "sudan": MemberStatus.STALLED,
        "kazakhstan": MemberStatus.ANNOUNCED,
    }
    related = {r.id for r in kb.related}
    for needed in (
        "egypt",
        "jordan",
        "saudi-arabia",
        "kosovo",
        "somaliland",
        "oman",
        "qatar",
        "indonesia",
        "mauritania",
        "lebanon",
        "syria",
        "pakistan",
        "azerbaijan",
        "turkey",
        "camp-david",
        "oslo",
    ):
        assert needed in related, needed
    assert {p.id for p in kb.people} >= {
        "trump",
        "kushner",
        "netanyahu",
        "abdullah-bin-zayed",
        "al-zayani",
        "tokayev",
        "mnuchin",
    }
    assert kb.content_hash and len(kb.content_hash) == 12


def test_kazakhstan_has_no_signing_and_somaliland_is_only_pledged(kb: KnowledgeBase) -> None:
    """'Announced' never becomes 'signed', and a pledge never becomes membership."""
    kaz = next(m for m in kb.members if m.id == "kazakhstan")
    assert kaz.signed is None
    somaliland = next(r for r in kb.related if r.id == "somaliland")
    assert somaliland.status is MemberStatus.PLEDGED
    assert not somaliland.status.is_member


def test_every_fact_is_sourced_and_dated(kb: KnowledgeBase) -> None:
    """Every record has at least one http(s) source and a verified_on date."""
    records = [*kb.members, *kb.related, *kb.people, *kb.events, *kb.topics, *kb.arguments]
    assert len(records) > 100
    for rec in records:
        assert rec.provenance.sources, rec.id
        for src in rec.provenance.sources:
            assert re.match(r"^https?://[^\s/]+", src.url), (rec.id, src.url)
            assert src.title.strip(), rec.id
        assert rec.provenance.verified_on.year >= 2026


def test_native_script_aliases_are_present(kb: KnowledgeBase) -> None:
    """Names in Arabic, Russian and Kazakh script are known aliases."""
    aliases = {a for m in kb.members for a in m.aliases}
    assert "Казахстан" in aliases
    assert "Қазақстан" in aliases
    assert any(re.search("[\u0600-\u06ff]", a) for a in aliases)


def test_minimal_file_loads(tmp_path: Path) -> None:
    """A minimal valid base loads, with the person and the as-of date."""
    _write(tmp_path, "base.yaml", MINIMAL)
    kb = load_knowledge(tmp_path)
    assert kb.people[0].name == "Some One"
    assert kb.as_of == "June 2026"


@pytest.mark.parametrize(
    ("snippet", "line", "needle"),
    [
        ("    role: [When was it signed?]\n", 9, "quote"),
        ("    role:\n      - Who: signed it?\n", 10, "expected text, got a list"),
        ("    role: NO\n", 9, "read as a true/false value"),
        ("    role: 1.10\n", 9, "read as a number"),
        ("    role: 2020-09-15\n", 9, "read as a date object"),
        ("    colour: blue\n", 10, "unknown field 'colour'"),
    ],
)
def test_yaml_traps_are_reported_at_their_line(
    tmp_path: Path, snippet: str, line: int, needle: str
) -> None:
    """PyYAML traps (flow '?', accidental mappings, NO, 1.10, bare dates) are caught precisely."""
    text = MINIMAL.replace('    role: "A role"\n', snippet)
    if "colour" in snippet:
        text = MINIMAL.replace('    role: "A role"\n', '    role: "A role"\n' + snippet)
    _write(tmp_path, "base.yaml", text)
    errors = _errors(tmp_path)
    assert any(
        e.startswith(f"{tmp_path.name}/base.yaml:{line}:") and needle in e for e in errors
    ), errors


def test_all_problems_are_reported_at_once(knowledge_copy: Path) -> None:
    """Several broken fields in several files are all reported, each with file:line:col."""
    members = knowledge_copy / "members.yaml"
    text = members.read_text(encoding="utf-8")
    text = text.replace("status: stalled", "status: sort-of-joined", 1)
    text = text.replace('"2020-08-13"', '"2020-13-45"', 1)
    members.write_text(text, encoding="utf-8")
    people = knowledge_copy / "people.yaml"
    ptext = people.read_text(encoding="utf-8")
    ptext = ptext.replace("https://", "htp:/", 1)
    people.write_text(ptext, encoding="utf-8")
    errors = _errors(knowledge_copy)
    assert any("members.yaml:" in e and "unknown value 'sort-of-joined'" in e for e in errors)
    assert any("members.yaml:" in e and "'2020-13-45' is not a date" in e for e in errors)
    assert any("people.yaml:" in e and "is not an http(s) URL" in e for e in errors)
    for e in errors:
        assert re.match(r"^knowledge/[a-z]+\.yaml:\d+:\d+: ", e), e


def test_duplicate_id_dangling_reference_and_alias_clash(knowledge_copy: Path) -> None:
    """Cross-file checks: duplicate ids, references to missing ids, one alias for two entities."""
    extra = """\
people:
  - id: trump
    name: Another Trump
    aliases: [Bahrain]
    role: "r"
    summary: "s"
    sources: [{title: "t", url: "https://example.org"}]
    verified_on: "2026-11-27"
events:
  - id: e2099-01-01-nothing
    date: "2099-01-01"
    text: "Nothing."
    about: [atlantis]
    sources: [{title: "t", url: "https://example.org"}]
    verified_on: "2026-11-27"
"""
    _write(knowledge_copy, "zz-extra.yaml", extra)
    errors = "\n".join(_errors(knowledge_copy))
    assert re.search(r"zz-extra\.yaml:2:\d+: duplicate id 'trump'", errors), errors
    assert re.search(r"zz-extra\.yaml:13:\d+: events\.about: unknown id 'atlantis'", errors)
    assert "alias 'Bahrain'" in errors and "already claimed by 'bahrain'" in errors


def test_missing_required_field_is_named(tmp_path: Path) -> None:
    """A record without a required field names the field and the record's line."""
    _write(tmp_path, "base.yaml", MINIMAL.replace('    summary: "A summary."\n', ""))
    errors = _errors(tmp_path)
    assert any(":6:" in e and "missing required field 'summary'" in e for e in errors), errors


def test_alias_bomb_is_refused_without_expanding(tmp_path: Path) -> None:
    """Anchors and aliases are refused, so a billion-laughs file cannot expand."""
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        bomb.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    text = MINIMAL.replace('    role: "A role"\n', '    role: "A role"\n')
    _write(tmp_path, "base.yaml", text + "\n".join(f"# {b}" for b in bomb))
    load_knowledge(tmp_path)  # comments are harmless
    people_bomb = MINIMAL.replace("    aliases: [Someone]\n", "    aliases: &x [Someone]\n")
    people_bomb = people_bomb.replace('    role: "A role"\n', '    role: "A role"\n')
    people_bomb += "  - id: other\n    name: Other\n    aliases: *x\n    role: r\n    summary: s\n"
    people_bomb += "    sources: [{title: t, url: 'https://example.org'}]\n"
    people_bomb += "    verified_on: '2026-11-27'\n"
    _write(tmp_path, "base.yaml", people_bomb)
    errors = _errors(tmp_path)
    assert any("anchors and aliases" in e for e in errors), errors


def test_python_tags_are_not_constructed(tmp_path: Path) -> None:
    """A python/object tag never runs: the value is refused as not text."""
    text = MINIMAL.replace(
        '    role: "A role"\n', "    role: !!python/object/apply:os.system [echo hi]\n"
    )
    _write(tmp_path, "base.yaml", text)
    errors = _errors(tmp_path)
    assert any(":9:" in e for e in errors), errors


def test_not_utf8_and_empty_directory(tmp_path: Path) -> None:
    """Invalid UTF-8 is reported per file, and an empty directory is an error, not a crash."""
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no *.yaml fact files" in _errors(empty)[0]
    bad = tmp_path / "bad"
    _write(bad, "base.yaml", MINIMAL)
    (bad / "zz.yaml").write_bytes(b"people: \xff\xfe\n")
    assert any("not valid UTF-8" in e for e in _errors(bad))
