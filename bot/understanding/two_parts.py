"""A message that asks two questions in one: "why did Sudan sign, and is its deal done?", or
numbers them ("name the dates: (1) …; (2) …", each part asked with the words before them).

The second question starts after a joint ("and", "+", "also", "plus", ";" or a question mark)
with a word that opens a question; the first is what comes before it, and opens as a question
too unless a question mark, "+" or "plus" closed it. Each is then answered on its own, the
second as a follow-up of the first, so "its" means what the first named.
A joint between two names ("when did Israel and the UAE sign?") starts no question and splits
nothing.
"""

from __future__ import annotations

import re

from bot.understanding.rambles import ASKING

MIN_PART_WORDS = 2
"""Fewer words than this on either side are a fragment, not a question of its own."""

_JOINT = re.compile(
    r"(?:(\?+|\s[+&]|\splus)\s*(?:(?:and\s+also|and|also)\s+)?"
    r"|[;,]?\s+(?:and\s+also|and|also)\s+|;\s*)(?=(\w+))",
    re.IGNORECASE,
)


# "name the dates: (1) the UAE embassy opens; (2) Israel's embassy opens": numbered parts
_FIRST_ITEM = re.compile(r"(?:^|(?<=\s)|(?<=:))\(?1[).]\s+")
_SECOND_ITEM = re.compile(r"[;,]?\s+(?:and\s+)?\(?2[).]\s+")


def _numbered(text: str) -> tuple[str, str] | None:
    """Return the two numbered parts of `text`, each after what leads both, or None."""
    first = _FIRST_ITEM.search(text)
    second = _SECOND_ITEM.search(text, first.end()) if first else None
    if first is None or second is None:
        return None
    lead = text[: first.start()].strip()
    one = text[first.end() : second.start()].strip(" ;,")
    two = text[second.end() :].strip()
    if min(len(one.split()), len(two.split())) < MIN_PART_WORDS:
        return None
    return f"{lead} {one}".strip().rstrip("?.") + "?", f"{lead} {two}".strip().rstrip("?.") + "?"


def two_questions(message: str) -> tuple[str, str] | None:
    """Return the two questions `message` asks, or None when it asks one."""
    text = message.strip()
    numbered = _numbered(text)
    if numbered is not None:
        return numbered
    for joint in _JOINT.finditer(text):
        if joint.group(2).casefold() not in ASKING:
            continue
        first = text[: joint.start()].strip(" ,;+&")
        second = text[joint.end() :].strip()
        if min(len(first.split()), len(second.split())) < MIN_PART_WORDS:
            continue
        # After "?", "+" or "plus" the first part was asked ("flight date? and what about
        # phone calls"); else it must open as a question ("i've read it exists in several
        # languages; which ones?" asks one thing).
        asked = bool(joint.group(1)) or first.endswith("?")
        if not asked and first.split()[0].casefold() not in ASKING:
            continue
        return f"{first.rstrip('?')}?", second
    return None
