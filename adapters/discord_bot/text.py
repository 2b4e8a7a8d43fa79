"""Discord text: escaping markdown and mentions, and cutting text to Discord's limits.

Pure. Every piece of text the Discord renderer shows passes through `escape` (so it shows
literally and never pings anyone) and is cut at paragraph, line, sentence or word boundaries.
"""

from __future__ import annotations

import re

from discord.utils import escape_markdown, escape_mentions

ELLIPSIS = "…"
_ESCAPED = re.compile(r"\\(.)")
_ELLIPSIS = ELLIPSIS


def escape(text: str) -> str:
    """Escape markdown and mentions so text shows literally and can never ping anyone."""
    return escape_mentions(escape_markdown(text))


def unescape(text: str) -> str:
    """Undo `escape`: drop markdown backslashes and the zero-width space after "@"."""
    return _ESCAPED.sub(r"\1", text).replace("@\u200b", "@")


def echo(question: str) -> str:
    """Quote the question as message content, escaped, on one line."""
    return "> " + fit(one_line(question), 2000 - 2)


def one_line(text: str) -> str:
    return " ".join(text.split())


def shorten(text: str, limit: int, *, ellipsis: str = _ELLIPSIS) -> str:
    """Cut unescaped text (labels, ids) to `limit` characters, at a word if one is near."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ellipsis)]
    space = cut.rfind(" ")
    if space >= len(cut) // 2:
        cut = cut[:space]
    return cut.rstrip() + ellipsis


def fit(raw: str, limit: int) -> str:
    """Escape `raw`, truncating it (with an ellipsis) so the escaped text fits `limit`."""
    escaped = escape(raw)
    if len(escaped) <= limit:
        return escaped
    end = _longest_fitting_prefix(raw, limit - len(_ELLIPSIS))
    end = _boundary(raw, end)
    while end > 0 and len(escape(raw[:end].rstrip())) > limit - len(_ELLIPSIS):
        end -= 1
    return escape(raw[:end].rstrip()) + _ELLIPSIS


def split(raw: str, limit: int) -> list[str]:
    """Split `raw` into escaped pieces of at most `limit` characters, at clean boundaries."""
    pieces: list[str] = []
    rest = raw.strip()
    while rest:
        escaped = escape(rest)
        if len(escaped) <= limit:
            pieces.append(escaped)
            break
        end = _boundary(rest, _longest_fitting_prefix(rest, limit))
        while end > 1 and len(escape(rest[:end].rstrip())) > limit:
            end -= 1  # escaping is not quite monotonic (links); step back until it fits
        pieces.append(escape(rest[:end].rstrip()))
        rest = rest[end:].lstrip()
    return pieces


def pack_lines(lines: list[str], limit: int) -> list[str]:
    """Join already-escaped lines into chunks of at most `limit` characters."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        current = line[:limit]
    if current:
        chunks.append(current)
    return chunks


def _longest_fitting_prefix(raw: str, limit: int) -> int:
    """Return the largest n (at least 1) such that escape(raw[:n]) has at most `limit` chars."""
    low, high = 1, len(raw)
    while low < high:
        mid = (low + high + 1) // 2
        if len(escape(raw[:mid])) <= limit:
            low = mid
        else:
            high = mid - 1
    return low


_WORD_BREAK = re.compile(r"\s")
_BOUNDARIES = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?;:]\s"), _WORD_BREAK)


def _boundary(raw: str, end: int) -> int:
    """Move `end` back to the nearest paragraph, line, sentence or word break in raw[:end]."""
    if end >= len(raw):
        return end
    window = raw[:end]
    for pattern in _BOUNDARIES:
        best = -1
        for match in pattern.finditer(window):
            best = match.end()
        if pattern is _WORD_BREAK and raw[end].isspace():
            best = end
        if best >= end // 2:
            return best
    return end
