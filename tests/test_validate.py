"""`validate`'s report: every mistake in one run, no knock-on lines, did-you-mean, one way of
naming a record, and paths an editor opened in the current folder can follow."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from bot.errors import KnowledgeErrors
from bot.knowledge import load_knowledge


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
