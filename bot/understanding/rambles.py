"""The question inside a longer message: "long story … anyway, what did Sudan get?".

People tell a story and ask last, or ask first and add a remark ("is Kazakhstan in or not?
i keep seeing mixed headlines"). When a message of several sentences or a long one is not
answered as a whole, its clauses that read as questions are tried on their own, the last
one first, then the first; a "they" or "it" in one means the accords when the message
named them.
"""

from __future__ import annotations

import re

from bot.understanding.reading import BACK_REFERENCES

MIN_WORDS = 20
"""Below this a one-sentence message is one question, not a story with a question in it."""

_SENTENCES = re.compile(r"(?<=[.?!])\s+|\n+")
_CLAUSES = re.compile(r"[.?!;,:\n]+|\b(?:anyway|anyways|so|but|lol|btw|basically)\b", re.IGNORECASE)
ASKING = frozenset(
    "what when where who whom whose which why how is are was were did does do has have can "
    "could will would".split()
)
_ACCORDS = re.compile(r"\babraham(?:ic)?\s+accords?\b", re.IGNORECASE)


def _asks(clause: str, message: str) -> str:
    words = clause.split()
    if len(words) < 3 or words[0].casefold() not in ASKING:
        return ""
    if _ACCORDS.search(message) and not _ACCORDS.search(clause):
        words = ["the Abraham Accords" if w.casefold() in BACK_REFERENCES else w for w in words]
    return " ".join(words)


def question_parts(message: str) -> list[str]:
    """Return the clauses of a longer message that ask something, the last and first first."""
    several = len([s for s in _SENTENCES.split(message.strip()) if s.strip()]) > 1
    if not several and len(message.split()) < MIN_WORDS:
        return []
    asking = [q for clause in _CLAUSES.split(message) if (q := _asks(clause, message))]
    if not asking:
        return []
    return list(dict.fromkeys([asking[-1], asking[0]]))


def last_question(message: str) -> str:
    """Return the last clause of a longer message that asks something, or ""."""
    parts = question_parts(message)
    return parts[0] if parts else ""
