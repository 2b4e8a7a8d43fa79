"""Slack's side of the mrkdwn boundary: `Answer` -> Block Kit, and Slack text -> plain text.

Everything here is pure (no network, no SDK): `render_answer` turns the core's neutral
`Answer` into blocks plus a plain-text fallback that stay within Slack's documented limits
whatever the answer holds, and `plain_text_from_slack` turns what a user typed (with Slack's
`<@U…>`, `<!channel>`, `<url|label>` markup and `&amp;` entities) into the plain question
the core expects. Every piece of text we render is escaped (`&`, `<`, `>`), and our own markup
(bold, links, the sharer's mention) is built around the escaped text, never inside it, so no
question or fact can ping a channel or a person.

The wrong-fact report's Slack shape lives here too: the "Report a wrong fact" button, whose
value carries the report (question, fact ids, knowledge version, an excerpt of the answer) as
JSON, so a press works after a restart; the modal that asks for a note, whose
`private_metadata` carries the same report on to the submission; and the report as posted to
the maintainers' channel.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any, Final

from bot.answer import Answer, Status
from bot.reports import MAX_NOTE_CHARS, MAX_TEXT_CHARS, Report

Block = dict[str, Any]

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
SHARE_LABEL: Final = "Share in channel"
TOOLS_BLOCK_ID: Final = "answer_tools"  # the actions block holding Share and Report

ACTION_REPORT: Final = "report_wrong_fact"
REPORT_LABEL: Final = "Report a wrong fact"
REPORT_CALLBACK_ID: Final = "report_wrong_fact"
REPORT_NOTE_BLOCK: Final = "note"
REPORT_NOTE_ACTION: Final = "note"
REPORT_NOTE_LABEL: Final = "What is wrong? (optional)"
REPORT_THANKS: Final = (
    "Thank you. Your report has been passed to the maintainers, who check every one against "
    "the sources."
)
# Slack's view limits (https://docs.slack.dev/reference/views/modal-views).
MAX_VIEW_TITLE: Final = 24
MAX_VIEW_METADATA: Final = 3000
# What a report carries at most: Report.summary() shows 300 of the question, 500 of the answer.
_REPORT_QUESTION_CHARS: Final = 300
_REPORT_ANSWER_CHARS: Final = 500
_FACT_ID: Final = re.compile(r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*|\+\d{1,4} more)$")

_ELLIPSIS: Final = "…"
_USER_ID: Final = re.compile(r"^[UW][A-Z0-9]{2,30}$")
_HTTP_URL: Final = re.compile(r"^https?://[^\s<>|]+$")
_SOURCES_PREFIX: Final = "Sources: "


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """A rendered message: Block Kit blocks and the plain-text fallback Slack requires."""

    text: str
    blocks: tuple[Block, ...]

    def payload(self) -> dict[str, Any]:
        """Return the message as keyword arguments for `chat.postMessage`, `ack` or `respond`."""
        return {"text": self.text, "blocks": list(self.blocks)}


def escape_mrkdwn(text: str) -> str:
    """Escape the three characters Slack treats as markup: `&`, `<` and `>`."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_answer(
    answer: Answer,
    *,
    share_value: str | None = None,
    shared_by: str | None = None,
    suggestions: bool = True,
    knowledge_version: str = "",
) -> SlackMessage:
    """Render `answer` as Block Kit blocks with a plain-text fallback, within Slack's limits.

    `share_value` adds a "Share in channel" button carrying that value; `shared_by` (a Slack
    user id) credits whoever shared the answer; `suggestions=False` leaves out the suggestion
    buttons (for messages posted in a channel, where a button press would answer everyone).
    An answered question gets a "Report a wrong fact" button, whose value records
    `knowledge_version` (the content hash of the facts that answered).
    """
    head = _content_sections(answer)
    tail: list[Block] = _context_blocks(answer, shared_by)
    if suggestions and answer.suggestions:
        buttons, extra = _suggestion_buttons(answer.suggestions)
        if extra:
            head.extend(_sections("*More you can ask:*\n" + "\n".join(extra)))
        if buttons:
            tail.append({"type": "actions", "block_id": "suggestions", "elements": buttons})
    tools: list[Block] = []
    if share_value is not None:
        tools.append(_share_button(share_value))
    if answer.status is Status.ANSWERED:
        tools.append(_report_button(report_value(answer, knowledge_version)))
    if tools:
        tail.append({"type": "actions", "block_id": TOOLS_BLOCK_ID, "elements": tools})
    room = MAX_BLOCKS - len(tail)
    if len(head) > room:
        head = [*head[: room - 1], _section("_(Answer shortened to fit Slack; see the sources.)_")]
    return SlackMessage(text=_fallback_text(answer), blocks=tuple(head + tail))


def report_value(answer: Answer, knowledge_version: str) -> str:
    """Return the value of an answer's report button: the report as JSON, <= 2000 characters.

    It carries the question, the fact ids, the knowledge version, the as-of date and the
    start of the answer's text; when that is too long the answer text is cut first, then
    fact ids are dropped from the end behind a "+N more" marker.
    """
    report = Report(
        question=answer.question,
        answer=answer.text(),
        fact_ids=answer.fact_ids,
        platform="slack",
        as_of=answer.as_of,
        knowledge_version=knowledge_version,
    )
    return _encode_report(report, MAX_BUTTON_VALUE)


def report_from_value(raw: str) -> Report | None:
    """Rebuild the report a report button (or a report modal) carries; None if unreadable."""
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    fields = {k: value.get(k) for k in ("q", "t", "v", "a")}
    ids = value.get("f")
    if not all(isinstance(v, str) for v in fields.values()) or not isinstance(ids, list):
        return None
    if not all(isinstance(i, str) and _FACT_ID.match(i) for i in ids):
        return None
    return Report(
        question=str(fields["q"])[:_REPORT_QUESTION_CHARS],
        answer=str(fields["t"])[:MAX_TEXT_CHARS],
        fact_ids=tuple(ids),
        platform="slack",
        as_of=str(fields["a"])[:100],
        knowledge_version=str(fields["v"])[:64],
    )


def render_report_form(report: Report, response_url: str) -> Block:
    """Return the modal that asks for a note; its metadata carries `report` and where to
    thank the reporter (the pressed button's `response_url`)."""
    extra = {"r": response_url} if len(response_url) <= 1000 else {}
    question = _truncate(escape_mrkdwn(" ".join(report.question.split())), MAX_SECTION_TEXT - 20)
    return {
        "type": "modal",
        "callback_id": REPORT_CALLBACK_ID,
        "title": _plain(REPORT_LABEL),
        "submit": _plain("Send report"),
        "close": _plain("Cancel"),
        "private_metadata": _encode_report(report, MAX_VIEW_METADATA, extra),
        "blocks": [
            _section(f"*Question:* {question or '(none)'}"),
            {
                "type": "input",
                "block_id": REPORT_NOTE_BLOCK,
                "optional": True,
                "label": _plain(REPORT_NOTE_LABEL),
                "element": {
                    "type": "plain_text_input",
                    "action_id": REPORT_NOTE_ACTION,
                    "multiline": True,
                    "max_length": MAX_NOTE_CHARS,
                    "placeholder": _plain("The right fact, and a source if you have one"),
                },
            },
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": "The maintainers get the question, the answer and your note, "
                        "not who you are.",
                    }
                ],
            },
        ],
    }


def report_from_form(view: dict[str, Any]) -> tuple[Report, str] | None:
    """Return the report a submitted modal carries, with its note, and the response_url to
    thank the reporter at ("" if none); None if the metadata is unreadable."""
    raw = str(view.get("private_metadata") or "")
    report = report_from_value(raw)
    if report is None:
        return None
    url = json.loads(raw).get("r")  # report_from_value has checked it is a JSON object
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        url = ""
    values = (view.get("state") or {}).get("values") or {}
    typed = ((values.get(REPORT_NOTE_BLOCK) or {}).get(REPORT_NOTE_ACTION) or {}).get("value")
    return replace(report, note=str(typed or "").strip()[:MAX_NOTE_CHARS]), url


def render_report(report: Report) -> SlackMessage:
    """Render a filed report for the maintainers' channel: all of it escaped text."""
    return render_notice(report.summary())


def render_thanks() -> SlackMessage:
    """Render the private thank-you a reporter gets."""
    return render_notice(REPORT_THANKS)


def inert_json(value: dict[str, Any]) -> str:
    """Dump JSON with `<`, `>` and `&` as \\u escapes, so no markup survives even in a value."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render_notice(text: str) -> SlackMessage:
    """Render a short notice of our own (an apology, "looking that up…") as one section."""
    return SlackMessage(
        text=_truncate(escape_mrkdwn(text), MAX_FALLBACK_TEXT),
        blocks=tuple(_sections(escape_mrkdwn(text))),
    )


_MENTION_OF: Final = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")
_SLACK_TOKEN: Final = re.compile(r"<([^<>]*)>")
_SPACES: Final = re.compile(r"\s+")


def plain_text_from_slack(text: str, bot_user_id: str | None = None) -> str:
    """Turn Slack message text into the plain question the user meant.

    Mentions of the bot are dropped; other mentions, channel links, special mentions
    (`<!here>`) and links become the text a person sees; `&amp;`, `&lt;` and `&gt;` are
    unescaped; whitespace is collapsed.
    """
    if bot_user_id:
        text = _MENTION_OF.sub(lambda m: "" if m.group(1) == bot_user_id else m.group(0), text)
    text = _SLACK_TOKEN.sub(_token_to_text, text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return _SPACES.sub(" ", text).strip()


def _token_to_text(match: re.Match[str]) -> str:
    inner = match.group(1)
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return "@" + (label or target[1:])
    if target.startswith("#"):
        return "#" + (label or "channel")
    if target.startswith("!"):
        if label:
            return label
        word = target[1:].split("^", 1)[0]
        return "@" + word
    return label or target


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
        parts.append("\n".join(f"_Note:_ {escape_mrkdwn(n)}" for n in answer.notes))
    if not parts:
        parts.append(escape_mrkdwn(_EMPTY[answer.status]))
    blocks: list[Block] = []
    for part in parts:
        blocks.extend(_sections(part))
    return blocks


_EMPTY: Final = {
    Status.ANSWERED: "(No text.)",
    Status.CLARIFY: "Could you say a little more?",
    Status.NO_ANSWER: "I don't know that one.",
}


def _context_blocks(answer: Answer, shared_by: str | None) -> list[Block]:
    elements: list[str] = []
    links = [_link(s.title, s.url) for s in answer.sources]
    if links:
        elements.extend(_pack(links, " · ", MAX_CONTEXT_TEXT, first_prefix=_SOURCES_PREFIX))
    if answer.contested:
        elements.append("Contested: each view is attributed to who holds it.")
    if answer.as_of:
        elements.append(f"Facts as of {escape_mrkdwn(answer.as_of)}")
    if shared_by is not None and _USER_ID.match(shared_by):
        elements.append(f"Shared by <@{shared_by}>")
    return [
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": text} for text in elements[i : i + MAX_CONTEXT_ELEMENTS]
            ],
        }
        for i in range(0, len(elements), MAX_CONTEXT_ELEMENTS)
    ]


def _link(title: str, url: str) -> str:
    """Return `<url|title>`, or the bare title when the URL is not a plain http(s) link."""
    room = MAX_CONTEXT_TEXT - len(_SOURCES_PREFIX)
    label = _truncate(escape_mrkdwn(title.replace("|", "/").strip() or url), room)
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
                        "text": _truncate(question.strip(), MAX_BUTTON_TEXT),
                        "emoji": True,
                    },
                    "value": _truncate(question.strip(), MAX_BUTTON_VALUE),
                }
            )
        else:
            extra.append(f"• {escape_mrkdwn(question.strip())}")
    return buttons, extra


def _share_button(value: str) -> Block:
    return {
        "type": "button",
        "action_id": ACTION_SHARE,
        "text": {"type": "plain_text", "text": SHARE_LABEL, "emoji": True},
        "value": _truncate(value, MAX_BUTTON_VALUE),
    }


def _report_button(value: str) -> Block:
    return {
        "type": "button",
        "action_id": ACTION_REPORT,
        "text": {"type": "plain_text", "text": REPORT_LABEL, "emoji": True},
        "value": value,
    }


def _encode_report(report: Report, limit: int, extra: dict[str, str] | None = None) -> str:
    """Encode a report (without its note) as inert JSON of at most `limit` characters.

    Shortens in this order until it fits: the answer text, the fact ids (the dropped ones
    become a final "+N more"), the question.
    """
    question = _cut(" ".join(report.question.split()), _REPORT_QUESTION_CHARS)
    text = _cut(report.answer, _REPORT_ANSWER_CHARS)
    ids = [i for i in report.fact_ids if _FACT_ID.match(i)]
    more = 0
    if ids and (m := re.match(r"^\+(\d+) more$", ids[-1])):
        more = int(m[1])
        ids.pop()
    while True:
        shown = [*ids, f"+{more} more"] if more else ids
        value = {
            "q": question,
            "f": shown,
            "v": report.knowledge_version[:64],
            "a": report.as_of[:100],
            "t": text,
            **(extra or {}),
        }
        raw = inert_json(value)
        overflow = len(raw) - limit
        if overflow <= 0:
            return raw
        if text:
            keep = len(text) - overflow
            text = _cut(text, keep) if keep >= 40 else ""
        elif ids:
            ids.pop()
            more += 1
        elif question:
            question = _cut(question, len(question) // 2)
        else:
            return inert_json({"q": "", "f": [], "v": "", "a": "", "t": ""})


def _cut(text: str, limit: int) -> str:
    """Return `text`, or its first `limit` characters ending in an ellipsis."""
    return text if len(text) <= limit else text[: max(0, limit - 1)].rstrip() + _ELLIPSIS


def _plain(text: str) -> Block:
    return {"type": "plain_text", "text": text, "emoji": True}


def _fallback_text(answer: Answer) -> str:
    text = answer.text() or _EMPTY[answer.status]
    return _truncate(escape_mrkdwn(text), MAX_FALLBACK_TEXT)


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _sections(text: str) -> list[Block]:
    """Split escaped mrkdwn into sections of at most MAX_SECTION_TEXT characters."""
    return [_section(chunk) for chunk in _split(text, MAX_SECTION_TEXT)]


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


def _truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&", max(0, len(cut) - 5))
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut.rstrip() + _ELLIPSIS
