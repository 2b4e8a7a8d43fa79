"""Slack mrkdwn text helpers every Slack renderer shares: escaping, cutting, sections."""

from __future__ import annotations

import json
from typing import Any, Final

Block = dict[str, Any]

ELLIPSIS: Final = "…"


def escape_mrkdwn(text: str) -> str:
    """Escape the three characters Slack treats as markup: `&`, `<` and `>`."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def inert_json(value: dict[str, Any]) -> str:
    """Dump JSON with `<`, `>` and `&` as \\u escapes, so no markup survives even in a value."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def section(text: str) -> Block:
    """Return a section block of already-escaped mrkdwn."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def truncate(text: str, limit: int) -> str:
    """Cut escaped text to `limit` characters with an ellipsis, never inside an entity."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&", max(0, len(cut) - 5))
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut.rstrip() + ELLIPSIS


def plain(text: str) -> Block:
    """Return a plain_text object (labels, titles) for Block Kit."""
    return {"type": "plain_text", "text": text, "emoji": True}
