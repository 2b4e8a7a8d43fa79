"""Refresh the frozen copy of the fact base that the tests run on: `python3 -m tests.freeze_facts`.

The engine, service and adapter tests pin behaviour, not today's facts, so they read
`tests/facts/`, a copy of `knowledge/` taken on purpose, never the fact base a maintainer is
editing. A fact update then touches only `knowledge/` (and, where wording changes, the golden
table). Refresh the copy when the fact format changes (a new section, a new file the loader
requires) and the tests that pin copied wording still hold; this script is the one way it is
made, so the copy is always the whole of `knowledge/`'s data.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "knowledge"
TARGET = Path(__file__).resolve().parent / "facts"
DATA = (".yaml", ".yml", ".json", ".npz")
"""What is copied: every data file under knowledge/, in every folder (lang/, golden/, model/…)."""
LEFT_OUT = frozenset({"corpus"})
"""The labelled questions the kind model is learned from: the model is copied, not its corpus."""

NOTE = """# The frozen fact base of the tests

A copy of `knowledge/`'s data files, made by `python3 -m tests.freeze_facts` (never edit it
by hand: run that again to refresh it). The engine, service and adapter tests run on this
copy, so updating a fact in `knowledge/` never breaks a test that pins behaviour.
"""


def freeze(source: Path = SOURCE, target: Path = TARGET) -> list[Path]:
    """Replace `target` with a copy of every data file under `source`; return the files copied."""
    if target.exists():
        shutil.rmtree(target)
    copied = []
    for path in sorted(source.rglob("*")):
        parts = set(path.relative_to(source).parts)
        if path.is_file() and path.suffix in DATA and not parts & (LEFT_OUT | {"__pycache__"}):
            dest = target / path.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
            copied.append(dest)
    (target / "README.md").write_text(NOTE, encoding="utf-8")
    return copied


def main() -> int:
    """Copy knowledge/ into tests/facts/ and say how many files were copied."""
    copied = freeze()
    print(f"froze {len(copied)} files of {SOURCE.name}/ into tests/{TARGET.name}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
