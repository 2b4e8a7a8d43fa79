"""Why a question is not answered: too long, an instruction, off the base, a detail it lacks.

Each reply says what the bot could not do and, where it can, what it does know, so the
person can ask again in a way that gets an answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

TOO_LONG: Final = "That message is too long for me. Please ask one question in a sentence or two."
NO_INSTRUCTIONS: Final = (
    "I answer questions from my Abraham Accords fact base; I don't take instructions on what "
    "to say."
)
PLAIN_WORDS: Final = "Ask me a question about the Abraham Accords, in plain words."
ADD_A_QUESTION: Final = "Add your question after /ask, e.g. /ask when did Morocco join?"


def only_the_base(reason: str) -> str:
    """Return the refusal of a question that looks on-topic but is not ("Camp David …")."""
    return f"I only answer from my Abraham Accords fact base, and {reason}."


def nothing_on(words: Sequence[str]) -> str:
    """Return the refusal of a question whose words the fact base never uses."""
    quoted = ", ".join(f'"{w}"' for w in words[:3])
    return (
        "I can only answer questions about the Abraham Accords from my fact base, "
        f"and it has nothing on {quoted}."
    )


def record_lacks(name: str) -> str:
    """Return the reply when a record is named but none of its facts says what was asked."""
    return f"My facts about {name} don't say that."


def no_text_of(part: str) -> str:
    """Return the reply to a question about a numbered part of a text ("article 7")."""
    return f"My facts do not give the text of {part}."


def not_yet_known(year: int) -> str:
    """Return the reply to a question about what will have happened by a year to come."""
    return f"My facts record what has happened so far; they can't say what happens by {year}."


def nothing_for_year(year: int | str) -> str:
    """Return the reply when the facts have nothing for the year asked."""
    return f"My facts have nothing on that for {year}."


def not_that_year(asked: int, stated: int) -> str:
    """Correct the year a question gives for what the facts date to another year."""
    return f"Not in {asked}: the facts date this to {stated}."


def no_change_that_year(year: int) -> str:
    """Lead an answer on where a state stands when the facts record no change in `year`."""
    return f"The facts record no change in {year}; this is where it stands now."


def office_unnamed(role: str) -> str:
    """Return the reply when a "who" question names an office no fact names a holder of."""
    return f"My facts do not say who that {role} is."


def personal_unstated(detail: str) -> str:
    """Return the reply when a question asks a person's age, family or the like."""
    return f"My facts cover people's part in the accords, not their {detail}."


def unknown_command(names: Sequence[str]) -> str:
    """Return the reply to a command the bot does not have."""
    return f"Unknown command. Try one of: {', '.join(names)}."


def each_of(names: Sequence[str]) -> str:
    """Return the title of an answer with one line for each state named ("Egypt and Jordan",
    "Morocco, the UAE and Bahrain")."""
    if len(names) < 3:
        return " and ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def happened_over(names: Sequence[str], span: str) -> str:
    """Return the title of the happenings over a span: "What happened with Morocco after …"."""
    about = f" with {' and '.join(names)}" if names else ""
    return f"What happened{about} {span}".strip()


OUTSIDE_THE_ACCORDS: Final = (
    "That's outside what I cover: I answer questions about the Abraham Accords, from a "
    "sourced fact base."
)
PROPHECY: Final = (
    "Nobody can say that for sure, and I only give what sources have said. I can tell you "
    "who is reported to be next, and on what conditions."
)
