"""Render a core `Answer` as Discord messages: embeds, buttons, and the reply policy.

Everything here is pure: no client, no network, no event loop. The functions take an `Answer`
and return `DiscordMessage` values that the listeners send. Every piece of text is escaped
(markdown and mentions, `adapters.discord_bot.text`) and every Discord limit is enforced
here, by splitting long text at clean boundaries, so that no answer the fact base can produce
is ever refused by Discord. The words around answers come from `bot.wording`, in the answer's
language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

import discord

from adapters.discord_bot.reporting import CUSTOM_ID_LIMIT, REPORT_PREFIX, report_payload
from adapters.discord_bot.text import (
    ELLIPSIS,
    echo,
    fit,
    one_line,
    pack_lines,
    shorten,
    split,
)
from bot import wording
from bot.answer import Answer, AnswerKind, Source, Status, source_lines
from bot.knowledge.commands import more_token

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

ASK_PREFIX = "ask:"
"""custom_id prefix of a suggestion button; the rest of the id is the question itself, so a
button keeps working after a restart without any server-side registry."""

_QUESTION_ID_LIMIT = CUSTOM_ID_LIMIT - len(ASK_PREFIX)

MORE_PREFIX = "more:"
"""custom_id prefix of a More button; the rest is the core's More token (`more_token`), from
which the whole record is composed again at the press, so it works after a restart too."""

_INLINE_FIELD_MAX = 60  # short values ("Signed: 15 September 2020") sit side by side

_COLOURS: dict[Status, int] = {
    Status.ANSWERED: 0x2B6CB0,
    Status.CLARIFY: 0xD69E2E,
    Status.NO_ANSWER: 0x718096,
}
_CONTESTED_COLOUR = 0xC05621
_UNESCAPED_BRACKET = re.compile(r"(?<!\\)((?:\\\\)*)([\[\]])")  # after an even run of \\


@dataclass(frozen=True, slots=True)
class AskButton:
    """A button that asks `custom_id`'s question when pressed."""

    label: str
    custom_id: str


@dataclass(frozen=True, slots=True)
class ReportButton:
    """The grey "Report a wrong fact" button; `custom_id` carries the report payload."""

    custom_id: str
    label: str = wording.REPORT_LABEL


@dataclass(frozen=True, slots=True)
class MoreButton:
    """The "More" button: `custom_id` carries the token of the whole record to show."""

    custom_id: str
    label: str = wording.MORE_LABEL


Button = AskButton | ReportButton | MoreButton


@dataclass(frozen=True, slots=True)
class DiscordMessage:
    """One message to send: optional text content, embeds, and rows of buttons."""

    content: str | None
    embeds: tuple[discord.Embed, ...] = ()
    button_rows: tuple[tuple[Button, ...], ...] = ()


def render_answer(
    answer: Answer, *, echo_question: bool = False, typed: str | None = None
) -> tuple[DiscordMessage, ...]:
    """Render `answer` as one message, or several when it exceeds one message's limits.

    With `echo_question` the first message quotes the question as content (for slash commands
    and buttons, where Discord does not show what was asked): `typed`, what the user typed
    (escaped, so its mentions show but ping nobody), else the question the core answered.
    Buttons go on the last message: suggestions, then a row with "More" when the answer's
    whole record adds something (its id carries the core's More token) and, for an answered
    question, "Report a wrong fact", whose id records the knowledge version stamped on the
    answer (the content hash of the facts that answered).
    The service's failure notice is plain content, as an apology reads best.
    """
    if answer.kind is AnswerKind.ERROR:
        return (DiscordMessage(content=fit(answer.body, CONTENT_LIMIT)),)
    embeds = _embeds(answer)
    groups = _group_embeds(embeds)
    shown = answer.question if typed is None else typed
    content = echo(shown) if echo_question and shown.strip() else None
    tools: list[Button] = []
    token = more_token(answer)
    if token is not None and len(MORE_PREFIX + token) <= CUSTOM_ID_LIMIT:
        label = _button_label(wording.label(answer, "more"))
        tools.append(MoreButton(MORE_PREFIX + token, label))
    if answer.status is Status.ANSWERED and not answer.is_notice:
        label = _button_label(wording.label(answer, "report"))
        tools.append(ReportButton(REPORT_PREFIX + report_payload(answer), label))
    rows = _button_rows(answer.suggestions, tuple(tools))
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
    return DiscordMessage(content=fit(wording.APOLOGY, CONTENT_LIMIT))


def is_private_reply(answer: Answer) -> bool:
    """Say whether a slash-command reply should be ephemeral (seen only by who asked).

    Contested topics (critiques and defences) stay with the asker so the bot never broadcasts
    one side into a channel; the service's notices (rate limit, failure) concern the asker alone.
    """
    return answer.contested or answer.is_notice


def ask_custom_id(question: str) -> str:
    """Return the custom_id of a button asking `question` (at most 100 characters)."""
    return ASK_PREFIX + shorten(one_line(question), _QUESTION_ID_LIMIT, ellipsis="")


def question_from_custom_id(custom_id: str) -> str | None:
    """Return the question an ask button carries, or None if `custom_id` is not one."""
    if not custom_id.startswith(ASK_PREFIX):
        return None
    question = custom_id[len(ASK_PREFIX) :].strip()
    return question or None


def choice_label(text: str) -> str:
    """Fit an autocomplete choice into Discord's 1-100 character name and value."""
    return shorten(one_line(text), 100) or "?"


# --- embeds -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    value: str
    inline: bool


def _embeds(answer: Answer) -> list[discord.Embed]:
    """Build the embeds of `answer`, each within the per-embed limits."""
    colour = _CONTESTED_COLOUR if answer.contested else _COLOURS[answer.status]
    footer = ""
    if answer.as_of:
        as_of = wording.in_direction(answer, answer.as_of, whole=True)
        footer = fit(f"{wording.label(answer, 'facts_as_of')} {as_of}", EMBED_FOOTER_LIMIT)
    title = fit(one_line(answer.title), EMBED_TITLE_LIMIT) if answer.title.strip() else None
    descriptions = split(answer.body, EMBED_DESCRIPTION_LIMIT)
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
        embeds[0].description = ELLIPSIS  # Discord refuses an empty embed

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
    continued = wording.label(answer, "continued")
    for item in answer.fields:
        yield from _split_field(item.name, item.value, continued)
    if answer.notes:
        name = wording.caveats(len(answer.notes), answer)
        notes = "\n".join(f"• {note}" for note in answer.notes)
        yield from _split_field(name, notes, continued)
    if answer.sources:
        lines = [
            _source_line(answer, publisher, pages)
            for publisher, pages in source_lines(answer.sources)
        ]
        first = wording.label(answer, "sources")
        more = wording.label(answer, "sources_continued")
        for index, chunk in enumerate(pack_lines(lines, EMBED_FIELD_VALUE_LIMIT)):
            name = first if index == 0 else more
            yield _Field(name, chunk, inline=False)


def _split_field(name: str, value: str, continued: str) -> Iterator[_Field]:
    """Yield one field, or several when the value exceeds 1024 characters: the later ones
    named with `continued` ("(cont.)" in the answer's language)."""
    label = one_line(name) or "\u200b"
    chunks = split(value, EMBED_FIELD_VALUE_LIMIT) or ["\u200b"]
    inline = len(chunks) == 1 and len(chunks[0]) <= _INLINE_FIELD_MAX and "\n" not in chunks[0]
    for index, chunk in enumerate(chunks):
        shown = label if index == 0 else f"{label} {continued}"
        yield _Field(fit(shown, EMBED_FIELD_NAME_LIMIT), chunk, inline)


def _button_label(label: str) -> str:
    return shorten(one_line(label), BUTTON_LABEL_LIMIT) or "?"


def _source_line(answer: Answer, publisher: str, pages: tuple[Source, ...]) -> str:
    """Return "• [title](url)", or "• Publisher: [headline](url); …" for a publisher's pages."""
    links = "; ".join(
        _link(wording.in_direction(answer, s.title, whole=True), s.url) for s in pages
    )
    line = f"• {one_line(publisher)}: {links}" if publisher else f"• {links}"
    if len(line) > EMBED_FIELD_VALUE_LIMIT:  # absurd URLs: show the titles alone
        titles = "; ".join(one_line(s.title) or s.url for s in pages)
        return fit(
            f"• {one_line(publisher)}: {titles}" if publisher else f"• {titles}",
            EMBED_FIELD_VALUE_LIMIT,
        )
    return line


def _link(title: str, url: str) -> str:
    """Return "[title](url)", escaped so neither part can break the markdown link."""
    safe_url = quote(url.strip(), safe=":/?#@!$&'*+,;=%-._~")
    label = fit(one_line(title) or safe_url, 200)
    label = _UNESCAPED_BRACKET.sub(r"\1\\\2", label)  # a bare ] would end the link text
    return f"[{label}]({safe_url})"


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
    suggestions: Iterable[str], tools: tuple[Button, ...] = ()
) -> tuple[tuple[Button, ...], ...]:
    """Lay suggestions out as buttons: unique ids, at most 5 per row and 5 rows.

    The tools (More, Report) get a row of their own after the suggestions (which then fill 4
    rows at most), so they never read as more suggestions.
    """
    limit = BUTTONS_PER_ROW * (ROWS_PER_MESSAGE - (1 if tools else 0))
    buttons: list[AskButton] = []
    seen: set[str] = set()
    for suggestion in suggestions:
        if not suggestion.strip():
            continue
        custom_id = ask_custom_id(suggestion)
        if custom_id in seen:  # Discord refuses a message with duplicate custom_ids
            continue
        seen.add(custom_id)
        buttons.append(AskButton(shorten(one_line(suggestion), BUTTON_LABEL_LIMIT), custom_id))
        if len(buttons) == limit:
            break
    rows: list[tuple[Button, ...]] = [
        tuple(buttons[i : i + BUTTONS_PER_ROW]) for i in range(0, len(buttons), BUTTONS_PER_ROW)
    ]
    if tools:
        rows.append(tools)
    return tuple(rows)
