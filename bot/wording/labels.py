"""The decorations every renderer puts around an answer, in the answer's language.

"Sources", "Try:", "Facts as of", the caveats' label, "(cont.)", the buttons under an answer:
English here, the other languages' from their language files, carried by each answer the core
puts in another language (`Answer.decorations`). A renderer asks `label(answer, key)` and never
writes a word of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Final

from bot.answer import Answer
from bot.wording.bidi import FSI, PDI, isolate
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


DECORATION_KEYS: Final = tuple(_ENGLISH_LABELS)
"""The keys of the language files' labels that renderers use."""


def label(answer: Answer, key: str) -> str:
    """Return the decoration `key` ("try", "sources", "facts_as_of", …) in `answer`'s language.

    English, and a language that lacks the label, give the English text.
    """
    return dict(answer.decorations).get(key) or _ENGLISH_LABELS[key]


def in_direction(answer: Answer, text: str, *, whole: bool = False) -> str:
    """Return `text` ready to sit in `answer`'s text: in right-to-left languages each run of
    Latin letters or digits (a name, a date) is isolated so it cannot reorder the line, or with
    `whole` the text as one run (a source's title and link, its own punctuation kept inside).
    """
    if not answer.rtl or not text:
        return text
    return f"{FSI}{text}{PDI}" if whole else isolate(text)


def answer_text(answer: Answer) -> str:
    """Return the whole answer as plain text (`Answer.text`), "Try:" in the answer's language."""
    if not answer.suggestions or answer.language == "en":
        return answer.text()
    head = replace(answer, suggestions=()).text()
    tried = " | ".join(in_direction(answer, s) for s in answer.suggestions)
    return "\n".join(p for p in (head, f"{label(answer, 'try')} {tried}") if p)


def caveats(count: int, answer: Answer) -> str:
    """Label the notes of an answer: "Caveat" or "Caveats", in its language."""
    return label(answer, "caveat" if count == 1 else "caveats")


def labelled_as(key: str, text: str, served: Iterable[str] = ()) -> str | None:
    """Return what follows the label `key` at the start of `text`, in English or any of the
    `served` words for it (`Multilingual.labels_for`).

    For text a renderer wrote as "LABEL VALUE" ("Facts as of June 2026", "Факты на июнь
    2026 г."), read back without knowing its language; None when no label starts it.
    Bidi isolates around the value are dropped.
    """
    labels = {_ENGLISH_LABELS[key], *served}
    for shown in sorted(labels, key=len, reverse=True):
        if text.startswith(shown + " "):
            return text[len(shown) + 1 :].strip().strip("\u2068\u2069")
    return None
