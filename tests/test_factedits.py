"""The tests' own fact tooling: the frozen copy is the whole fact base, edits fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import load_knowledge
from tests.factedits import FactEditError, invisible_edits, sign_kazakhstan
from tests.freeze_facts import freeze
from tests.helpers import FACTS_DIR


def test_the_frozen_copy_loads_and_holds_every_kind_of_file() -> None:
    """tests/facts/ loads with the real loader and has the language and golden files too."""
    kb = load_knowledge(FACTS_DIR)
    assert kb.members and kb.languages
    assert (FACTS_DIR / "golden" / "questions.yaml").is_file()


def test_freeze_copies_every_data_file_of_any_folder(tmp_path: Path) -> None:
    """A new fact file or folder (e.g. checks/) and the kind model are copied without changing
    the script; the corpus the model is learned from is not."""
    source = tmp_path / "knowledge"
    for folder in ("corpus", "checks", "model"):
        (source / folder).mkdir(parents=True)
    (source / "analysis.yaml").write_text("analysis: []\n", encoding="utf-8")
    (source / "checks" / "phrases.yaml").write_text("phrases: []\n", encoding="utf-8")
    (source / "model" / "kinds.npz").write_bytes(b"PK")
    (source / "corpus" / "questions.yaml").write_text("cases: []\n", encoding="utf-8")
    (source / "__init__.py").write_text("", encoding="utf-8")
    target = tmp_path / "frozen"
    copied = freeze(source, target)
    names = sorted(str(p.relative_to(target)) for p in copied)
    assert names == ["analysis.yaml", "checks/phrases.yaml", "model/kinds.npz"]
    assert (target / "README.md").is_file()


def test_sign_kazakhstan_names_itself_and_the_copy_when_its_text_is_gone(
    knowledge_copy: Path,
) -> None:
    """Applied twice, the helper fails naming itself and tests/facts/, not a file line."""
    sign_kazakhstan(knowledge_copy)
    with pytest.raises(FactEditError) as caught:
        sign_kazakhstan(knowledge_copy)
    message = str(caught.value)
    assert "tests/factedits.py:sign_kazakhstan" in message
    assert "tests/facts/" in message and "members.yaml" in message


def test_invisible_edits_name_themselves_when_the_record_is_missing(tmp_path: Path) -> None:
    """Without a Kazakhstan record the helper says which record it looked for."""
    (tmp_path / "members.yaml").write_text("members: []\n", encoding="utf-8")
    with pytest.raises(FactEditError, match="invisible_edits: the record 'kazakhstan'"):
        invisible_edits(tmp_path)


def test_the_readme_states_no_golden_count_that_can_go_stale() -> None:
    """The README names no count of golden cases (check prints them), so adding a case never
    leaves it wrong."""
    import re

    from tests.helpers import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert not re.search(r"\(\d+ cases\)|\d+ golden questions", text)
