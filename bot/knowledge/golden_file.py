"""Read the golden question tables: their entries, each with the line it starts on.

The knowledge package is the one reader of the project's YAML; `bot.quality.golden` turns these
entries into golden cases and judges answers against them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def golden_entries(path: Path) -> list[tuple[int, Any]]:
    """Return the entries under `cases:` in `path`, each with its 1-based line number."""
    text = path.read_text(encoding="utf-8")
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    data = yaml.safe_load(text) or {}
    nodes: list[yaml.Node] = []
    if root is not None and isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "cases" and isinstance(value, yaml.SequenceNode):
                nodes = value.value
    entries = data.get("cases", []) if isinstance(data, dict) else []
    return [
        (nodes[i].start_mark.line + 1 if i < len(nodes) else 1, raw)
        for i, raw in enumerate(entries)
    ]
