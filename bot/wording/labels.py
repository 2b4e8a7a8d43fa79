"""The decorations every renderer puts around an answer, in the answer's language.

"Sources", "Try:", "Facts as of", the caveats' label, "(cont.)", the buttons under an answer:
English here, the other languages' from their language files, served by the core when it
builds its language layer. A renderer asks `label(answer.language, key)` and never writes a
word of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Final

from bot.answer import Answer
from bot.wording.notices import MORE_LABEL, REPORT_LABEL, SHARE_LABEL

# --- decorations every renderer shares ------------------------------------------------------

FACTS_AS_OF: Final = "Facts as of "
SOURCES: Final = "Sources"
SOURCES_CONTINUED: Final = "Sources (cont.)"
CONTESTED: Final = "Contested: each view is attributed to who holds it."
MORE_YOU_CAN_ASK: Final = "More you can ask:"
SHORTENED: Final = "(Answer shortened to fit; see the sources.)"
CONTINUED: Final = "(cont.)"
CAVEAT: Final = "Caveat"
CAVEATS: Final = "Caveats"
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
    "continued": CONTINUED,
    "caveat": CAVEAT,
    "caveats": CAVEATS,
    "more_you_can_ask": MORE_YOU_CAN_ASK,
    "contested": CONTESTED,
    "shortened": SHORTENED,
    "more": MORE_LABEL,
    "share": SHARE_LABEL,
    "report": REPORT_LABEL,
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


def caveats(count: int, language: str = "en") -> str:
    """Label the notes of an answer: "Caveat" or "Caveats", in `language`."""
    return label(language, "caveat" if count == 1 else "caveats")


def labelled_as(key: str, text: str) -> str | None:
    """Return what follows the label `key` at the start of `text`, in any served language.

    For text a renderer wrote as "LABEL VALUE" ("Facts as of June 2026", "Факты на июнь
    2026 г."), read back without knowing its language; None when no label starts it.
    Bidi isolates around the value are dropped.
    """
    labels = {_ENGLISH_LABELS[key]}
    labels.update(s.labels[key] for s in _served.values() if key in s.labels)
    for shown in sorted(labels, key=len, reverse=True):
        if text.startswith(shown + " "):
            return text[len(shown) + 1 :].strip().strip("\u2068\u2069")
    return None
