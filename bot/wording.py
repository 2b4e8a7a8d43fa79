"""Every sentence the bot says around its answers, in one place to review and translate.

The answers themselves are composed from the fact base by the core; what lives here is the
rest: apologies, notices, the report form's labels, button labels, the thank-you. Adapters
and the service import these constants and functions and never write user-facing text of
their own. Pure: no I/O, no platform markup (renderers escape and decorate the plain text).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Final, Protocol

from bot.answer import Answer

# --- notices of the service ----------------------------------------------------------------

APOLOGY: Final = "Sorry, something went wrong on my side while answering. Please try again."
"""The one apology, whatever failed: the core, the service, or a platform call."""

WORKING: Final = "Looking that up…"
"""Shown when an answer takes longer than the platform's acknowledgement deadline."""

RATE_LIMITED_TITLE: Final = "One moment, please"


def rate_limited(retry_after_s: float) -> str:
    """Return the polite reply to someone who asks faster than the rate limit allows."""
    wait = max(1, round(retry_after_s))
    return (
        "You're asking faster than I can answer well. Please try again in "
        f"{wait} second{'s' if wait != 1 else ''}."
    )


# --- sharing an ephemeral answer -----------------------------------------------------------

SHARE_LABEL: Final = "Share in channel"
SHARE_EXPIRED: Final = "That answer can no longer be shared; ask again and share the new one."


def shared_by(mention: str) -> str:
    """Credit whoever shared an answer (`mention` is the platform's own mention markup)."""
    return f"Shared by {mention}"


# --- wrong-fact reports ---------------------------------------------------------------------

REPORT_LABEL: Final = "Report a wrong fact"  # also the form's title: at most 24 characters
REPORT_NOTE_LABEL: Final = "What is wrong? (optional)"  # a form label: at most 45 characters
REPORT_NOTE_PLACEHOLDER: Final = "The right fact, and a source if you have one"
REPORT_SUBMIT: Final = "Send report"
REPORT_CANCEL: Final = "Cancel"
REPORT_PRIVACY: Final = (
    "The maintainers get the question, the answer and your note, not who you are."
)
REPORT_THANKS: Final = (
    "Thank you. Your report has been passed to the maintainers, who check every one against "
    "the sources."
)
REPORT_QUESTION: Final = "Question"


# --- decorations every renderer shares ------------------------------------------------------

FACTS_AS_OF: Final = "Facts as of "
SOURCES: Final = "Sources"
SOURCES_CONTINUED: Final = "Sources (cont.)"
CONTESTED: Final = "Contested: each view is attributed to who holds it."
MORE_YOU_CAN_ASK: Final = "More you can ask:"
SHORTENED: Final = "(Answer shortened to fit; see the sources.)"
TRY: Final = "Try: "
EMPTY_ANSWERED: Final = "(No text.)"
EMPTY_CLARIFY: Final = "Could you say a little more?"
EMPTY_NO_ANSWER: Final = "I don't know that one."


# --- the decorations in the answer's language ------------------------------------------------

_ENGLISH_LABELS: Final[Mapping[str, str]] = {
    "try": TRY.rstrip(),
    "sources": SOURCES,
    "sources_continued": SOURCES_CONTINUED,
    "facts_as_of": FACTS_AS_OF.rstrip(),
}
"""The labels renderers put around an answer, in English: the keys of the language files'
`labels` that renderers use, and the fallback for a language that lacks one."""


@dataclass(frozen=True, slots=True)
class LanguageLabels:
    """One language's labels, and how it keeps Latin runs in order (right-to-left only)."""

    labels: Mapping[str, str]
    isolate: Callable[[str], str] | None = None


_served: Mapping[str, LanguageLabels] = {}


def serve_labels(languages: Mapping[str, LanguageLabels]) -> None:
    """Make `languages` the labels every renderer uses from now on.

    The core calls it when it builds the language layer of the facts it serves, so a reload
    of the language files relabels the next answer; one assignment, safe for every reader.
    """
    global _served  # the served facts' labels, swapped whole on a reload
    _served = dict(languages)


def label(language: str, key: str) -> str:
    """Return the decoration `key` ("try", "sources", "facts_as_of", …) in `language`.

    English, an unknown language and a missing label give the English text, unchanged.
    """
    served = _served.get(language) if language != "en" else None
    if served is not None and key in served.labels:
        return served.labels[key]
    return _ENGLISH_LABELS[key]


def in_direction(language: str, text: str, *, whole: bool = False) -> str:
    """Return `text` ready to sit in `language`'s text: in right-to-left languages each run of
    Latin letters or digits (a name, a date) is isolated so it cannot reorder the line, or with
    `whole` the text as one run (a source's title and link, its own punctuation kept inside).
    """
    served = _served.get(language)
    if served is None or served.isolate is None or not text:
        return text
    return f"\u2068{text}\u2069" if whole else served.isolate(text)


def answer_text(answer: Answer) -> str:
    """Return the whole answer as plain text (`Answer.text`), "Try:" in the answer's language."""
    if not answer.suggestions or answer.language == "en":
        return answer.text()
    head = replace(answer, suggestions=()).text()
    tried = " | ".join(in_direction(answer.language, s) for s in answer.suggestions)
    return "\n".join(p for p in (head, f"{label(answer.language, 'try')} {tried}") if p)


def caveats(count: int) -> str:
    """Label the notes of an answer: "Caveat" or "Caveats"."""
    return "Caveat" if count == 1 else "Caveats"


# --- the whole record, one step away (the More button) ---------------------------------------

MORE_LABEL: Final = "More"
"""The button under a short answer that shows the whole record (every detail, note, source)."""
RECORD_GONE: Final = (
    "That record is no longer in the facts, or has changed shape; ask again for the latest."
)


def whole_record(name: str) -> str:
    """Title the whole record of `name` (a member, a topic), shown by the More button."""
    return f"{name}: the whole record"


# --- the console ----------------------------------------------------------------------------


NO_MORE = "There is no earlier answer with more to show. Ask a question first."


def console_greeting(as_of: str) -> str:
    """Greet the console user: what the bot does and how to leave."""
    return (
        f"Accords Bot (facts as of {as_of}). Ask about the Abraham Accords; "
        "/about lists commands, /quit or Ctrl-D leaves."
    )


# --- which facts are served -------------------------------------------------------------------

FACT_BASE: Final = "Fact base"


def served_base(described: str, version: str) -> str:
    """Word the served base: "shipped with accords-bot 0.1.0" or "the folder 'NAME' (…)".

    `described` is `bot.config.describe_knowledge`'s "shipped" or "folder PATH"; only the
    folder's last name is shown, never the server's path.
    """
    if described == "shipped":
        return f"shipped with accords-bot {version}"
    folder = described.removeprefix("folder ").rstrip("/").rsplit("/", 1)[-1]
    return f"the folder {folder!r} (set by KNOWLEDGE_DIR or --knowledge)"


# --- what changed in the facts (announcements, /changes, `accords-bot diff`) ----------------

CHANGES_TITLE: Final = "What changed in the facts"
NO_VISIBLE_CHANGES: Final = "no changes users can see"
NO_CHANGES_YET: Final = "No changes to the facts have been announced yet."
RECENT_CHANGES_TITLE: Final = "Recent changes to the facts"
CHANGE_NAME: Final = "name"
CHANGE_STATUS: Final = "status"
CHANGE_STATUS_DETAIL: Final = "status in detail"
CHANGE_ANNOUNCED: Final = "announced"
CHANGE_ANNOUNCED_DETAIL: Final = "announcement"
CHANGE_SIGNED: Final = "signed"
CHANGE_DOCUMENTS: Final = "documents signed"
CHANGE_SIGNED_DETAIL: Final = "signing"
CHANGE_SIGNATORY: Final = "signatory"
CHANGE_RATIFICATION: Final = "ratification"
CHANGE_OFFERED: Final = "what was offered"
CHANGE_MILESTONE: Final = "milestone"
CHANGE_CAVEAT: Final = "caveat"
CHANGE_SUMMARY: Final = "summary"
CHANGE_WHY_NOT: Final = "why it is not a member"
CHANGE_ROLE: Final = "role"
CHANGE_DATE: Final = "date"
CHANGE_EVENT: Final = "event"
CHANGE_TITLE: Final = "title"
CHANGE_ANSWER: Final = "answer"
CHANGE_CLAIM: Final = "argument"
CHANGE_TOPICS: Final = "topics"
_QUOTE_MAX: Final = 300


class _Shown(Protocol):
    """The part of a changed field a line shows (a `bot.changes.FieldView`)."""

    @property
    def label(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def short(self) -> bool: ...
    @property
    def item(self) -> bool: ...


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text


def _quoted(text: str) -> str:
    if len(text) > _QUOTE_MAX:
        text = text[: _QUOTE_MAX - 1].rsplit(" ", 1)[0] + "…"
    return f"“{text}”"


def change_event_title(date: str) -> str:
    """Name a timeline event in a change line: "timeline, 12 March 2027"."""
    return f"timeline, {date}"


def change_argument_title(side: str, who: str) -> str:
    """Name a critique or defence in a change line."""
    return f"{'critique' if side == 'critique' else 'defence'} by {who}"


def change_new_record(name: str, status_label: str) -> str:
    """Describe a new member or related entry: "Somaliland (pledged to join; not a member)"."""
    return f"{name} ({_lower_first(status_label)})"


def change_new(summary: str) -> str:
    """Announce a new record."""
    return f"new: {summary}"


def change_gone(title: str) -> str:
    """Announce a removed record."""
    return f"removed: {title}"


def change_status_signed(title: str, old: str, new: str, signed: _Shown) -> str:
    """Word a status change that came with a signing, in one line."""
    return f"{title}: status {_lower_first(old)} → {_lower_first(new)} (signed {signed.text})"


def change_added(title: str, field: _Shown) -> str:
    """Word a field or list item that is new in a record."""
    if field.item:
        return f"{title}: new {field.label}: {field.text}"
    if field.short:
        return f"{title}: {field.label} {_lower_first(field.text)}"
    return f"{title}: {field.label} now reads {_quoted(field.text)}"


def change_changed(title: str, old: _Shown, new: _Shown) -> str:
    """Word a field whose value changed."""
    if new.short:
        return f"{title}: {new.label} {_lower_first(old.text)} → {_lower_first(new.text)}"
    return f"{title}: {new.label} now reads {_quoted(new.text)}"


def change_removed(title: str, field: _Shown) -> str:
    """Word a field or list item no longer in a record."""
    return (
        f"{title}: {field.label} removed: {_quoted(field.text) if not field.short else field.text}"
    )


def change_line(text: str, source_titles: tuple[str, ...]) -> str:
    """One bullet of an announcement: the change and the source it rests on."""
    if not source_titles:
        return f"• {text}"
    return f"• {text} (source: {source_titles[0]})"


def and_more(count: int) -> str:
    """Say how many changes a summary leaves out, and where the rest is."""
    return f"…and {count} more: press {MORE_LABEL} for the full list."


def changes_announced_on(date: str, version: str) -> str:
    """Head one announcement in /changes: its date and the knowledge version."""
    return f"{date} (version {version})"


# --- subscriptions ------------------------------------------------------------------------

SUBSCRIPTION: Final = "Updates in this channel"
SUBSCRIBED_TITLE: Final = "Subscribed"
UNSUBSCRIBED_TITLE: Final = "Unsubscribed"
SUBSCRIBE_ONLY_IN_CHANNELS: Final = (
    "Subscriptions are for Discord and Slack channels: there the bot posts what changed in "
    "the facts whenever the maintainers update them."
)
SUBSCRIBE_NEEDS_MANAGE_CHANNELS: Final = (
    "Only members with the Manage Channels permission can subscribe or unsubscribe a channel."
)
NOT_SUBSCRIBED: Final = "This channel is not subscribed; /subscribe turns updates on."


def subscribed(already: bool) -> str:
    """Confirm a subscription of the channel the command was given in."""
    if already:
        return "This channel is already subscribed: it gets a message whenever the facts change."
    return (
        f"This channel will get one message, “{CHANGES_TITLE}”, whenever the maintainers "
        "update the facts. /unsubscribe stops it."
    )


def unsubscribed(was: bool) -> str:
    """Confirm an unsubscription."""
    if not was:
        return NOT_SUBSCRIBED
    return "This channel will no longer get updates to the facts. /subscribe turns them on again."


def subscribed_by(mention: str) -> str:
    """Credit whoever subscribed a channel (`mention` is the platform's own mention markup)."""
    return f"Subscribed by {mention}"


def unsubscribed_by(mention: str) -> str:
    """Credit whoever unsubscribed a channel."""
    return f"Unsubscribed by {mention}"


def subscription_state(subscribed: bool, paused: bool) -> str:
    """Say in /about whether this channel gets updates."""
    if not subscribed:
        return "not subscribed (/subscribe turns updates on)"
    if paused:
        return "subscribed, but paused: the bot could not post here. /subscribe resumes it."
    return "subscribed: the bot posts here when the facts change (/unsubscribe stops it)"
