"""`validate`'s report: every mistake in one run, no knock-on lines, did-you-mean, one way of
naming a record, and paths an editor opened in the current folder can follow; the base
validates itself whole: each file its manifest lists must be there, readable and not empty,
and a language file or folder that cannot be read is an error, not a dropped language."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.errors import KnowledgeErrors
from bot.knowledge import load_knowledge
from tests.helpers import unprivileged

REPO = Path(__file__).resolve().parents[1]
CLI = "from adapters.console.cli import main; main()"
LISTED = "manifest.yaml lists it among the files of this fact base"


def _problems(folder: Path, cwd: Path) -> list[str]:
    """Load `folder` from `cwd` and return every problem as printed."""
    with contextlib.chdir(cwd), pytest.raises(KnowledgeErrors) as caught:
        load_knowledge(folder)
    return [str(e) for e in caught.value.errors]


def _edit_record(folder: Path, record: str, edits: list[tuple[str, str]]) -> None:
    """Apply each (old, new) once inside `record` of members.yaml."""
    path = folder / "members.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {record}\n")
    end = text.find("\n  - id:", start + 1)
    end = len(text) if end < 0 else end
    part = text[start:end]
    for old, new in edits:
        assert old in part, old
        part = part.replace(old, new, 1)
    path.write_text(text[:start] + part + text[end:], encoding="utf-8")


def test_a_bad_date_hides_none_of_the_records_other_mistakes(knowledge_copy: Path) -> None:
    """A record with a bad date, an unknown source id and a misspelt field gets all three
    reported, and nothing else: its id is still known, its sources still count as cited."""
    _edit_record(
        knowledge_copy,
        "bahrain",
        [
            ('    verified_on: "', '    verified_on: "2026-13-45" # was "'),
            ("cite: [", "cite: [no-such-source, "),
            ("    status_detail:", "    status_detial: x\n    status_detail:"),
        ],
    )
    problems = _problems(knowledge_copy, knowledge_copy.parent)
    assert len(problems) == 3, problems
    assert all(p.startswith("knowledge/members.yaml:") for p in problems), problems
    assert all("members 'bahrain'" in p for p in problems), problems
    joined = "\n".join(problems)
    assert "'2026-13-45' is not a date" in joined
    assert "unknown source id 'no-such-source'" in joined
    assert "unknown field 'status_detial'; did you mean 'status_detail'?" in joined


def test_a_record_with_a_mistake_still_has_its_references_checked(knowledge_copy: Path) -> None:
    """An event with a bad date and an unknown `about` id reports both."""
    path = knowledge_copy / "timeline.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: e")
    date_at = text.index("    date: ", start)
    line_end = text.index("\n", date_at)
    text = text[:date_at] + '    date: "2020-02-30"' + text[line_end:]
    about_at = text.index("    about: [", start)
    text = text[:about_at] + "    about: [atlantis, " + text[about_at + len("    about: [") :]
    path.write_text(text, encoding="utf-8")
    problems = _problems(knowledge_copy, knowledge_copy.parent)
    assert len(problems) == 2, problems
    assert any("'2020-02-30' is not a date" in p for p in problems)
    assert any("about: unknown id 'atlantis'" in p for p in problems)


def test_misspelt_sections_and_values_get_a_did_you_mean(knowledge_copy: Path) -> None:
    """An unknown section or enum value names the likely one meant."""
    _edit_record(knowledge_copy, "bahrain", [("    status: ", "    status: in_forse #")])
    (knowledge_copy / "zz.yaml").write_text("memebers: []\n", encoding="utf-8")
    problems = "\n".join(_problems(knowledge_copy, knowledge_copy.parent))
    assert "unknown section 'memebers'; did you mean 'members'?" in problems
    assert "unknown value 'in_forse' (did you mean 'in_force'?)" in problems


def test_paths_are_relative_to_the_current_folder_or_absolute(knowledge_copy: Path) -> None:
    """From the folder above the facts a problem is `knowledge/FILE`; from inside them
    `FILE`; from elsewhere the absolute path, so an editor always finds it."""
    _edit_record(knowledge_copy, "bahrain", [("    status: ", "    status: joined #")])
    above = _problems(knowledge_copy, knowledge_copy.parent)
    inside = _problems(knowledge_copy, knowledge_copy)
    elsewhere_dir = knowledge_copy.parent / "elsewhere"
    elsewhere_dir.mkdir()
    elsewhere = _problems(knowledge_copy, elsewhere_dir)
    assert above[0].startswith("knowledge/members.yaml:")
    assert inside[0].startswith("members.yaml:")
    assert elsewhere[0].startswith(f"{knowledge_copy}{os.sep}members.yaml:")


# --- the base whole: the manifest's files, and languages that cannot be read ---------------


@pytest.mark.parametrize(
    "name", ["timeline.yaml", "critiques.yaml", "topics.yaml", "members.yaml", "people.yaml"]
)
def test_a_missing_required_file_is_one_error_naming_it(knowledge_copy: Path, name: str) -> None:
    """Deleting a file the manifest lists gives exactly one problem, at that file, and none of
    the lines the records elsewhere that refer to it would otherwise cause."""
    (knowledge_copy / name).unlink()
    problems = _problems(knowledge_copy, knowledge_copy.parent)
    assert problems == [f"knowledge/{name}:1:1: missing: {LISTED}"]


@pytest.mark.parametrize("how", ["fifo", "broken link", "bad yaml"])
def test_a_required_file_that_cannot_be_read_is_the_one_error(
    knowledge_copy: Path, how: str
) -> None:
    """members.yaml replaced by a FIFO, a link to nothing or text that is no YAML: the one
    problem names it, with none of the lines the records referring to members would add."""
    path = knowledge_copy / "members.yaml"
    path.unlink()
    if how == "fifo":
        os.mkfifo(path)
    elif how == "broken link":
        path.symlink_to(knowledge_copy / "gone.yaml")
    else:
        path.write_text("members: [\n  - id: uae\n", encoding="utf-8")
    problems = _problems(knowledge_copy, knowledge_copy.parent)
    assert len(problems) == 1, problems
    assert problems[0].startswith("knowledge/members.yaml:"), problems


def test_a_required_file_holding_no_records_is_an_error_naming_it(knowledge_copy: Path) -> None:
    """A listed file left with only an empty section (`events: []`) is refused by name, as an
    emptied one is: 72 events cannot vanish through a valid-looking edit."""
    (knowledge_copy / "timeline.yaml").write_text(
        "# yaml-language-server: $schema=schema.json\nevents: []\n", encoding="utf-8"
    )
    problems = _problems(knowledge_copy, knowledge_copy.parent)
    assert problems == [f"knowledge/timeline.yaml:1:1: holds no records: {LISTED}"]


def test_a_file_taken_out_of_the_manifest_may_go(knowledge_copy: Path) -> None:
    """A deliberate removal is a change to the manifest too; a base without a manifest (as the
    small ones tests build) requires no file but the one holding meta."""
    manifest = knowledge_copy / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("    - analysis.yaml\n", ""), encoding="utf-8")
    (knowledge_copy / "analysis.yaml").unlink()
    assert not load_knowledge(knowledge_copy).findings
    manifest.unlink()
    (knowledge_copy / "critiques.yaml").unlink()
    assert not load_knowledge(knowledge_copy).arguments


def test_a_missing_language_file_the_manifest_lists_is_named(knowledge_copy: Path) -> None:
    """A language the manifest lists cannot silently disappear with its file."""
    (knowledge_copy / "lang" / "fr.yaml").unlink()
    problems = _problems(knowledge_copy, knowledge_copy.parent)
    assert problems == [f"knowledge/lang/fr.yaml:1:1: missing: {LISTED}"]


def test_the_manifest_s_own_mistakes_are_reported_where_they_are(knowledge_copy: Path) -> None:
    """An entry that is no file of a fact base, one listed twice, and a manifest kept in
    another file (the reload watches manifest.yaml itself) are each reported at their place."""
    manifest = knowledge_copy / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("    - meta.yaml\n", "    - meta.yaml\n    - ../secrets.yaml\n", 1)
    text = text.replace("    - lang/de.yaml\n", "    - lang/de.yaml\n    - members.yaml\n", 1)
    manifest.unlink()
    (knowledge_copy / "zz-files.yaml").write_text(text, encoding="utf-8")
    problems = "\n".join(_problems(knowledge_copy, knowledge_copy.parent))
    assert "knowledge/zz-files.yaml:10:7: manifest.files[1]: '../secrets.yaml' is not" in problems
    assert "zz-files.yaml:26:7: manifest.files: 'members.yaml' is listed twice" in problems
    assert "knowledge/zz-files.yaml:8:3: the manifest belongs in manifest.yaml" in problems


def test_the_cli_refuses_a_missing_required_file_naming_it(knowledge_copy: Path) -> None:
    """`accords-bot validate` exits 1 with the missing file's `FILE:1:1` line."""
    (knowledge_copy / "critiques.yaml").unlink()
    result = _validate(knowledge_copy, cwd=knowledge_copy.parent)
    assert result.returncode == 1
    assert f"knowledge/critiques.yaml:1:1: missing: {LISTED}" in result.stdout + result.stderr


def _validate(
    folder: Path, cwd: Path, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", CLI, "validate", "--knowledge", str(folder)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        preexec_fn=preexec,  # only drops privileges, nothing thread-unsafe
        check=False,
    )


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda p: p.write_bytes(b"language: de\n\xff\xfe"), "not valid UTF-8"),
        (lambda p: (p.unlink(), p.mkdir()), "not a regular file"),
    ],
    ids=["invalid UTF-8", "a folder"],
)
def test_a_language_file_that_cannot_be_read_is_an_error_naming_it(
    knowledge_copy: Path, damage: Callable[[Path], object], problem: str
) -> None:
    """A language file that is not UTF-8 or not a file fails the load by name; German is
    never served as a dropped language."""
    damage(knowledge_copy / "lang" / "de.yaml")
    problems = _problems(knowledge_copy, knowledge_copy.parent)
    assert any(p.startswith(f"knowledge/lang/de.yaml:1:1: {problem}") for p in problems), problems


def test_a_language_folder_that_is_a_broken_link_is_an_error(knowledge_copy: Path) -> None:
    """lang/ replaced by a link to nowhere is named, not read as a base with no languages,
    even in a base without a manifest."""
    (knowledge_copy / "manifest.yaml").unlink()
    shutil.rmtree(knowledge_copy / "lang")
    (knowledge_copy / "lang").symlink_to(knowledge_copy / "nowhere")
    problems = _problems(knowledge_copy, knowledge_copy.parent)
    assert problems == ["knowledge/lang:1:1: cannot read the folder: No such file or directory"]


@pytest.fixture
def shared_copy(knowledge_copy: Path) -> Iterator[Path]:
    """A copy of the facts an unprivileged user can reach (a pytest folder is root's alone)."""
    top = Path(tempfile.mkdtemp(prefix="accords-facts-"))
    try:
        top.chmod(0o755)
        shutil.copytree(knowledge_copy, top / "knowledge")
        yield top / "knowledge"
    finally:
        shutil.rmtree(top)


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("lang/de.yaml", "knowledge/lang/de.yaml:1:1: cannot read file: Permission denied"),
        ("lang", "knowledge/lang:1:1: cannot read the folder: Permission denied"),
    ],
    ids=["file", "folder"],
)
def test_a_language_file_or_folder_without_read_permission_is_an_error(
    shared_copy: Path, target: str, problem: str
) -> None:
    """chmod 000 on a language file or on lang/ itself fails validate by name for a user who
    cannot read it, and only that: the rest of the base was read."""
    (shared_copy / target).chmod(0)
    try:
        result = _validate(shared_copy, cwd=shared_copy.parent, preexec=unprivileged())
    finally:
        (shared_copy / target).chmod(0o755 if target == "lang" else 0o644)
    lines = [line for line in (result.stdout + result.stderr).splitlines() if ".yaml" in line]
    assert result.returncode == 1, result.stderr
    assert problem in result.stdout + result.stderr
    assert all(line.startswith("knowledge/lang/") for line in lines), lines
