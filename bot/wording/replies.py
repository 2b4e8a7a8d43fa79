"""What the core says when it asks back, does not know, or answers about itself.

The titles and sentences of `bot.answering.replies` and of the phrasing route: which country
or year is meant, what the facts do not cover, the questions it suggests, and the why, where
from and about replies. The facts and counts come in as arguments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from bot.understanding.intents import IntentName
from bot.wording.labels import FACTS_AS_OF

# --- asking back and not knowing -------------------------------------------------------------

NO_ANSWER_TITLE: Final = "I don't know that."
CLARIFY_TITLE: Final = "Did you mean…"
WHICH_COUNTRY: Final = "Which country do you mean?"
WHICH_PERSON: Final = "Which person do you mean?"
WHICH_YEAR: Final = "Which year do you mean?"
SEVERAL_COUNTRIES: Final = "You named several countries; which one do you mean?"
WHICH_OF_THESE: Final = "I'm not sure which of these you mean:"
NO_MATCH: Final = "I couldn't match that to anything in my fact base."
NO_CONFIDENT_MATCH: Final = "I couldn't match that to anything in my fact base with confidence."
NOT_IN_FACTS: Final = "I don't have that in my fact base."
NOTHING_TO_EXPLAIN: Final = "There is no earlier answer to explain yet. Ask me something first."


# The shared commands' own asking back: an argument missing, or not one the facts know.
NAME_A_COUNTRY: Final = "Tell me which country, e.g. /member Morocco."
NO_SUCH_COUNTRY: Final = "I don't have that country in my fact base."
GIVE_A_YEAR: Final = "Give a year such as 2020."


def unknown_topic(labels: Sequence[str]) -> str:
    """Say the topic asked for is not one of the debate's, and list the ones that are."""
    return f"I don't know that topic. Topics: {', '.join(labels)}."


def nothing_about(words: Sequence[str]) -> str:
    """Say the facts seem silent on the question's `words` that the answer did not cover."""
    quoted = ", ".join(f'"{w}"' for w in words)
    return f"I'm not sure my facts say anything about {quoted} here."


def no_events(year: int, years: Sequence[int]) -> str:
    """Say the timeline has nothing in `year`, and which years it does cover."""
    covered = ", ".join(str(y) for y in years)
    return f"My timeline has no events for {year}. It covers: {covered}."


# --- the questions the bot suggests ----------------------------------------------------------

CANONICAL_QUESTIONS: Final[Mapping[str, str]] = {
    IntentName.MEMBERS: "Who are the members?",
    IntentName.MEMBER_IS: "Is {name} a member?",
    IntentName.MEMBER_WHEN: "When did {name} join?",
    IntentName.MEMBER_HOW: "How did {name} join?",
    IntentName.MEMBER_DOCUMENTS: "What did {name} sign?",
    IntentName.MEMBER_WHERE: "Where did {name} sign?",
    IntentName.MEMBER_SIGNERS: "Who signed for {name}?",
    IntentName.MEMBER_OFFERED: "What did {name} get in return?",
    IntentName.MEMBER_STATUS: "What is the status of {name} now?",
    IntentName.MEMBER_OVERVIEW: "Tell me about {name}",
    IntentName.PERSON: "Who is {name}?",
    IntentName.TIMELINE_YEAR: "What happened in {name}?",
    IntentName.TIMELINE: "Show the timeline",
    IntentName.LATEST: "What is the latest?",
    IntentName.CRITIQUES: "What do critics say?",
    IntentName.DEFENCES: "What do supporters say?",
    IntentName.DEBATE: "What are the arguments for and against?",
    IntentName.SOURCES: "Where do the facts come from?",
    IntentName.ABOUT: "What can you do?",
}
"""A question that leads back to each intent (`{name}` fills its slot): suggestion buttons."""

WHAT_ARE_THE_ACCORDS: Final = "What are the Abraham Accords?"
EXAMPLE_MEMBER: Final = "the UAE"
"""The member a suggestion names when the facts hold none."""


def what_happened_in(year: int) -> str:
    """Suggest asking what happened in one year."""
    return CANONICAL_QUESTIONS[IntentName.TIMELINE_YEAR].format(name=year)


def tell_me_about(name: str) -> str:
    """Suggest asking about one country (or agreement, person) by name."""
    return CANONICAL_QUESTIONS[IntentName.MEMBER_OVERVIEW].format(name=name)


def critics_on(topic: str) -> str:
    """Suggest asking what critics say about one topic of the debate."""
    return f"What do critics say about {topic}?"


def default_suggestions(member: str) -> tuple[str, ...]:
    """Return the questions that show what the bot can answer, one of them about `member`."""
    return (
        CANONICAL_QUESTIONS[IntentName.MEMBERS],
        CANONICAL_QUESTIONS[IntentName.MEMBER_WHEN].format(name=member),
        WHAT_ARE_THE_ACCORDS,
        CANONICAL_QUESTIONS[IntentName.CRITIQUES],
        CANONICAL_QUESTIONS[IntentName.LATEST],
    )


# --- why that answer, where the facts come from, about the bot -------------------------------

WHY_TITLE: Final = "Why that answer"
SOURCES_TITLE: Final = "Where the facts come from"
ABOUT_TITLE: Final = "About Accords Bot"
FIELD_FACTS_AS_OF: Final = FACTS_AS_OF.rstrip()
FIELD_CITED_SITES: Final = "Most cited sites"
FIELD_OLDEST_CHECK: Final = "Oldest check"
FIELD_VERSION: Final = "Knowledge version"
FIELD_COMMANDS: Final = "Commands"
FIELD_KNOWN: Final = "What I know"
NO_SITES: Final = "none"
NO_VERSION: Final = "unknown"


def why_that_answer(
    fact_ids: Sequence[str], score: float, intent: str | None, files: Sequence[str]
) -> str:
    """Explain the last answer: the facts it came from, its score, and where they are kept."""
    return (
        f"My last answer came from the fact(s) {', '.join(fact_ids)}, "
        f"matched with a score of {score:.0f}/100 (intent: "
        f"{intent or 'topic'}). They are kept in {', '.join(files)}."
    )


def facts_and_sources(coverage: str, facts: int, sources: int) -> str:
    """Say what the fact base covers, and how many facts and distinct sources it holds."""
    return (
        f"{coverage} The fact base holds {facts} facts citing "
        f"{sources} distinct sources; every answer lists the sources of the facts it "
        f"uses."
    )


def what_i_know(
    *, members: int, related: int, people: int, events: int, topics: int, arguments: int
) -> str:
    """Count what the fact base holds, for /about."""
    return (
        f"{members} member states, {related} related states "
        f"and agreements, {people} people, {events} dated "
        f"events, {topics} topics, {arguments} critiques and "
        f"defences"
    )


def as_of_version(as_of: str, version: str) -> str:
    """Date the facts and name their version: "1 May 2025 (knowledge version 3f2a…)"."""
    return f"{as_of} (knowledge version {version})"


HELP_TITLE: Final = "What you can ask"
HELP_INTRO: Final = (
    "Ask about the Abraham Accords in plain words, here or with /ask, or use a command. "
    "Every answer lists its sources."
)
HELP_EXAMPLES: Final = (
    "When did Morocco join?",
    "Who signed for the UAE?",
    "What do critics say about the accords?",
)
"""Three questions /help offers to try, one of each kind: a date, people, a debate."""


WHY_EVENT: Final = "the event of {date}"
WHY_OWN_REPLY: Final = (
    "My last answer was one of my own replies (about the fact base or my commands), not a fact "
    "about the accords."
)
WHY_ARGUMENT: Final = "what {who} argue"


def why_in_words(records: Sequence[str], stated: Sequence[str], cited: bool) -> str:
    """Say, in words, what the last answer stated and which records it rests on, and that the
    sources it showed follow."""
    names = list(records)
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    tail = " Those facts cite the sources listed below." if cited else ""
    about = f"what the fact base records about {listed}.{tail}"
    if not stated:
        return f"My last answer rests on {about}"
    lines = "\n".join(f"• {s}" for s in stated)
    return f"My last answer stated:\n{lines}\nIt rests on {about}"
