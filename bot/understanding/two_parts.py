"""A message that asks two questions in one: "why did Sudan sign, and is its deal done?".

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


def two_questions(message: str) -> tuple[str, str] | None:
    """Return the two questions `message` asks, or None when it asks one."""
    text = message.strip()
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
