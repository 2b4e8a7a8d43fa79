"""The layers of `bot/` are the folders: each package imports only the packages below it.

From the bottom: the base types at the top of `bot/` (answer, config, errors, state), then
knowledge (the facts), understanding (reading questions), wording (the words around answers),
answering (deciding and composing), the façade `bot/engine.py`, then the service layer and the
quality tools beside it, and infra. An import that goes up a layer, or sideways between the two
packages that share one, makes a cycle waiting to happen: this test names it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"

BASE = frozenset({"answer", "config", "errors", "state"})
"""The modules at the top of bot/ every layer may import: the answer types, config, errors and
the conversation state."""

LAYERS = {
    "knowledge": 1,
    "understanding": 2,
    "wording": 3,
    "answering": 4,
    "engine": 5,
    "service": 6,
    "quality": 6,
    "infra": 7,
}

TOP_LEVEL = BASE | {"__init__", "engine"}


def _part(module: str) -> str:
    """Return the part of bot/ a dotted module name belongs to ("bot.answering.x" → answering)."""
    return module.split(".")[1]


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "bot":
                found |= {f"bot.{alias.name}" for alias in node.names}
            elif node.module.startswith("bot."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("bot.")}
    return found


def _owner(path: Path) -> str:
    rel = path.relative_to(BOT)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _modules() -> list[Path]:
    return sorted(BOT.rglob("*.py"))


def test_the_top_of_bot_holds_the_facade_and_the_base_types_only() -> None:
    """At most six modules sit directly in bot/: the façade, the answer types, config, errors,
    the conversation state and the package's own docstring."""
    top = {p.stem for p in BOT.glob("*.py")}
    assert top <= TOP_LEVEL, sorted(top - TOP_LEVEL)
    assert len(top) <= 6


def test_every_package_is_a_known_layer() -> None:
    """A new package of bot/ is given its place in the layers before it is used."""
    packages = {p.name for p in BOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages <= set(LAYERS), sorted(packages - set(LAYERS))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(BOT)))
def test_no_import_goes_up_a_layer_or_sideways(path: Path) -> None:
    """A module imports only its own package, the base types and the layers below its own."""
    owner = _owner(path)
    if owner == "__init__":
        return
    for module in _imports(path):
        target = _part(module)
        if target in BASE or target == owner:
            continue
        if owner in BASE:
            pytest.fail(f"{path.name}: a base type imports {module}")
        assert LAYERS[target] < LAYERS[owner], f"{path.relative_to(BOT)} imports {module}"
