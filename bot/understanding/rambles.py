"""The question at the end of a long message: "long story … anyway, what did Sudan get?".

People tell the story first and ask last. When a long message as a whole is not answered,
its last clause that reads as a question is tried on its own; a "they" or "it" in it means
the accords when the message named them and nothing else.
"""

from __future__ import annotations

import re

from bot.understanding.reading import BACK_REFERENCES

MIN_WORDS = 20
"""Below this a message is one question, not a story with a question at the end."""

_CLAUSES = re.compile(r"[.?!;,:\n]+|\b(?:anyway|anyways|so|but|lol|btw|basically)\b", re.IGNORECASE)
_ASKING = frozenset(
    "what when where who whom whose which why how is are was were did does do has have can "
    "could will would".split()
)
_ACCORDS = re.compile(r"\babraham(?:ic)?\s+accords?\b", re.IGNORECASE)


def last_question(message: str) -> str:
    """Return the last clause of a long message that asks something, or "" if there is none."""
    if len(message.split()) < MIN_WORDS:
        return ""
    for clause in reversed(_CLAUSES.split(message)):
        words = clause.split()
        if len(words) >= 3 and words[0].casefold() in _ASKING:
            if _ACCORDS.search(message) and not _ACCORDS.search(clause):
                words = [
                    "the Abraham Accords" if w.casefold() in BACK_REFERENCES else w for w in words
                ]
            return " ".join(words)
    return ""
