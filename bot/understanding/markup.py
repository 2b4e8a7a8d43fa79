"""Strip markup-like noise around a question so the question inside is what gets read.

Adapters turn their own platform's syntax into plain text first; this is the core's second
line, for text that arrives raw (the console, a pasted message, a platform quirk). It removes
mentions and broadcast pings of both platforms, custom emoji and timestamps, HTML tags (with
the contents of script and style elements), markdown emphasis, quotes and code marks, bracketed
or braced pseudo-instructions pasted before a question, and keeps only the readable words of
links. Nothing taken from markup is kept as a ping: the result never contains `<`, `>` or `@`.
"""

from __future__ import annotations

import re

# Slack: <@U123|name>, <!here>, <!subteam^S1|@team>, <#C1|general>, <https://x|label>.
# Discord: <@123>, <@!123>, <@&123>, <#123>, <:name:123>, <a:name:123>, <t:1700000000:R>.
_ANGLE_LINK = re.compile(r"<((?:https?|mailto):[^|>\s]*)(?:\|([^>]*))?>", re.IGNORECASE)
_ANGLE_TOKEN = re.compile(r"<(?:[@#!][^>]*|a?:\w+:\d+|t:-?\d+(?::\w)?)>")
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\(((?:[^()\s]|\([^()\s]*\))*)\)")
# A link that runs code or inlines data is bait, not a citation: its label goes with it.
_SCRIPT_TARGET = re.compile(r"\s*(?:javascript|vbscript|data):", re.IGNORECASE)
_BRACKETED = re.compile(r"\[[^\]\n]{12,}\]|\{[^{}]*\}")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>]+", re.IGNORECASE)
_AT_WORD = re.compile(r"(?<![\w.])@[\w.\-]+")
_MD_NOISE = re.compile(r"(?:\*\*|__|~~|\|\||`{1,3})")
_QUOTE = re.compile(r"^\s*>+\s?", re.MULTILINE)
_SLUG_WORD = re.compile(r"[a-z]{2,}")


def _url_words(url: str) -> str:
    """Return the words of a link's path ("/trump-says-kazakhstan-joins/"), not its host."""
    path = re.sub(r"^(?:https?://)?[^/]*", "", url.lower())
    path = re.sub(r"[?#].*$", "", path)
    words = [
        w for seg in path.split("/") if "-" in seg or "_" in seg for w in _SLUG_WORD.findall(seg)
    ]
    return " ".join(words)


def _angle_link(match: re.Match[str]) -> str:
    label = (match.group(2) or "").strip()
    if label and not _URL.fullmatch(label):
        return f" {label} "
    return f" {_url_words(match.group(1))} "


def _md_link(match: re.Match[str]) -> str:
    return " " if _SCRIPT_TARGET.match(match.group(2)) else f" {match.group(1)} "


def strip_markup(text: str) -> str:
    """Return `text` with chat, HTML and markdown markup reduced to the words a person reads."""
    text = _ANGLE_LINK.sub(_angle_link, text)
    text = _ANGLE_TOKEN.sub(" ", text)
    text = _SCRIPT.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _MD_LINK.sub(_md_link, text)
    text = _BRACKETED.sub(" ", text)
    text = _URL.sub(lambda m: f" {_url_words(m.group(0))} ", text)
    text = _AT_WORD.sub(" ", text)
    text = _MD_NOISE.sub(" ", text)
    text = _QUOTE.sub("", text)
    return text.replace("<", " ").replace(">", " ")
