"""Two questions asked in one message are found, and one question with an "and" is left whole."""

from __future__ import annotations

import pytest

from bot.understanding.two_parts import two_questions


@pytest.mark.parametrize(
    ("message", "first", "second"),
    [
        ("why did sudan sign and is its deal done?", "why did sudan sign?", "is its deal done?"),
        ("who are the members? when did they join?", "who are the members?", "when did they join?"),
        ("signers in sept 2020 + what did uae get?", "signers in sept 2020?", "what did uae get?"),
        ("why did morocco join, and what did it get?", "why did morocco join?", "what did it get?"),
        (
            "first flight to the uae: date? and what about phone calls",
            "first flight to the uae: date?",
            "what about phone calls",
        ),
    ],
)
def test_a_second_question_after_a_joint_is_a_part_of_its_own(
    message: str, first: str, second: str
) -> None:
    """After "and", "?" or "+", a clause that opens as a question is the second question."""
    assert two_questions(message) == (first, second)


@pytest.mark.parametrize(
    "message",
    [
        "when did israel and the uae sign?",  # a joint between two names
        "what do critics and supporters say?",
        "hi? what are the accords",  # a greeting is not a question of its own
        "i read they exist in several languages; which languages were they written in?",
        "who signed for bahrain and when",  # one word is not a question
    ],
)
def test_one_question_is_not_split(message: str) -> None:
    """An "and" inside one question, or a remark before it, splits nothing."""
    assert two_questions(message) is None


@pytest.mark.parametrize("message", [", and what is it", ";what", " ; and what did they get", "?"])
def test_a_joint_with_nothing_before_it_is_no_second_question(message: str) -> None:
    """A message that opens with a joint has no first question: nothing is split, nothing fails."""
    assert two_questions(message) is None


def test_numbered_parts_are_two_questions_with_what_leads_them() -> None:
    """'Name the dates: (1) …; (2) …' asks each numbered part with the words before them."""
    asked = two_questions("name the dates: (1) the uae embassy opens; (2) israel's embassy opens")
    assert asked == (
        "name the dates: the uae embassy opens?",
        "name the dates: israel's embassy opens?",
    )
    assert two_questions("quick q: 1. when did morocco join 2. who signed it") == (
        "quick q: when did morocco join?",
        "quick q: who signed it?",
    )
    assert two_questions("what does article 1) say") is None
