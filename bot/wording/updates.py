"""What changed in the facts, as subscribed channels, /changes and `accords-bot diff` word it.

Change lines, announcements and the subscription commands' confirmations.
"""

from __future__ import annotations

from typing import Final, Protocol

from bot.wording.notices import MORE_LABEL

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
CHANGE_FINDING: Final = "finding"
CHANGE_BY: Final = "whose view"
CHANGE_PARTY: Final = "party that got it"
CHANGE_SIDE: Final = "leaning"
CHANGE_ABOUT: Final = "about"
CHANGE_ACCORDS: Final = "the accords as a whole"
_FINDING_KINDS: Final = {
    "reason": "reason",
    "effect": "effect",
    "reaction": "reaction",
    "prospect": "prospect",
    "gain": "what a party got",
    "assessment": "assessment",
    "text": "what the texts say",
    "background": "background",
}
_QUOTE_MAX: Final = 300


class _Shown(Protocol):
    """The part of a changed field a line shows (a `bot.service.changes.FieldView`)."""

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


def change_finding_title(kind: str, date: str, by: str) -> str:
    """Name a finding in a change line: "reaction by the Palestinian Authority, August 2020"."""
    name = _FINDING_KINDS.get(kind, kind)
    return f"{name} by {_lower_first(by)}, {date}" if by else f"{name}, {date}"


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


def change_text_edited(
    title: str, label: str, added: tuple[str, ...], removed: tuple[str, ...]
) -> str:
    """Word an edit of a long text by the sentences it gained and lost, each quoted whole
    (up to the quote limit), so a sentence added at the end is seen."""
    parts = [f"added {_quoted(s)}" for s in added] + [f"removed {_quoted(s)}" for s in removed]
    return f"{title}: {label}: {'; '.join(parts)}"


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
SUBSCRIBE_CANNOT_POST: Final = {
    "slack": (
        "I'm not in this channel, so I could not post updates here. Invite me first "
        "(/invite and my name), then /subscribe again."
    ),
    "discord": (
        "I can't post in this channel: I need the View Channel and Send Messages permissions "
        "here. Ask someone who manages the channel to grant them, then /subscribe again."
    ),
}
"""Said instead of subscribing a channel the bot could not post updates to, per platform."""
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
