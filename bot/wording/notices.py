"""The service's notices: apologies, waiting, sharing, reports, More, the console's words.

What a front end says around an answer rather than in it. Pure constants and small functions,
no platform markup (renderers escape and decorate the plain text).
"""

from __future__ import annotations

from typing import Final

# --- notices of the service ----------------------------------------------------------------

APOLOGY: Final = "Sorry, something went wrong on my side while answering. Please try again."
"""The one apology, whatever failed: the core, the service, or a platform call."""

STATE_UNAVAILABLE: Final = (
    "I can't reach my memory of channel subscriptions right now, so that did not change "
    "anything. Questions still work; please try this again in a few minutes."
)
"""Said to a channel command when the state store fails (answers go on without it)."""

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
