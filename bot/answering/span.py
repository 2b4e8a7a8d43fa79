"""What happened over a span of time ("after October 7", "since 2022"), from the dated claims.

A question that asks what happened before, after, since, by or between dates, about a state
or about the accords, is answered with the dated milestones and events in that span, in date
order. A member's milestone and the timeline event that report one happening are shown once.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import wording
from bot.answering.units import Unit, iter_dated
from bot.knowledge.models import FuzzyDate
from bot.understanding.kinds import Kind
from bot.understanding.reading import Operator, Reading, TimeConstraint, TimeOp

_DATED_FIELDS = frozenset({"milestone", "event"})
_SPAN_OPS = frozenset({TimeOp.BEFORE, TimeOp.AFTER, TimeOp.BY, TimeOp.BETWEEN})
# Kinds of question a list of happenings does not answer ("who signed after 2021").
_OTHER_KINDS = frozenset(
    {Kind.PERSON, Kind.PLACE, Kind.COUNT, Kind.SET, Kind.TERMS, Kind.VIEWS, Kind.DOCUMENT}
)
MAX_LINES = 8


def asks_span(reading: Reading) -> bool:
    """Return whether the question asks what happened over a span of time."""
    time = reading.time
    return (
        time is not None
        and time.op in _SPAN_OPS
        and reading.operator in (None, Operator.LIST)
        and not reading.kinds & _OTHER_KINDS
        and not reading.people
    )


def _within(unit: Unit, time: TimeConstraint) -> bool:
    date = unit.date
    if date is None or time.year is None:
        return False
    key, month = (date.year, date.month or 0), time.month or 0
    if time.op is TimeOp.AFTER:
        return key >= (time.year, month) if month else date.year > time.year
    if time.op is TimeOp.BEFORE:
        return key < (time.year, month) if month else date.year < time.year
    if time.op is TimeOp.BY:
        return key <= (time.year, month or 12)
    return time.year <= date.year <= (time.until_year or time.year)


def span_label(time: TimeConstraint) -> str:
    """Return how the span reads in a title: "after October 2023", "between 2020 and 2022"."""
    if time.year is None:
        return ""
    when = FuzzyDate(time.year, time.month).human
    if time.op is TimeOp.BETWEEN:
        return wording.span_between(time.year, time.until_year or time.year)
    if time.op is TimeOp.AFTER and time.month is None:
        return wording.span_since(time.year + 1)  # "since 2023" is read as after 2022
    return wording.span_relative(time.op.value, when)


def span_units(units: Sequence[Unit], reading: Reading) -> list[Unit]:
    """Return the dated happenings in the question's span about what it names, in order."""
    time = reading.time
    if time is None:
        return []
    named = set(reading.entities)
    found: list[Unit] = []
    seen: list[tuple[str, frozenset[str]]] = []
    for u in iter_dated(list(units)):
        if u.field not in _DATED_FIELDS or not _within(u, time):
            continue
        if named and not named & u.entities:
            continue
        key = (u.date.iso if u.date else "", frozenset(u.terms))
        if any(d == key[0] and len(t & key[1]) * 2 > len(key[1]) for d, t in seen):
            continue  # the same happening, reported as a milestone and as an event
        seen.append(key)
        found.append(u)
    latest_last = time.op in (TimeOp.BEFORE, TimeOp.BY)
    return found[-MAX_LINES:] if latest_last else found[:MAX_LINES]
