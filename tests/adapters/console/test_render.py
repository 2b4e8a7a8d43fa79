"""The console renderer labels an answer in its language and keeps right-to-left text in order."""

from __future__ import annotations

from dataclasses import replace

from adapters.console.render_text import render_text
from bot.answer import Answer, Source, Status
from tests.adapters.sources import CITED
from tests.multilingual.asking import (
    ARABIC_ANSWERED,
    FSI,
    PDI,
    RUSSIAN_ANSWERED,
    RUSSIAN_UNKNOWN,
    answer_to,
)


def test_a_russian_answer_has_russian_labels() -> None:
    """Sources, the as-of line and the suggestions of a Russian answer are labelled in Russian."""
    answered = answer_to(RUSSIAN_ANSWERED)
    unknown = answer_to(RUSSIAN_UNKNOWN)
    assert (answered.language, unknown.language) == ("ru", "ru")
    text = render_text(answered) + "\n" + render_text(unknown)
    assert "\nИсточники:\n" in text
    assert answered.as_of.startswith("июнь 2026")  # Babel's Russian, as the other dates
    assert f"(Факты на {answered.as_of.removesuffix('.')}.)" in text
    assert "\nПопробуйте: " in text
    assert "\nПримечание: " in text  # the caveat of how Morocco signed, under a Russian head
    for english in ("Sources", "Facts as of", "Try:", "Note:", "June"):
        assert english not in text


def test_an_arabic_answer_isolates_its_latin_sources_and_date() -> None:
    """In an Arabic answer the English source lines and the as-of date are bidi-isolated."""
    answer = answer_to(ARABIC_ANSWERED)
    text = render_text(answer)
    assert answer.language == "ar" and answer.sources
    source = answer.sources[0]
    assert f"  - {FSI}{source.title}: {source.url}{PDI}\n" in text
    assert f"{FSI}{answer.as_of}{PDI}" in text
    assert "Sources" not in text and "Facts as of" not in text


def test_an_english_answer_renders_as_before() -> None:
    """English keeps its labels, byte for byte, with or without a language set."""
    answer = Answer(
        "q?",
        Status.NO_ANSWER,
        "I don't know that",
        "Nothing on it.",
        sources=(Source("A source", "https://example.org/a"),),
        suggestions=("Who are the members?", "/timeline 2021"),
        as_of="June 2026",
    )
    expected = (
        "I don't know that\nNothing on it.\nTry: Who are the members? | /timeline 2021\n"
        "Sources:\n  - A source: https://example.org/a\n(Facts as of June 2026.)"
    )
    assert render_text(answer) == expected
    assert render_text(replace(answer, language="en")) == expected


def test_many_sources_are_grouped_by_publisher_and_a_few_listed_one_by_one() -> None:
    """A whole record's many sources read one line per publisher; an answer's few, one each."""
    cited = CITED
    answer = Answer("q", Status.ANSWERED, "T", "Body.", sources=cited, as_of="June 2026")
    text = render_text(answer)
    wire = "  - Wire: First story (https://example.org/1); Third story (https://example.org/3)"
    assert wire in text.splitlines()
    assert "  - Paper: Second story (https://example.org/2)" in text.splitlines()
    assert text.count("  - ") == 3
    few = render_text(replace(answer, sources=cited[:2]))
    assert "  - Wire: First story: https://example.org/1" in few.splitlines()
