"""Render a core `Answer` as Discord messages: embeds, buttons, and the reply policy.

Everything here is pure: no client, no network, no event loop. The functions take an `Answer`
and return `DiscordMessage` values that `adapters.discord_bot` sends. Every piece of text is
escaped (markdown and mentions) and every Discord limit is enforced here, by splitting long
text at paragraph, line, sentence or word boundaries, so that no answer the fact base can
produce is ever refused by Discord. The module holds no facts and no wording of answers.

It also owns the wrong-fact report's Discord shape: what the "Report a wrong fact" button
carries in its custom_id (knowledge version, fact ids, question: enough to rebuild the report
after a restart), reading a report back from a pressed button and the message it was on, and
the text posted to the maintainers' channel.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import quote

import discord
from discord.utils import escape_markdown, escape_mentions

from bot.answer import Answer, Status
from bot.reports import MAX_NOTE_CHARS, MAX_TEXT_CHARS, Report

# Discord's documented limits (https://discord.com/developers/docs/resources/message).
CONTENT_LIMIT = 2000
EMBED_TITLE_LIMIT = 256
EMBED_DESCRIPTION_LIMIT = 4096
EMBED_FIELD_NAME_LIMIT = 256
EMBED_FIELD_VALUE_LIMIT = 1024
EMBED_FIELDS_LIMIT = 25
EMBED_FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000  # over all embeds of one message
EMBEDS_PER_MESSAGE = 10
BUTTONS_PER_ROW = 5
ROWS_PER_MESSAGE = 5
BUTTON_LABEL_LIMIT = 80
CUSTOM_ID_LIMIT = 100

ASK_PREFIX = "ask:"
"""custom_id prefix of a suggestion button; the rest of the id is the question itself, so a
button keeps working after a restart without any server-side registry."""

_QUESTION_ID_LIMIT = CUSTOM_ID_LIMIT - len(ASK_PREFIX)

REPORT_PREFIX = "report:"
"""custom_id prefix of the "Report a wrong fact" button; the rest is the report payload."""
REPORT_FORM_PREFIX = "report-form:"
"""custom_id prefix of the report modal; the rest is the same payload as the button's."""
REPORT_LABEL = "Report a wrong fact"
REPORT_FORM_TITLE = "Report a wrong fact"  # a modal title: at most 45 characters
REPORT_NOTE_LABEL = "What is wrong? (optional)"  # a label: at most 45 characters
REPORT_NOTE_ID = "note"
REPORT_THANKS = (
    "Thank you. Your report has been passed to the maintainers, who check every one against "
    "the sources."
)
# The payload is "version|fact,ids|question"; it must fit the longer (modal) prefix too.
_REPORT_PAYLOAD_LIMIT = CUSTOM_ID_LIMIT - max(len(REPORT_PREFIX), len(REPORT_FORM_PREFIX))
_REPORT_QUESTION_MIN = 40  # the question keeps this much before fact ids are dropped
_FACT_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_OMITTED = re.compile(r"^\+(\d{1,4})$")
_AS_OF_PREFIX = "Facts as of "
_ESCAPED = re.compile(r"\\(.)")
_ELLIPSIS = "…"
_INLINE_FIELD_MAX = 60  # short values ("Signed: 15 September 2020") sit side by side

_COLOURS: dict[Status, int] = {
    Status.ANSWERED: 0x2B6CB0,
    Status.CLARIFY: 0xD69E2E,
    Status.NO_ANSWER: 0x718096,
}
_CONTESTED_COLOUR = 0xC05621
_RATE_LIMITED_INTENT = "rate_limited"

_FAILURE_TEXT = "Sorry, something went wrong on my side. Please try again in a moment."


@dataclass(frozen=True, slots=True)
class AskButton:
    """A button that asks `custom_id`'s question when pressed."""

    label: str
    custom_id: str


@dataclass(frozen=True, slots=True)
class ReportButton:
    """The grey "Report a wrong fact" button; `custom_id` carries the report payload."""

    custom_id: str
    label: str = REPORT_LABEL


Button = AskButton | ReportButton


@dataclass(frozen=True, slots=True)
class DiscordMessage:
    """One message to send: optional text content, embeds, and rows of buttons."""

    content: str | None
    embeds: tuple[discord.Embed, ...] = ()
    button_rows: tuple[tuple[Button, ...], ...] = ()


def escape(text: str) -> str:
    """Escape markdown and mentions so text shows literally and can never ping anyone."""
    return escape_mentions(escape_markdown(text))


def render_answer(
    answer: Answer, *, echo_question: bool = False, knowledge_version: str = ""
) -> tuple[DiscordMessage, ...]:
    """Render `answer` as one message, or several when it exceeds one message's limits.

    With `echo_question` the first message quotes the question as content (for slash commands
    and buttons, where Discord does not show what was asked). Buttons go on the last message:
    suggestions, and for an answered question a "Report a wrong fact" button whose id records
    `knowledge_version` (the content hash of the facts that answered).
    """
    embeds = _embeds(answer)
    groups = _group_embeds(embeds)
    content = _echo(answer.question) if echo_question and answer.question.strip() else None
    report = None
    if answer.status is Status.ANSWERED:
        report = ReportButton(REPORT_PREFIX + report_payload(answer, knowledge_version))
    rows = _button_rows(answer.suggestions, report)
    messages: list[DiscordMessage] = []
    for index, group in enumerate(groups):
        last = index == len(groups) - 1
        messages.append(
            DiscordMessage(
                content=content if index == 0 else None,
                embeds=tuple(group),
                button_rows=rows if last else (),
            )
        )
    return tuple(messages)


def render_failure() -> DiscordMessage:
    """Render the apology sent when the core failed to answer."""
    return DiscordMessage(content=_FAILURE_TEXT)


def is_private_reply(answer: Answer) -> bool:
    """Say whether a slash-command reply should be ephemeral (seen only by who asked).

    Contested topics (critiques and defences) stay with the asker so the bot never broadcasts
    one side into a channel; a rate-limit notice concerns the asker alone.
    """
    return answer.contested or answer.intent == _RATE_LIMITED_INTENT


def ask_custom_id(question: str) -> str:
    """Return the custom_id of a button asking `question` (at most 100 characters)."""
    return ASK_PREFIX + _shorten(_one_line(question), _QUESTION_ID_LIMIT, ellipsis="")


def question_from_custom_id(custom_id: str) -> str | None:
    """Return the question an ask button carries, or None if `custom_id` is not one."""
    if not custom_id.startswith(ASK_PREFIX):
        return None
    question = custom_id[len(ASK_PREFIX) :].strip()
    return question or None


def report_payload(answer: Answer, knowledge_version: str) -> str:
    """Return what a report button carries: "version|fact,ids|question", at most 88 characters.

    Whole fact ids only; when some do not fit, a final "+N" says how many were left out. The
    question keeps at least 40 characters (cut with an ellipsis) before ids are dropped.
    """
    version = "".join(c for c in knowledge_version if c.isalnum())[:16]
    room = _REPORT_PAYLOAD_LIMIT - len(version) - 2
    question = _one_line(answer.question)
    ids = [i for i in answer.fact_ids if _FACT_ID.match(i)]
    joined = ",".join(ids)
    if len(joined) + len(question) > room:
        keep = max(min(len(question), _REPORT_QUESTION_MIN), room - len(joined))
        question = _shorten(question, keep)
        joined = _pack_ids(ids, room - len(question))
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
    fact_ids: list[str] = []
    for item in joined.split(",") if joined else []:
        if _FACT_ID.match(item):
            fact_ids.append(item)
        elif omitted := _OMITTED.match(item):
            fact_ids.append(f"+{omitted[1]} more")
        else:
            return None
    return Report(
        question=question.strip(),
        answer=answer_text[:MAX_TEXT_CHARS],
        fact_ids=tuple(fact_ids),
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
    return _unescape("\n".join(parts))[:MAX_TEXT_CHARS]


def as_of_from(embeds: Sequence[discord.Embed]) -> str:
    """Return the "Facts as of" date an answer's footer shows, or ""."""
    for embed in reversed(embeds):
        text = embed.footer.text or ""
        if text.startswith(_AS_OF_PREFIX):
            return _unescape(text.removeprefix(_AS_OF_PREFIX))
    return ""


def render_report(report: Report) -> DiscordMessage:
    """Render a filed report for the maintainers' channel: escaped text, at most 2000 chars."""
    return DiscordMessage(content=_fit(report.summary(), CONTENT_LIMIT))


def render_thanks() -> DiscordMessage:
    """Render the private thank-you a reporter gets."""
    return DiscordMessage(content=REPORT_THANKS)


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


def choice_label(text: str) -> str:
    """Fit an autocomplete choice into Discord's 1-100 character name and value."""
    return _shorten(_one_line(text), 100) or "?"


# --- embeds -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    value: str
    inline: bool


def _embeds(answer: Answer) -> list[discord.Embed]:
    """Build the embeds of `answer`, each within the per-embed limits."""
    colour = _CONTESTED_COLOUR if answer.contested else _COLOURS[answer.status]
    footer = _fit(_AS_OF_PREFIX + answer.as_of, EMBED_FOOTER_LIMIT) if answer.as_of else ""
    title = _fit(_one_line(answer.title), EMBED_TITLE_LIMIT) if answer.title.strip() else None
    descriptions = _split(answer.body, EMBED_DESCRIPTION_LIMIT)
    fields = list(_fields(answer))

    embeds: list[discord.Embed] = []
    for index, description in enumerate(descriptions or [""]):
        embeds.append(
            discord.Embed(
                title=title if index == 0 else None,
                description=description or None,
                colour=colour,
            )
        )
    if title is None and not descriptions and not fields:
        embeds[0].description = _ELLIPSIS  # Discord refuses an empty embed

    budget = EMBED_TOTAL_LIMIT - len(footer)
    current = embeds[-1]
    for field in fields:
        size = len(field.name) + len(field.value)
        if len(current.fields) >= EMBED_FIELDS_LIMIT or len(current) + size > budget:
            current = discord.Embed(colour=colour)
            embeds.append(current)
        current.add_field(name=field.name, value=field.value, inline=field.inline)
    if footer:
        embeds[-1].set_footer(text=footer)
    return embeds


def _fields(answer: Answer) -> Iterator[_Field]:
    """Yield the answer's fields, caveats and sources, each split to the field limits."""
    for item in answer.fields:
        yield from _split_field(item.name, item.value)
    if answer.notes:
        name = "Caveat" if len(answer.notes) == 1 else "Caveats"
        yield from _split_field(name, "\n".join(f"• {note}" for note in answer.notes))
    if answer.sources:
        lines = [_source_line(s.title, s.url) for s in answer.sources]
        for index, chunk in enumerate(_pack_lines(lines, EMBED_FIELD_VALUE_LIMIT)):
            yield _Field("Sources" if index == 0 else "Sources (cont.)", chunk, inline=False)


def _split_field(name: str, value: str) -> Iterator[_Field]:
    """Yield one field, or several named "(cont.)" when the value exceeds 1024 characters."""
    label = _one_line(name) or "\u200b"
    chunks = _split(value, EMBED_FIELD_VALUE_LIMIT) or ["\u200b"]
    inline = len(chunks) == 1 and len(chunks[0]) <= _INLINE_FIELD_MAX and "\n" not in chunks[0]
    for index, chunk in enumerate(chunks):
        shown = label if index == 0 else f"{label} (cont.)"
        yield _Field(_fit(shown, EMBED_FIELD_NAME_LIMIT), chunk, inline)


def _source_line(title: str, url: str) -> str:
    """Return "• [title](url)", escaped so neither part can break the markdown link."""
    safe_url = quote(url.strip(), safe=":/?#@!$&'*+,;=%-._~")
    label = _fit(_one_line(title) or safe_url, 200)
    label = _UNESCAPED_BRACKET.sub(r"\1\\\2", label)  # a bare ] would end the link text
    line = f"• [{label}]({safe_url})"
    if len(line) > EMBED_FIELD_VALUE_LIMIT:  # an absurd URL: show the title alone
        return "• " + _fit(_one_line(title) or url, EMBED_FIELD_VALUE_LIMIT - 2)
    return line


def _group_embeds(embeds: list[discord.Embed]) -> list[list[discord.Embed]]:
    """Group embeds into messages of at most 10 embeds and 6000 characters."""
    groups: list[list[discord.Embed]] = [[]]
    total = 0
    for embed in embeds:
        size = len(embed)
        if groups[-1] and (
            len(groups[-1]) >= EMBEDS_PER_MESSAGE or total + size > EMBED_TOTAL_LIMIT
        ):
            groups.append([])
            total = 0
        groups[-1].append(embed)
        total += size
    return groups


# --- buttons --------------------------------------------------------------------------------


def _button_rows(
    suggestions: Iterable[str], report: ReportButton | None = None
) -> tuple[tuple[Button, ...], ...]:
    """Lay suggestions out as buttons: unique ids, at most 5 per row and 5 rows.

    A report button gets a row of its own after the suggestions (which then fill 4 rows at
    most), so it never reads as one more suggestion.
    """
    limit = BUTTONS_PER_ROW * (ROWS_PER_MESSAGE - (1 if report is not None else 0))
    buttons: list[AskButton] = []
    seen: set[str] = set()
    for suggestion in suggestions:
        if not suggestion.strip():
            continue
        custom_id = ask_custom_id(suggestion)
        if custom_id in seen:  # Discord refuses a message with duplicate custom_ids
            continue
        seen.add(custom_id)
        buttons.append(AskButton(_shorten(_one_line(suggestion), BUTTON_LABEL_LIMIT), custom_id))
        if len(buttons) == limit:
            break
    rows: list[tuple[Button, ...]] = [
        tuple(buttons[i : i + BUTTONS_PER_ROW]) for i in range(0, len(buttons), BUTTONS_PER_ROW)
    ]
    if report is not None:
        rows.append((report,))
    return tuple(rows)


def _pack_ids(ids: list[str], room: int) -> str:
    """Join as many whole ids as fit in `room` characters, then "+N" for the rest."""
    if len(",".join(ids)) <= room:
        return ",".join(ids)
    for keep in range(len(ids) - 1, -1, -1):
        joined = ",".join([*ids[:keep], f"+{len(ids) - keep}"])
        if len(joined) <= room:
            return joined
    return ""


# --- text -------------------------------------------------------------------------------------


def _unescape(text: str) -> str:
    """Undo `escape`: drop markdown backslashes and the zero-width space after "@"."""
    return _ESCAPED.sub(r"\1", text).replace("@\u200b", "@")


def _echo(question: str) -> str:
    """Quote the question as message content, escaped, on one line."""
    return "> " + _fit(_one_line(question), CONTENT_LIMIT - 2)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _shorten(text: str, limit: int, *, ellipsis: str = _ELLIPSIS) -> str:
    """Cut unescaped text (labels, ids) to `limit` characters, at a word if one is near."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ellipsis)]
    space = cut.rfind(" ")
    if space >= len(cut) // 2:
        cut = cut[:space]
    return cut.rstrip() + ellipsis


def _fit(raw: str, limit: int) -> str:
    """Escape `raw`, truncating it (with an ellipsis) so the escaped text fits `limit`."""
    escaped = escape(raw)
    if len(escaped) <= limit:
        return escaped
    end = _longest_fitting_prefix(raw, limit - len(_ELLIPSIS))
    end = _boundary(raw, end)
    while end > 0 and len(escape(raw[:end].rstrip())) > limit - len(_ELLIPSIS):
        end -= 1
    return escape(raw[:end].rstrip()) + _ELLIPSIS


def _split(raw: str, limit: int) -> list[str]:
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


def _pack_lines(lines: list[str], limit: int) -> list[str]:
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


_UNESCAPED_BRACKET = re.compile(r"(?<!\\)((?:\\\\)*)([\[\]])")  # after an even run of \\
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
