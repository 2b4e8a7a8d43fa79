"""The wrong-fact report's Discord shape: what the report button carries, read back.

The "Report a wrong fact" button's custom_id carries "version|fact,ids|question" (at most 88
characters, so it fits the modal's longer prefix too): enough to rebuild the report after a
restart. The answer text comes from the message the button was on. Filing is
`bot.service.reports.ReportDesk`'s job. Pure: discord.py only for types.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import discord

from adapters.discord_bot.text import one_line, shorten, unescape
from bot import wording
from bot.answer import Answer
from bot.service.reports import (
    MAX_NOTE_CHARS,
    MAX_TEXT_CHARS,
    Report,
    fit_fact_ids,
    read_fact_ids,
)

CUSTOM_ID_LIMIT = 100
REPORT_PREFIX = "report:"
"""custom_id prefix of the "Report a wrong fact" button; the rest is the report payload."""
REPORT_FORM_PREFIX = "report-form:"
"""custom_id prefix of the report modal; the rest is the same payload as the button's."""
REPORT_NOTE_ID = "note"
# The payload is "version|fact,ids|question"; it must fit the longer (modal) prefix too.
_REPORT_PAYLOAD_LIMIT = CUSTOM_ID_LIMIT - max(len(REPORT_PREFIX), len(REPORT_FORM_PREFIX))
_REPORT_QUESTION_MIN = 40  # the question keeps this much before fact ids are dropped


def report_payload(answer: Answer) -> str:
    """Return what a report button carries: "version|fact,ids|question", at most 88 characters.

    Whole fact ids only; when some do not fit, a final "+N" says how many were left out. The
    question keeps at least 40 characters (cut with an ellipsis) before ids are dropped.
    """
    version = "".join(c for c in answer.knowledge_version if c.isalnum())[:16]
    room = _REPORT_PAYLOAD_LIMIT - len(version) - 2
    question = one_line(answer.question)
    joined = ",".join(fit_fact_ids(answer.fact_ids, lambda ids: True, short=True))
    if len(joined) + len(question) > room:
        keep = max(min(len(question), _REPORT_QUESTION_MIN), room - len(joined))
        question = shorten(question, keep)
        fitted = fit_fact_ids(
            answer.fact_ids, lambda ids: len(",".join(ids)) <= room - len(question), short=True
        )
        joined = ",".join(fitted)
    return f"{version}|{joined}|{question}"


def report_from_payload(
    payload: str, *, answer_text: str, as_of: str, platform: str = "discord"
) -> Report | None:
    """Rebuild the report a button's payload describes; None if it is not a report payload.

    The answer text is what the message the button was on shows (see `message_text`).
    """
    version, sep, rest = payload.partition("|")
    joined, sep2, question = rest.partition("|")
    if not (sep and sep2) or (version and not version.isalnum()):
        return None
    fact_ids = read_fact_ids(joined.split(",") if joined else [])
    if fact_ids is None:
        return None
    return Report(
        question=question.strip(),
        answer=answer_text[:MAX_TEXT_CHARS],
        fact_ids=fact_ids,
        platform=platform,
        as_of=as_of,
        knowledge_version=version,
    )


def message_text(embeds: Sequence[discord.Embed]) -> str:
    """Return the plain text an answer's embeds show (titles, text, fields), unescaped."""
    parts: list[str] = []
    for embed in embeds:
        parts.extend(p for p in (embed.title, embed.description) if p)
        parts.extend(f"{f.name}: {f.value}" for f in embed.fields)
    return unescape("\n".join(parts))[:MAX_TEXT_CHARS]


def as_of_from(embeds: Sequence[discord.Embed], labels: Sequence[str] = ()) -> str:
    """Return the "Facts as of" date an answer's footer shows, or "".

    The footer is labelled in the answer's language ("Facts as of", "Факты на", …), so it is
    read with every served language's label, not the English one alone.
    """
    for embed in reversed(embeds):
        as_of = wording.labelled_as("facts_as_of", embed.footer.text or "", labels)
        if as_of:
            return unescape(as_of)
    return ""


def note_from_components(components: Iterable[object]) -> str:
    """Return the note typed into the report modal, from a modal submit's components.

    Accepts both shapes Discord sends: a text input in an action row (type 1) or under a
    label (type 18).
    """
    for component in components:
        if not isinstance(component, dict):
            continue
        kind = component.get("type")
        if kind == 1:
            inner: list[object] = list(component.get("components") or [])
        elif kind == 18:
            inner = [component.get("component")]
        else:
            inner = [component]
        for item in inner:
            if isinstance(item, dict) and item.get("custom_id") == REPORT_NOTE_ID:
                value = item.get("value")
                return str(value).strip()[:MAX_NOTE_CHARS] if value else ""
    return ""
