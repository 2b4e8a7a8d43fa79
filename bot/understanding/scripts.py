"""Which script a word is written in, and a language's month names from CLDR.

The language reader tells languages apart by script first; month names in every form a
language writes them ("сентября", "سبتمبر") come from Babel's CLDR data, never from a
hand-written table.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from bot.knowledge.normalize import normalize
from bot.understanding.vocabulary import MONTHS


def script_of(word: str) -> str | None:
    """Return the script of the first letter of `word` (latin, cyrillic, arabic, hebrew)."""
    for ch in word:
        code = ord(ch)
        if ch.isdigit():
            continue
        if code < 0x250:
            return "latin" if ch.isalpha() else None
        if 0x400 <= code < 0x530:
            return "cyrillic"
        if 0x590 <= code < 0x600 or 0xFB1D <= code < 0xFB50:
            return "hebrew"
        if 0x600 <= code < 0x780 or 0xFB50 <= code < 0xFF00:
            return "arabic"
        return None
    return None


# The English month name of each number: the longest of the vocabulary's forms ("september")
_ENGLISH_MONTHS = {
    number: max((n for n, k in MONTHS.items() if k == number), key=len)
    for number in set(MONTHS.values())
}


def months_of(code: str) -> dict[str, str]:
    """Return the language's month names (wide and abbreviated, both contexts) in English."""
    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return {}
    found: dict[str, str] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in locale.months.get(context, {}).get(width, {}).items():
                word = normalize(str(name)).strip(".")
                if word and " " not in word and not word.isdigit():
                    found.setdefault(word, _ENGLISH_MONTHS[int(number)])
    return found
