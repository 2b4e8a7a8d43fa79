"""The sentences of answers computed over the members: orders, counts, filters, durations.

The facts in them (names, dates, statuses) come from the records; these are the words
around them, so that a maintainer reviews and a translator finds them in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

WHO_SIGNED_TITLE: Final = "Who signed"
WHO_SIGNED_EACH: Final = "Who signed each deal:"
NO_SIGNING_ON_RECORD: Final = "no signing on record"
IN_ORDER_TITLE: Final = "In order"
WHICH_CAME_FIRST_TITLE: Final = "Which came first"
DURATIONS_TITLE: Final = "From announcement to signing"
DURATIONS_HEAD: Final = "From announcement to signing:"
_ORDINALS: Final = {1: "first", 2: "second", 3: "third", 4: "fourth"}
_JOINED_WHEN: Final = {
    "in": "in",
    "before": "before",
    "after": "after",
    "by": "by the end of",
    "between": "between",
}


def no_signing_line(name: str) -> str:
    """Return a deal's line when no signing is on record."""
    return f"{name}: no signing is on record"


def signers_line(name: str, date: str, people: Sequence[tuple[str, str]]) -> str:
    """Return a deal's line of signatories: "Bahrain (15 September 2020): A (role); B (role)"."""
    return f"{name} ({date}): " + "; ".join(f"{who} ({role})" for who, role in people)


def signed_on(date: str | None) -> str:
    """Return "signed DATE", or that no signing is on record."""
    return f"signed {date}" if date else NO_SIGNING_ON_RECORD


def member_dates_row(name: str, announced: str, signed: str, status: str) -> str:
    """Return one member's line: "Morocco: announced …, signed … (status)"."""
    return f"{name}: announced {announced}, {signed} ({status})"


def ordinal_word(n: int, *, last: bool = False) -> str:
    """Return "first", "third", "latest"…"""
    return "latest" if last else _ORDINALS.get(n, f"#{n}")


def ordinal_title(word: str) -> str:
    """Return the title of an ordinal answer: "Third to join"."""
    return f"{word.capitalize()} to join"


def by_announcement(word: str, name: str, date: str) -> str:
    """Return the lead of an ordinal answer by announcement date."""
    return f"By announcement date, the {word} was {name} ({date})"


def by_signing(who: str, date: str) -> str:
    """Return the part of an ordinal answer by signing date."""
    return f"; by signing date, {who} ({date})"


def in_order(listed: Sequence[tuple[str, str]]) -> str:
    """Return "In order of announcement: A (date), B (date)."."""
    return "In order of announcement: " + ", ".join(f"{n} ({d})" for n, d in listed) + "."


def came_first(first: str, first_date: str, second: str, second_date: str) -> str:
    """Return the lead of a comparison of two members by announcement."""
    return (
        f"{first} came first: its deal was announced on {first_date}, {second}'s on {second_date}."
    )


def both_signed(date: str) -> str:
    """Return the note that two members signed on the same day."""
    return f" Both signed on {date}."


def joined_then(yes: bool, name: str, said: str, status: str) -> str:
    """Return the answer to "did X join in YEAR?": yes or no, then X's own dates."""
    return f"{'Yes' if yes else 'No'}. {name}: {said}. Status: {status}."


def joined_title(name: str) -> str:
    """Return the title of the answer about when one member joined."""
    return f"When {name} joined"


def joined_span(op: str, span: str) -> str:
    """Return "in 2020", "by the end of 2021", "between 2020 and 2022"."""
    return f"{_JOINED_WHEN[op]} {span}"


def joined_span_title(when: str) -> str:
    """Return the title of a filter of the members by date: "Joined in 2020"."""
    return f"Joined {when}"


def none_joined(when: str, nearest: str, announced: str, signed: str, *, first: bool) -> str:
    """Return the answer when no member joined in the span asked, with the nearest that did:
    the first, when the span is before any joined, else the most recent."""
    which = "The first" if first else "The most recent"
    return (
        f"No. No state joined {when} according to the fact base. {which} "
        f"was {nearest}: announced {announced}, {signed}."
    )


def joined_count(count: int, when: str) -> str:
    """Return the head of a filtered list: "3 states joined in 2020 (announced or signed):"."""
    return f"{count} state{'s' if count != 1 else ''} joined {when} (announced or signed):"


def days_line(name: str, announced: str, signed: str, days: int) -> str:
    """Return one member's duration line."""
    return f"{name}: announced {announced}, signed {signed}: {days} day{'s' if days != 1 else ''}"


def took_most(name: str, longest: bool, days: int) -> str:
    """Return the lead naming the member that took the longest or shortest to sign."""
    which = "longest" if longest else "shortest"
    return f"{name} took the {which} from announcement to signing: {days} days."


def took_days(days: int, name: str, announced: str, signed: str) -> str:
    """Return the lead of one member's duration."""
    return f"{days} days: {name}'s deal was announced on {announced} and signed on {signed}."


def span_between(start: int, end: int) -> str:
    """Return "between 2021 and 2022"."""
    return f"between {start} and {end}"


def span_since(year: int) -> str:
    """Return "since 2023"."""
    return f"since {year}"


def span_relative(op: str, when: str) -> str:
    """Return "after October 2023", "before 2020"…"""
    return f"{op} {when}"
