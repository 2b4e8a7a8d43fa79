"""Keep Latin names and numbers in order inside right-to-left text; strip hostile bidi controls.

In Arabic or Hebrew text, every run of Latin letters or digits (a name, a date, a number) is
wrapped in Unicode bidi isolates (U+2068 … U+2069) so it cannot reorder the line around it.
The explicit controls a question may carry (embeddings, overrides, isolates, marks) are
removed before it is echoed. Pure text functions: no language data, no wording.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answer import Answer, AnswerField

FSI, PDI = "\u2068", "\u2069"
_LATIN_RUN = re.compile(
    r"[A-Za-z0-9\u00C0-\u024F][A-Za-z0-9\u00C0-\u024F .,;'’()\-–/:&$%]*[A-Za-z0-9\u00C0-\u024F)%]"
    r"|[A-Za-z0-9\u00C0-\u024F]"
)
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _isolate_run(match: re.Match[str]) -> str:
    run, tail = match.group(0), ""
    # A closing bracket whose opening one is outside the run stays outside the isolate too.
    while run.endswith(")") and run.count(")") > run.count("("):
        run, tail = run[:-1].rstrip(), ")" + tail
    return f"{FSI}{run}{PDI}{tail}" if run else tail


def isolate(text: str) -> str:
    """Return `text` with each run of Latin letters or digits wrapped in bidi isolates."""
    return _LATIN_RUN.sub(_isolate_run, text)


def without_bidi_controls(text: str) -> str:
    """Return `text` without explicit bidi controls (embeddings, overrides, isolates, marks)."""
    return _BIDI_CONTROLS.sub("", text)


def isolated(answer: Answer) -> Answer:
    """Return `answer` with the Latin runs of its title, body, fields and notes isolated."""
    return replace(
        answer,
        title=isolate(answer.title),
        body=isolate(answer.body),
        fields=tuple(AnswerField(isolate(f.name), isolate(f.value)) for f in answer.fields),
        notes=tuple(isolate(n) for n in answer.notes),
    )
