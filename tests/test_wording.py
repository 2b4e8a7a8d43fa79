"""The wording package: one namespace, each name defined in exactly one of its files."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import bot.wording


def _defined(path: Path) -> set[str]:
    """Return the public names a module defines at top level (not the ones it imports)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return {n for n in names if not n.startswith("_")}


def test_every_name_of_the_wording_files_is_in_bot_wording_and_defined_once() -> None:
    """A name in two files would let one silently replace the other in `bot.wording`."""
    seen: dict[str, str] = {}
    for info in pkgutil.iter_modules(bot.wording.__path__):
        module = importlib.import_module(f"bot.wording.{info.name}")
        assert module.__file__ is not None
        for name in _defined(Path(module.__file__)):
            assert name not in seen, f"{name} is defined in {seen[name]} and in {info.name}"
            seen[name] = info.name
            assert getattr(bot.wording, name) is getattr(module, name), name
    assert {"WHICH_COUNTRY", "member_title", "APOLOGY", "label", "change_line"} <= set(seen)
