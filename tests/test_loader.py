"""The loader: the facts load, every shipped claim cites its sources, and every kind of broken
file is reported precisely."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest

from bot.answer import Source
from bot.errors import KnowledgeErrors
from bot.knowledge import load_knowledge
from bot.knowledge.models import (
    KnowledgeBase,
    MemberStatus,
)

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
    cite: [a]
    sources: [{id: a, title: "A source", url: "https://example.org/a"}]
    verified_on: "2026-11-27"
"""

# A member whose claims cite a record-level source ('own') and a file-level one ('shared').
CITED = """\
meta:
  as_of: "2026-06"
  coverage: "Test coverage."
  report_hint: "Open an issue."
sources:
  - {id: shared, title: "Shared", url: "https://example.org/shared"}
members:
  - id: land
    name: Land
    status: announced
    status_detail:
      text: "Announced, no signing on record."
      cite: [own, shared]
      caveats: ["Not verified: a signing."]
    announced:
      date: "2025-11-06"
      detail: "Announced after a call."
      cite: [own]
    signed:
      date: "2025-12-01"
      place: "Capital"
      documents: ["Declaration"]
      cite: [own]
      signatories:
        - {name: "A", role: "Minister (2025)", cite: [shared]}
        - {name: "B", role: "Envoy (2025)", cite: [own, shared]}
      detail: {text: "Quietly.", cite: [shared]}
    milestones:
      - {date: "2025-11-07", text: "A statement.", cite: [shared]}
    caveats: ["A record-level caveat."]
    sources:
      - {id: own, title: "Own", url: "https://example.org/own"}
    verified_on: "2026-11-27"
"""

# URLs the reference sheet gives only as plain http, on sites with no https copy on record.
_HTTP_ONLY_IN_SHEET = {
    "http://toccoafallsradio.org/note/10424/experts-react-kazakhstan-will-join-the-abraham",
    "http://www.yourminingnews.com/the-sudan-israel-agreement-is-subject-to-legislative-approval-the-minister-said-sudan/",
}


def _errors(folder: Path) -> list[str]:
    """Load `folder` from its parent folder, so problems are named `FOLDER/FILE:LINE:COL`."""
    with contextlib.chdir(folder.parent), pytest.raises(KnowledgeErrors) as info:
        load_knowledge(folder)
    return [str(e) for e in info.value.errors]


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_frozen_base_covers_the_required_entities(kb: KnowledgeBase) -> None:
    """The frozen base has the five members with their controlled statuses and key non-members."""
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


def test_israel_the_palestinians_and_the_broker_have_true_statuses(kb: KnowledgeBase) -> None:
    """Israel is a party, the Palestinians no party, the US the broker; none counts as a member."""
    related = {r.id: r for r in kb.related}
    assert related["israel"].status is MemberStatus.PARTY
    assert related["palestinians"].status is MemberStatus.NOT_A_PARTY
    assert related["united-states"].status is MemberStatus.BROKER
    assert not any(related[i].status.is_member for i in ("israel", "palestinians", "united-states"))
    israel = related["israel"].summary
    for signer, day in (
        ("Netanyahu", "15 September 2020"),
        ("Ben-Shabbat", "22 December 2020"),
        ("Ushpiz", "18 October 2020"),
    ):
        assert signer in israel and day in israel, (signer, day)
    assert {"PA", "Palestine", "Palestinian Authority"} <= {
        *related["palestinians"].aliases,
        related["palestinians"].name,
    }
    assert "ישראל" in related["israel"].aliases and "إسرائيل" in related["israel"].aliases


@pytest.mark.parametrize(("section", "status"), [("members", "party"), ("members", "broker")])
def test_the_party_and_broker_statuses_are_refused_for_members(
    knowledge_copy: Path, section: str, status: str
) -> None:
    """A member cannot take a non-member status: 'party' and 'broker' belong to related entries."""
    path = knowledge_copy / f"{section}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: stalled", f"status: {status}", 1),
        encoding="utf-8",
    )
    assert any(f"unknown value {status!r}" in e for e in _errors(knowledge_copy))


def test_kazakhstan_has_no_signing_and_somaliland_is_only_pledged(kb: KnowledgeBase) -> None:
    """'Announced' never becomes 'signed', and a pledge never becomes membership."""
    kaz = next(m for m in kb.members if m.id == "kazakhstan")
    assert kaz.signed is None
    somaliland = next(r for r in kb.related if r.id == "somaliland")
    assert somaliland.status is MemberStatus.PLEDGED
    assert not somaliland.status.is_member


def test_member_claims_expose_their_own_sources(kb: KnowledgeBase) -> None:
    """Each member's date blocks, signatories, status, offer and milestones carry sources."""
    for m in kb.members:
        assert m.announced.sources and m.status_detail_sources, m.id
        if m.offered:
            assert m.offered_sources, m.id
        if m.ratification:
            assert m.ratification_sources, m.id
        if m.signed is not None:
            assert m.signed.sources and m.signed.signatory_sources, m.id
            assert all(s.sources for s in m.signed.signatories), m.id
            assert bool(m.signed.detail) == bool(m.signed.detail_sources), m.id
        assert all(ms.sources for ms in m.milestones), m.id
        cited = {s for c in m.claims for s in c.sources}
        assert set(m.sources) == cited, m.id
    for r in kb.related:
        assert r.summary_sources and r.why_not_sources, r.id


def test_a_date_claim_does_not_carry_unrelated_sources(kb: KnowledgeBase) -> None:
    """Morocco's signing cites the Rabat signing sources, not the liaison-office reports."""
    morocco = next(m for m in kb.members if m.id == "morocco")
    assert morocco.signed is not None
    signing_urls = {s.url for s in morocco.signed.sources}
    assert not any("liaison" in u or "maghrebi" in u for u in signing_urls), signing_urls
    # the caveat on what Morocco signed qualifies the signing's detail, not its date and place
    signing_claim = next(c for c in morocco.claims if c.field == "signed")
    detail_claim = next(c for c in morocco.claims if c.field == "signed.detail")
    assert not signing_claim.caveats
    assert detail_claim.caveats and "Abraham Accords Declaration" in detail_claim.caveats[0]
    assert not any("liaison office" in c for c in detail_claim.caveats)


def test_audit_corrections_hold(kb: KnowledgeBase) -> None:
    """The fact-audit corrections stay made (embassies, Kazakhstan's label, aliases, hedges)."""
    members = {m.id: m for m in kb.members}
    assert "each other's capitals" not in members["uae"].status_detail
    assert "Abu Dhabi" in members["uae"].status_detail
    assert "Tel Aviv" in members["uae"].status_detail
    assert "opened embassies in 2021" not in members["bahrain"].status_detail
    assert members["kazakhstan"].status_detail.startswith(
        "Accession announced on 6 November 2025, no signing on record"
    )
    assert "Sudanese" in members["sudan"].aliases
    assert "armenia" in {r.id for r in kb.related}
    pakistan = next(r for r in kb.related if r.id == "pakistan")
    assert "low-reliability" in pakistan.summary
    topics = {t.id: t for t in kb.topics}
    assert "Vance" in topics["us-role"].answer
    assert "13 April" not in topics["iran-war-context"].answer
    assert "Joint Declaration" in topics["what-are-the-accords"].answer


def test_issue_19_audit_corrections_hold(kb: KnowledgeBase) -> None:
    """Claims cite pages that carry them, offices are dated, and 'joined' is not overstated."""
    related = {r.id: r for r in kb.related}
    members = {m.id: m for m in kb.members}
    people = {p.id: p for p in kb.people}
    topics = {t.id: t for t in kb.topics}
    assert "confused" not in related["oslo"].summary
    assert "F-35" not in related["saudi-arabia"].summary
    assert "naharnet" not in " ".join(s.url for m in kb.members for s in m.sources)
    assert any("besacenter" in s.url for s in people["witkoff"].sources)
    for m in kb.members:
        for signatory in m.signed.signatories if m.signed else ():
            assert re.search(r"\b(19|20)\d\d\b", signatory.role), (m.id, signatory.role)
    assert "at the time" in people["abdullah-bin-zayed"].summary
    assert "Sudan's signing of the Declaration" in kb.meta.about
    assert "Morocco and Sudan from 2020" not in kb.meta.about
    assert "None of the countries named" not in topics["trump-2026-demand"].answer
    assert "have joined in different ways" not in topics["how-to-join"].answer
    english = next(p for p in kb.languages if p.code == "en")
    german = next(p for p in kb.languages if p.code == "de")
    assert "joined" not in english.templates["title_how"]
    assert "Beitritt erfolgte" not in german.templates["title_when"]
    assert members["kazakhstan"].signed is None
    http = {s.url for c in kb.claims for s in c.sources if s.url.startswith("http://")}
    assert http <= _HTTP_ONLY_IN_SHEET, http - _HTTP_ONLY_IN_SHEET


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
    cite: [t]
    sources: [{id: t, title: "t", url: "https://example.org"}]
    verified_on: "2026-11-27"
events:
  - id: e2099-01-01-nothing
    date: "2099-01-01"
    text: "Nothing."
    about: [atlantis]
    cite: [t]
    sources: [{id: t, title: "t", url: "https://example.org"}]
    verified_on: "2026-11-27"
"""
    _write(knowledge_copy, "zz-extra.yaml", extra)
    errors = "\n".join(_errors(knowledge_copy))
    assert re.search(r"zz-extra\.yaml:2:\d+: people 'trump': duplicate id", errors), errors
    assert re.search(
        r"zz-extra\.yaml:14:\d+: events 'e2099-01-01-nothing' about: unknown id 'atlantis'", errors
    )
    assert "people 'trump': alias 'Bahrain' is already claimed by 'bahrain'" in errors


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
    people_bomb += "    cite: [t]\n"
    people_bomb += "    sources: [{id: t, title: t, url: 'https://example.org'}]\n"
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


def test_claims_resolve_their_own_sources(tmp_path: Path) -> None:
    """Each claim gets the sources it cites, the record the union in order of first citation."""
    _write(tmp_path, "base.yaml", CITED)
    land = load_knowledge(tmp_path).members[0]
    own, shared = (
        Source("Own", "https://example.org/own"),
        Source("Shared", "https://example.org/shared"),
    )
    assert land.status_detail == "Announced, no signing on record."
    assert land.status_detail_sources == (own, shared)
    assert land.announced.sources == (own,)
    assert land.signed is not None
    assert land.signed.sources == (own,)
    assert [s.sources for s in land.signed.signatories] == [(shared,), (own, shared)]
    assert land.signed.signatory_sources == (shared, own)
    assert (land.signed.detail, land.signed.detail_sources) == ("Quietly.", (shared,))
    assert land.milestones[0].sources == (shared,)
    assert land.ratification == "" and land.ratification_sources == ()
    assert land.sources == land.provenance.sources == (own, shared)
    assert [c.field for c in land.claims] == [
        "status_detail",
        "announced",
        "signed",
        "signed.signatories[0]",
        "signed.signatories[1]",
        "signed.detail",
        "milestones[0]",
    ]
    assert land.claims[0].source_ids == ("own", "shared")
    assert land.claims[0].caveats == ("Not verified: a signing.",)
    assert land.caveats == ("Not verified: a signing.", "A record-level caveat.")


_OWN = '      - {id: own, title: "Own", url: "https://example.org/own"}\n'


@pytest.mark.parametrize(
    ("old", "new", "where", "needle"),
    [
        (
            '      detail: "Announced after a call."\n      cite: [own]\n',
            '      detail: "Announced after a call."\n',
            "16:7",
            "members 'land' announced: claim has no source",
        ),
        (
            '    status_detail:\n      text: "Announced, no signing on record."\n'
            "      cite: [own, shared]\n"
            '      caveats: ["Not verified: a signing."]\n',
            '    status_detail: "Announced, no signing on record."\n',
            "11:20",
            "status_detail: a claim must cite its sources; write {text:",
        ),
        (
            '        - {name: "A", role: "Minister (2025)", cite: [shared]}',
            '        - {name: "A", role: "Minister (2025)", cite: []}',
            "25:54",
            "signatories[0].cite: a claim must cite at least one source id",
        ),
        (
            "      cite: [own, shared]\n",
            "      cite: [own, nope]\n",
            "13:19",
            "status_detail: unknown source id 'nope'",
        ),
        (
            "      cite: [own]\n      signatories",
            "      cite: [own, own]\n      signatories",
            "23:19",
            "signed: cites 'own' twice",
        ),
        (
            _OWN,
            _OWN + '      - {id: spare, title: "Spare", url: "https://example.org/spare"}\n',
            "33:14",
            "source 'spare' is declared but no claim cites it",
        ),
        (
            '  - {id: shared, title: "Shared", url: "https://example.org/shared"}\n',
            '  - {id: shared, title: "Shared", url: "https://example.org/shared"}\n'
            '  - {id: idle, title: "Idle", url: "https://example.org/idle"}\n',
            "7:10",
            "source 'idle' is declared but no claim cites it",
        ),
        (
            _OWN,
            _OWN + '      - {title: "Anon", url: "https://example.org/anon"}\n',
            "33:9",
            "members 'land' sources: a source needs an id that claims cite",
        ),
        (
            _OWN,
            _OWN + '      - {id: shared, title: "Again", url: "https://example.org/again"}\n',
            "33:14",
            "source id 'shared' is already declared at line 6",
        ),
        (
            _OWN,
            _OWN + '      - {id: again, title: "Again", url: "https://example.org/own"}\n',
            "33:14",
            "https://example.org/own is already declared as 'own'; cite that id",
        ),
    ],
    ids=[
        "claim-without-cite",
        "bare-text-claim",
        "empty-cite",
        "unknown-id",
        "cited-twice",
        "unused-record-source",
        "unused-file-source",
        "source-without-id",
        "id-shadows-file-source",
        "url-declared-twice",
    ],
)
def test_citation_problems_are_reported_at_file_line_col(
    tmp_path: Path, old: str, new: str, where: str, needle: str
) -> None:
    """A claim without a source, an unresolved id and an unused source each point at their spot."""
    assert old in CITED
    text = CITED.replace(old, new, 1)
    _write(tmp_path, "base.yaml", text)
    errors = _errors(tmp_path)
    prefix = f"{tmp_path.name}/base.yaml:{where}: "
    assert any(e.startswith(prefix) and needle in e for e in errors), errors


def test_every_citation_problem_in_a_file_is_reported_together(tmp_path: Path) -> None:
    """Unused, unknown and missing citations in one file are all reported in one load."""
    text = CITED.replace("      cite: [own, shared]\n", "      cite: [nope]\n", 1)
    text = text.replace(
        '      detail: "Announced after a call."\n      cite: [own]\n', '      detail: "d"\n'
    )
    text = text.replace(
        _OWN, _OWN + '      - {id: spare, title: "S", url: "https://example.org/s"}\n'
    )
    _write(tmp_path, "base.yaml", text)
    errors = _errors(tmp_path)
    assert len(errors) == 3, errors
    assert any(":13:14:" in e and "unknown source id 'nope'" in e for e in errors)
    assert any(":16:7:" in e and "announced: claim has no source" in e for e in errors)
    assert any(":32:14: source 'spare' is declared but no claim cites it" in e for e in errors)


def test_a_broken_source_is_reported_once(tmp_path: Path) -> None:
    """A declared source with a bad URL is one problem, not one more per claim citing it."""
    _write(tmp_path, "base.yaml", CITED.replace("https://example.org/own", "ftp://x"))
    errors = _errors(tmp_path)
    assert len(errors) == 1 and "is not an http(s) URL" in errors[0], errors


@pytest.mark.parametrize(
    ("old", "new", "where", "needle"),
    [
        (
            'role: "Minister (2025)", ',
            'role: "Minister", ',
            "25:29",
            "signed.signatories.role: 'Minister' does not say when the office was held",
        ),
        (
            '{name: "A", role: "Minister (2025)", ',
            '{name: "A", ',
            "25:11",
            "give the office held when signing with its date",
        ),
    ],
    ids=["undated-office", "no-office-and-no-person"],
)
def test_a_signatory_office_carries_its_date(
    tmp_path: Path, old: str, new: str, where: str, needle: str
) -> None:
    """An office in a signatory list says when it was held, or comes from the person's record."""
    assert old in CITED
    _write(tmp_path, "base.yaml", CITED.replace(old, new, 1))
    errors = _errors(tmp_path)
    assert any(e.startswith(f"{tmp_path.name}/base.yaml:{where}: ") and needle in e for e in errors)


def test_a_signatory_without_an_office_takes_the_person_s_role(tmp_path: Path) -> None:
    """Leaving out the role and naming the person shows the role of the person's record."""
    text = CITED.replace('{name: "A", role: "Minister (2025)", ', '{name: "A", person: someone, ')
    people = MINIMAL.split("people:\n", 1)[1].replace("cite: [a]", "cite: [shared]")
    people = people.replace(
        '    sources: [{id: a, title: "A source", url: "https://example.org/a"}]\n', ""
    )
    _write(tmp_path, "base.yaml", text + "people:\n" + people)
    land = load_knowledge(tmp_path).members[0]
    assert land.signed is not None
    assert (land.signed.signatories[0].role, land.signed.signatories[0].person) == (
        "A role",
        "someone",
    )
