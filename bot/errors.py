"""The core's exceptions.

    AccordsBotError
    ├── ConfigError          a setting is missing or malformed (names the variable, never its value)
    └── KnowledgeError       one problem in one fact file: path, line, column, problem
        └── KnowledgeErrors  every problem found in one load, reported together

`str(KnowledgeError)` is `path:line:col: problem`, the shape compilers use, so editors jump to it.
"""

from __future__ import annotations

from collections.abc import Sequence


class AccordsBotError(Exception):
    """Base of every error the bot raises on purpose."""


class ConfigError(AccordsBotError):
    """A setting is missing or malformed."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable
        self.problem = problem


class KnowledgeError(AccordsBotError):
    """One problem at one place in a fact file."""

    def __init__(self, path: str, line: int, column: int, problem: str) -> None:
        super().__init__(f"{path}:{line}:{column}: {problem}")
        self.path = path
        self.line = line
        self.column = column
        self.problem = problem


class KnowledgeErrors(AccordsBotError):
    """All problems found while loading a knowledge directory, in file and line order."""

    def __init__(self, errors: Sequence[KnowledgeError]) -> None:
        ordered = sorted(errors, key=lambda e: (e.path, e.line, e.column, e.problem))
        super().__init__("\n".join(str(e) for e in ordered))
        self.errors: tuple[KnowledgeError, ...] = tuple(ordered)
