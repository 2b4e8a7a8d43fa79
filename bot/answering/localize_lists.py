"""Lists of events and of arguments, rebuilt in another language.

A period's events or the latest ones keep their dates in the locale's form (Babel) and their
sentences in English unless the language file translates them; the critiques and defences get
the language's heads ("Critics say:") and its no-side note. The English text is recognised
through `bot.wording`, the module that wrote it, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from bot import wording
from bot.answer import Answer, AnswerField
from bot.answering.in_language import Say
from bot.knowledge.models import Event, FuzzyDate
from bot.understanding.intents import DEBATE_INTENTS, IntentName

_HEADS: Mapping[str, str] = {
    f"{wording.side_says(critique=True)}:": "critics_head",
    f"{wording.side_says(critique=False)}:": "supporters_head",
}


def events_answer(answer: Answer, events: Sequence[Event], say: Say) -> Answer:
    """Return a period's events, or the latest ones, each dated in the locale's form."""
    if not events:
        return replace(answer, body=say.free(answer.body))
    lines = [f"• {say.date(e.date)}: {say.free(e.text)}" for e in events]
    if answer.intent == IntentName.LATEST:
        title = say.t("title_latest")
    else:
        title = say.t("title_events", period=period(answer.title, events, say))
    return replace(answer, title=title, body="\n".join(lines))


def period(english_title: str, events: Sequence[Event], say: Say) -> str:
    """Return the period an English "What happened in …" title names, in the locale's form.

    The title names a year, a month of a year or one event's day, as `wording.what_happened`
    wrote it from the events it lists; so the period is looked up among those events' own
    dates, written the way the title writes them, and no month name is read from text.
    """
    shown = english_title
    for on_day in (True, False):
        head = wording.what_happened("", on_day=on_day)
        if english_title.startswith(head):
            shown = english_title[len(head) :]
            break
    periods: dict[str, FuzzyDate] = {}
    for e in events:
        date = e.date
        periods[str(date.year)] = FuzzyDate(date.year)
        if date.month is not None:
            periods[f"{wording.month_name(date.month)} {date.year}"] = FuzzyDate(
                date.year, date.month
            )
        periods[date.human] = date
    found = periods.get(shown)
    return say.date(found) if found is not None else say.free(shown)


def debate(answer: Answer, say: Say) -> Answer:
    """Return the critiques and defences: the language's heads, each view as written."""
    lines = [
        say.t(_HEADS[line]) if line in _HEADS else say.free(line)
        for line in answer.body.split("\n")
    ]
    if wording.NO_SIDE_TAKEN in answer.notes:
        say.notes.append(say.t("no_side"))
    fields = tuple(
        AnswerField(say.label("field_topics"), f.value) if f.name == wording.FIELD_TOPICS else f
        for f in answer.fields
    )
    notes = tuple(n for n in answer.notes if n != wording.NO_SIDE_TAKEN)
    title = say.t("title_debate") if answer.intent in DEBATE_INTENTS else answer.title
    return replace(answer, title=title, body="\n".join(lines), fields=fields, notes=notes)
