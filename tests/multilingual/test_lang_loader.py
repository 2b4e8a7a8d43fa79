"""Validation of the language files: every problem at FILE:LINE:COL."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from bot.errors import KnowledgeErrors
from bot.knowledge import load_knowledge
from bot.knowledge.models import KnowledgeBase


def _problems(folder: Path) -> list[str]:
    """Load `folder` from its parent folder, so problems are named `FOLDER/FILE:LINE:COL`."""
    with contextlib.chdir(folder.parent), pytest.raises(KnowledgeErrors) as caught:
        load_knowledge(folder)
    return [str(e) for e in caught.value.errors]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_missing_template_is_reported_at_its_section(knowledge_copy: Path) -> None:
    """A template en.yaml has and another file lacks is reported at that file's templates."""
    path = knowledge_copy / "lang" / "ru.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    templates_line = lines.index("templates:") + 2  # the mapping starts under its key
    _edit(path, '  title_latest: "Последние события"\n', "")
    problems = _problems(knowledge_copy)
    assert any(
        p.startswith(f"knowledge/lang/ru.yaml:{templates_line}:") and "missing 'title_latest'" in p
        for p in problems
    ), problems


def test_a_missing_label_is_reported(knowledge_copy: Path) -> None:
    """A status label missing from a language file is named with its file."""
    _edit(
        knowledge_copy / "lang" / "de.yaml", '  status_stalled: "Ins Stocken', '  x_stalled: "Ins'
    )
    problems = _problems(knowledge_copy)
    assert any("de.yaml" in p and "missing 'status_stalled'" in p for p in problems), problems
    assert any("de.yaml" in p and "labels.x_stalled" in p for p in problems), problems


def test_a_placeholder_the_template_cannot_fill_is_reported_at_its_line(
    knowledge_copy: Path,
) -> None:
    """{place} in a template English fills only with {name} is an error at FILE:LINE:COL."""
    path = knowledge_copy / "lang" / "fr.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, x in enumerate(lines, 1) if x.startswith("  title_where:"))
    _edit(path, '  title_where: "{name} : lieu de signature"', '  title_where: "{name} : {place}"')
    problems = _problems(knowledge_copy)
    assert any(
        p.startswith(f"knowledge/lang/fr.yaml:{line}:16:") and "placeholder {place}" in p
        for p in problems
    ), problems


def test_a_name_that_is_no_alias_of_its_record_is_reported(knowledge_copy: Path) -> None:
    """A state's name in a language must be among its record's aliases."""
    _edit(knowledge_copy / "lang" / "es.yaml", "  morocco: Marruecos", "  morocco: Marocos")
    problems = _problems(knowledge_copy)
    assert any("es.yaml" in p and "names.morocco" in p for p in problems), problems


def test_yaml_traps_are_caught(knowledge_copy: Path) -> None:
    """An unquoted `no` (a boolean to YAML) is not taken as a word."""
    _edit(knowledge_copy / "lang" / "en.yaml", '"on",', "no,")
    problems = _problems(knowledge_copy)
    assert any(p.startswith("knowledge/lang/en.yaml:23:") for p in problems), problems


def test_slash_command_wording_is_checked(knowledge_copy: Path) -> None:
    """A command name Discord would refuse, or an unknown command, is reported in its file."""
    _edit(knowledge_copy / "lang" / "de.yaml", 'ask.name: "fragen"', 'ask.name: "Frag mich"')
    _edit(knowledge_copy / "lang" / "fr.yaml", "  sources.name:", "  sauces.name:")
    problems = _problems(knowledge_copy)
    assert any("de.yaml" in p and "commands.ask.name" in p for p in problems), problems
    assert any("fr.yaml" in p and "commands.sauces.name" in p for p in problems), problems


def test_command_translations_cover_every_command_in_discords_languages(kb: KnowledgeBase) -> None:
    """ru, fr, es and de name and describe each shared command they translate, and its option."""
    from bot.answering.multilingual import Multilingual
    from bot.knowledge.commands import COMMANDS

    table = Multilingual(kb).command_translations()
    translated = {"ask", "members", "member", "timeline", "critiques", "sources", "about"}
    for spec in (c for c in COMMANDS if c.name in translated):
        keys = [f"{spec.name}.name", f"{spec.name}.description"]
        if spec.option is not None:
            keys += [f"{spec.name}.{spec.option.name}.name"]
            keys += [f"{spec.name}.{spec.option.name}.description"]
        for key in keys:
            assert set(table[key]) == {"ru", "fr", "es", "de"}, key
