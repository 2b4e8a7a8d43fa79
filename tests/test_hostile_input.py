"""Bad input never crashes the core and is answered in bounded time."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answer import Status
from bot.engine import Engine
from bot.state import ConversationState
from tests.helpers import errors_logged, facts_engine


def _timed(engine: Engine, text: str) -> tuple[Status, float]:
    start = time.perf_counter()
    answer = engine.ask(text).answer
    return answer.status, time.perf_counter() - start


def test_empty_and_whitespace_get_a_clear_reply(engine: Engine) -> None:
    """Empty, whitespace-only and punctuation-only messages get a no_answer asking a question."""
    for text in ("", "   ", "\n\t", "???", "!!!", "\u200b\u200b"):
        answer = engine.ask(text).answer
        assert answer.status is Status.NO_ANSWER
        assert "question" in answer.body.lower()


def test_huge_input_is_refused_quickly(engine: Engine) -> None:
    """100 kB of text is refused with a clear reply, quickly."""
    status, seconds = _timed(engine, "morocco " * 12_800)
    assert status is Status.NO_ANSWER
    assert seconds < 2.0


def test_control_zero_width_rtl_and_emoji_are_handled(engine: Engine) -> None:
    """Zero-width and control characters, RTL marks and emoji do not stop an answer."""
    for text in (
        "when did mo\u200brocco join?",
        "\u202ewhen did morocco join?",
        "when did morocco join? 🇲🇦🤔",
        "WHEN DID MOROCCO JOIN\x00\x07",
        "when\u00a0did\u2003morocco join",
    ):
        answer = engine.ask(text).answer
        assert answer.status is Status.ANSWERED, repr(text)
        assert answer.fact_ids == ("morocco",), repr(text)
    arabic = engine.ask("الإمارات").answer
    assert "uae" in arabic.fact_ids


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_gets_an_answer_object(text: str) -> None:
    """For arbitrary Unicode text the core returns an Answer and never raises."""
    with errors_logged() as errors:
        reply = facts_engine().ask(text, ConversationState(entity_id="sudan", intent="member_when"))
    assert reply.answer.status in (Status.ANSWERED, Status.CLARIFY, Status.NO_ANSWER)
    assert reply.answer.title or reply.answer.body
    assert errors.messages() == []


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["members", "member", "timeline", "critiques", "sources", "about", "ask", "x"]),
    st.text(max_size=200),
)
def test_any_command_argument_gets_an_answer(name: str, argument: str) -> None:
    """Commands with arbitrary arguments never raise."""
    with errors_logged() as errors:
        answer = facts_engine().run_command(name, argument).answer
    assert answer.status in (Status.ANSWERED, Status.CLARIFY, Status.NO_ANSWER)
    assert answer.title or answer.body
    assert errors.messages() == []
