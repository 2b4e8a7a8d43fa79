"""The question at the end of a long message is found, and its "they" means the accords."""

from __future__ import annotations

from bot.understanding.rambles import last_question, question_parts


def test_the_last_clause_that_asks_is_the_question() -> None:
    """A story first and the question last: the question is the last asking clause."""
    message = (
        "my cousin and i were arguing all evening about this and she insists the whole thing "
        "was about money and nothing else, anyway what did Morocco gain from it"
    )
    assert last_question(message) == "what did Morocco gain from it"


def test_they_means_the_accords_when_the_message_names_them() -> None:
    """ "where were they signed" after a story about the Abraham Accords asks about them."""
    message = (
        "so my friend told me the Abraham Accords were signed in Jerusalem at some big event "
        "but i think he is wrong about that. where were they signed"
    )
    assert last_question(message) == "where were the Abraham Accords signed"


def test_a_short_question_is_left_alone() -> None:
    """Below the length of a story there is nothing to cut."""
    assert last_question("so when did bahrain join, anyway?") == ""


def test_a_question_first_and_a_remark_after_is_found() -> None:
    """ "Is X in or not? I keep seeing mixed headlines": the first sentence is the question."""
    parts = question_parts("is oman part of the accords or not? i keep reading mixed things")
    assert parts == ["is oman part of the accords or not"]
