"""Render a core `Answer` as Slack Block Kit: blocks plus a plain-text fallback.

Pure (no network, no SDK). `render_answer` stays within Slack's documented limits whatever the
answer holds. Every piece of text we render is escaped (`&`, `<`, `>`), and our own markup
(bold, links, the sharer's mention) is built around the escaped text, never inside it, so no
question or fact can ping a channel or a person. Its words come from `bot.wording`; the report
button's value and the report form live in `adapters.slack_bot.components`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from adapters.slack_bot.components import report_button
from adapters.slack_bot.mrkdwn import Block, escape_mrkdwn, section, truncate
from bot import wording
from bot.answer import Answer, Source, Status, source_lines
from bot.knowledge.commands import more_token

# Slack's Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks).
MAX_BLOCKS: Final = 50
MAX_SECTION_TEXT: Final = 3000
MAX_CONTEXT_ELEMENTS: Final = 10
MAX_CONTEXT_TEXT: Final = 3000
MAX_ACTIONS_ELEMENTS: Final = 25
MAX_BUTTON_TEXT: Final = 75
MAX_BUTTON_VALUE: Final = 2000
MAX_ACTION_ID: Final = 255
# The top-level `text` is shown in notifications and by clients without Block Kit; Slack
# truncates it at 40,000 characters and recommends staying under 4,000.
MAX_FALLBACK_TEXT: Final = 4000

# How many suggestions become buttons; the rest are listed as text so the message stays calm.
MAX_SUGGESTION_BUTTONS: Final = 10

ACTION_SUGGEST_PREFIX: Final = "suggest_"
ACTION_SUGGEST_PATTERN: Final = re.compile(r"^suggest_\d+$")
ACTION_SHARE: Final = "share_answer"
ACTION_MORE: Final = "more_record"
TOOLS_BLOCK_ID: Final = "answer_tools"  # the actions block holding More, Share and Report

_ELLIPSIS: Final = "…"
_USER_ID: Final = re.compile(r"^[UW][A-Z0-9]{2,30}$")
_HTTP_URL: Final = re.compile(r"^https?://[^\s<>|]+$")


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """A rendered message: Block Kit blocks and the plain-text fallback Slack requires."""

    text: str
    blocks: tuple[Block, ...]

    def payload(self) -> dict[str, Any]:
        """Return the message as keyword arguments for `chat.postMessage`, `ack` or `respond`."""
        return {"text": self.text, "blocks": list(self.blocks)}


def render_answer(
    answer: Answer,
    *,
    share_value: str | None = None,
    shared_by: str | None = None,
    suggestions: bool = True,
    credit: Callable[[str], str] = wording.shared_by,
) -> SlackMessage:
    """Render `answer` as Block Kit blocks with a plain-text fallback, within Slack's limits.

    `share_value` adds a "Share in channel" button carrying that value; `shared_by` (a Slack
    user id) credits whoever shared the answer (or, worded by `credit`, subscribed the
    channel); `suggestions=False` leaves out the suggestion buttons (for messages posted in
    a channel, where a button press would answer everyone).
    An answer whose whole record adds something gets a "More" button carrying the core's
    More token (the record is composed again at the press). An answered question gets a
    "Report a wrong fact" button, whose value records the
    knowledge version stamped on the answer (the content hash of the facts that answered).
    """
    head = _content_sections(answer)
    tail: list[Block] = _context_blocks(answer, shared_by, credit)
    if suggestions and answer.suggestions:
        buttons, extra = _suggestion_buttons(answer.suggestions)
        if extra:
            more = escape_mrkdwn(wording.label(answer, "more_you_can_ask"))
            head.extend(_sections(f"*{more}*\n" + "\n".join(extra)))
        if buttons:
            tail.append({"type": "actions", "block_id": "suggestions", "elements": buttons})
    tools: list[Block] = []
    token = more_token(answer)
    if token is not None and len(token) <= MAX_BUTTON_VALUE:
        tools.append(_more_button(token, answer))
    if share_value is not None:
        tools.append(_share_button(share_value, answer))
    if answer.status is Status.ANSWERED and not answer.is_notice:
        tools.append(_labelled(report_button(answer), wording.label(answer, "report")))
    if tools:
        tail.append({"type": "actions", "block_id": TOOLS_BLOCK_ID, "elements": tools})
    room = MAX_BLOCKS - len(tail)
    if len(head) > room:
        shortened = escape_mrkdwn(wording.label(answer, "shortened"))
        head = [*head[: room - 1], section(f"_{shortened}_")]
    return SlackMessage(text=_fallback_text(answer), blocks=tuple(head + tail))


def render_notice(text: str) -> SlackMessage:
    """Render a short notice of our own (an apology, "looking that up…") as one section."""
    return SlackMessage(
        text=truncate(escape_mrkdwn(text), MAX_FALLBACK_TEXT),
        blocks=tuple(_sections(escape_mrkdwn(text))),
    )


def _content_sections(answer: Answer) -> list[Block]:
    parts: list[str] = []
    if answer.title:
        parts.append(f"*{escape_mrkdwn(answer.title)}*")
    if answer.body:
        parts.append(escape_mrkdwn(answer.body))
    if answer.fields:
        parts.append(
            "\n".join(f"*{escape_mrkdwn(f.name)}:* {escape_mrkdwn(f.value)}" for f in answer.fields)
        )
    if answer.notes:
        # The notes say what they are ("Note: …", in the answer's language); one heading,
        # as Discord's field, gathers them.
        heading = escape_mrkdwn(wording.caveats(len(answer.notes), answer))
        parts.append(f"*{heading}*\n" + "\n".join(f"• {escape_mrkdwn(n)}" for n in answer.notes))
    if not parts:
        parts.append(escape_mrkdwn(_EMPTY[answer.status]))
    blocks: list[Block] = []
    for part in parts:
        blocks.extend(_sections(part))
    return blocks


_EMPTY: Final = {
    Status.ANSWERED: wording.EMPTY_ANSWERED,
    Status.CLARIFY: wording.EMPTY_CLARIFY,
    Status.NO_ANSWER: wording.EMPTY_NO_ANSWER,
}


def _context_blocks(
    answer: Answer, shared_by: str | None, credit: Callable[[str], str] = wording.shared_by
) -> list[Block]:
    elements: list[str] = []
    prefix = f"{escape_mrkdwn(wording.label(answer, 'sources'))}: "
    room = MAX_CONTEXT_TEXT - len(prefix)
    links = [
        _source_line(answer, publisher, pages, room=room)
        for publisher, pages in source_lines(answer.sources)
    ]
    if links:
        elements.extend(_pack(links, " · ", MAX_CONTEXT_TEXT, first_prefix=prefix))
    if answer.contested:
        elements.append(escape_mrkdwn(wording.label(answer, "contested")))
    if answer.as_of:
        as_of = wording.in_direction(answer, answer.as_of, whole=True)
        elements.append(escape_mrkdwn(f"{wording.label(answer, 'facts_as_of')} {as_of}"))
    if shared_by is not None and _USER_ID.match(shared_by):
        elements.append(escape_mrkdwn(credit("@")).replace("@", f"<@{shared_by}>"))
    return [
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": text} for text in elements[i : i + MAX_CONTEXT_ELEMENTS]
            ],
        }
        for i in range(0, len(elements), MAX_CONTEXT_ELEMENTS)
    ]


def _source_line(answer: Answer, publisher: str, pages: tuple[Source, ...], *, room: int) -> str:
    """Return one source's link, or "Publisher: link; link" for a publisher's pages, the
    whole line within `room`."""
    head = f"{escape_mrkdwn(publisher)}: " if publisher else ""
    share = (room - len(head)) // len(pages) - 2
    links = [
        _link(wording.in_direction(answer, s.title, whole=True), s.url, room=share) for s in pages
    ]
    return head + "; ".join(links)


def _link(title: str, url: str, *, room: int) -> str:
    """Return `<url|title>` within `room`, or the bare title when the URL is not plain http(s)."""
    label = truncate(escape_mrkdwn(title.replace("|", "/").strip() or url), room)
    link = f"<{escape_mrkdwn(url)}|{label}>"
    if not _HTTP_URL.match(url) or len(link) > room:
        return label
    return link


def _suggestion_buttons(suggestions: tuple[str, ...]) -> tuple[list[Block], list[str]]:
    buttons: list[Block] = []
    extra: list[str] = []
    for question in suggestions:
        if not question.strip():
            continue
        if len(buttons) < MAX_SUGGESTION_BUTTONS:
            buttons.append(
                {
                    "type": "button",
                    "action_id": f"{ACTION_SUGGEST_PREFIX}{len(buttons)}",
                    "text": {
                        "type": "plain_text",
                        "text": truncate(question.strip(), MAX_BUTTON_TEXT),
                        "emoji": True,
                    },
                    "value": truncate(question.strip(), MAX_BUTTON_VALUE),
                }
            )
        else:
            extra.append(f"• {escape_mrkdwn(question.strip())}")
    return buttons, extra


def _more_button(token: str, answer: Answer) -> Block:
    return {
        "type": "button",
        "action_id": ACTION_MORE,
        "text": _button_text(wording.label(answer, "more")),
        "value": token,
    }


def _share_button(value: str, answer: Answer) -> Block:
    return {
        "type": "button",
        "action_id": ACTION_SHARE,
        "text": _button_text(wording.label(answer, "share")),
        "value": truncate(value, MAX_BUTTON_VALUE),
    }


def _labelled(button: Block, label: str) -> Block:
    """Return `button` showing `label` (the answer's language) instead of its own text."""
    return {**button, "text": _button_text(label)}


def _button_text(label: str) -> Block:
    return {"type": "plain_text", "text": truncate(label, MAX_BUTTON_TEXT), "emoji": True}


def _fallback_text(answer: Answer) -> str:
    text = wording.answer_text(answer) or _EMPTY[answer.status]
    return truncate(escape_mrkdwn(text), MAX_FALLBACK_TEXT)


def _sections(text: str) -> list[Block]:
    """Split escaped mrkdwn into sections of at most MAX_SECTION_TEXT characters."""
    return [section(chunk) for chunk in _split(text, MAX_SECTION_TEXT)]


def _split(text: str, limit: int) -> list[str]:
    """Split text at line breaks, else spaces, else safely mid-word, into pieces <= limit."""
    chunks: list[str] = []
    current: str | None = None
    for sep, unit in _units(text, limit):
        if current is None:
            current = unit
        elif len(current) + len(sep) + len(unit) > limit:
            chunks.append(current)
            current = unit
        else:
            current += sep + unit
    if current is not None:
        chunks.append(current)
    return [c for c in chunks if c.strip()] or [_ELLIPSIS]


def _units(text: str, limit: int) -> list[tuple[str, str]]:
    """Cut text into (separator, piece) pairs, each piece <= limit, that rejoin to the text."""
    units: list[tuple[str, str]] = []
    for line in text.split("\n"):
        if len(line) <= limit:
            units.append(("\n", line))
            continue
        sep = "\n"
        for word in line.split(" "):
            for i, piece in enumerate(_hard_split(word, limit)):
                units.append((sep if i == 0 else "", piece))
            sep = " "
    return units


def _hard_split(word: str, limit: int) -> list[str]:
    """Cut an over-long word into pieces <= limit without cutting an `&…;` entity."""
    pieces: list[str] = []
    while len(word) > limit:
        cut = limit
        amp = word.rfind("&", max(0, cut - 5), cut)
        if amp != -1 and word.find(";", amp, amp + 6) >= cut:
            cut = amp
        pieces.append(word[:cut])
        word = word[cut:]
    pieces.append(word)
    return pieces


def _pack(units: list[str], sep: str, limit: int, *, first_prefix: str = "") -> list[str]:
    """Join atomic units with `sep` into strings <= limit; a unit never straddles two strings."""
    out: list[str] = []
    current = first_prefix
    for unit in units:
        if current == first_prefix:
            current += unit
        elif len(current) + len(sep) + len(unit) > limit:
            out.append(current)
            current = unit
        else:
            current += sep + unit
    if current != first_prefix:
        out.append(current)
    return out
