"""The knowledge layer: the fact files and language packs, read, checked and typed.

This package is the core's one reader of files and its one user of YAML. `load_knowledge`
turns a folder of fact files into a frozen `KnowledgeBase` (the records in `models`), or
raises `KnowledgeErrors` listing every problem as `path:line:col: problem`.
"""

from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import KnowledgeBase

__all__ = ["KnowledgeBase", "load_knowledge"]
