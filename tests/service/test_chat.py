"""The chat service: the one catch-all boundary, version stamps, notices, follow-ups."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import wording
from bot.answer import Answer, AnswerKind, Status
from bot.engine import Engine, Reply
from bot.knowledge.commands import ALL_COMMANDS, COMMANDS
from bot.service import ChatService, ServiceLimits
from bot.service.chat import explain_in_words
from bot.state import ConversationState
from tests.helpers import errors_logged, facts_engine


class _Broken(Engine):
    """An engine whose every command raises, as a bug in the core would."""

    def run_command(
        self, name: str, argument: str = "", state: ConversationState | None = None
    ) -> Reply:
        raise RuntimeError("boom")


def _service(
    engine: Engine | None = None, *, rate_count: int = 5, rate_window_s: float = 30.0
) -> ChatService:
    chosen = engine or facts_engine()
    return ChatService(lambda: chosen, ServiceLimits(rate_count, rate_window_s))


def test_a_failure_is_logged_once_with_its_traceback_and_apologised_for() -> None:
    """The service is the one boundary: an exception becomes an ERROR answer and one log line
    carrying the traceback, never an exception in the adapter."""
    service = _service(_Broken(facts_engine().kb))
    with errors_logged() as errors:
        answer = service.ask("c", "u", "when did Morocco join?")
    assert answer.kind is AnswerKind.ERROR and answer.is_notice
    assert "went wrong" in answer.body
    assert errors.messages() == ["the service failed on a /ask request"]
    assert errors.records[0].exc_info is not None


def test_answers_carry_the_version_of_the_facts_that_made_them() -> None:
    """The version is stamped when answering, so a later report names these facts."""
    engine = facts_engine()
    answer = _service().ask("c", "u", "when did Morocco join?")
    assert answer.knowledge_version == engine.kb.content_hash != ""


def test_the_rate_limit_is_a_notice_with_its_wait() -> None:
    """Past the limit the reply is a RATE_LIMITED notice saying how long to wait."""
    service = _service(rate_count=1, rate_window_s=60.0)
    assert service.ask("c", "u", "who are the members?").kind is AnswerKind.REPLY
    limited = service.ask("c", "u", "who are the members?")
    assert limited.kind is AnswerKind.RATE_LIMITED and limited.status is Status.NO_ANSWER
    assert "60 seconds" in limited.body
    assert service.ask("c", "someone else", "who are the members?").kind is AnswerKind.REPLY


def test_follow_ups_are_kept_per_conversation() -> None:
    """ "and Sudan?" follows up in the conversation that asked about Morocco, not elsewhere."""
    engine = facts_engine()
    service = _service(rate_count=100)
    service.ask("one", "u", "when did Morocco join?")
    followed = service.ask("one", "u", "and Sudan?")
    fresh = service.ask("two", "u", "and Sudan?")
    first = engine.ask("when did Morocco join?")
    assert followed.title == engine.ask("and Sudan?", first.state).answer.title
    assert fresh.title == engine.ask("and Sudan?").answer.title


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300))
def test_any_text_is_answered_without_an_error_logged(text: str) -> None:
    """No text makes the service fail: the reply is a real answer and nothing is logged at
    ERROR (a catch-all that swallowed a crash would fail this)."""
    with errors_logged() as errors:
        answer = _service(rate_count=10_000).ask("c", "u", text)
    assert errors.messages() == []
    assert answer.kind is AnswerKind.REPLY


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from([c.name for c in COMMANDS]), argument=st.text(max_size=100))
def test_any_command_argument_is_answered_without_an_error_logged(name: str, argument: str) -> None:
    """Every shared command takes any argument without failing or logging an error."""
    with errors_logged() as errors:
        answer = _service(rate_count=10_000).command("c", "u", name, argument)
    assert errors.messages() == []
    assert answer.kind is AnswerKind.REPLY


def test_the_property_checks_would_catch_a_swallowed_crash() -> None:
    """With an engine that raises, the check the property tests make does fail."""
    with errors_logged() as errors:
        _service(_Broken(facts_engine().kb)).ask("c", "u", "anything")
    assert errors.messages() != []


def test_about_says_which_fact_base_is_served() -> None:
    """/about gains a "Fact base" field naming the served base; other answers do not."""
    engine = facts_engine()
    service = ChatService(lambda: engine, served="shipped with accords-bot 9.9")
    about = service.command("c", "u", "about")
    assert ("Fact base", "shipped with accords-bot 9.9") in [
        (f.name, f.value) for f in about.fields
    ]
    members = service.command("c", "u", "members")
    assert "Fact base" not in [f.name for f in members.fields]


def test_a_year_in_other_digits_is_read_or_asked_back_never_a_failure() -> None:
    """/timeline reads a year in any script's decimal digits; "²⁰²⁰" is asked back, not a crash."""
    engine = facts_engine()
    service = _service(rate_count=100)
    with errors_logged() as errors:
        arabic = service.command("c", "u", "timeline", "٢٠٢١")
        superscript = service.command("c", "u", "timeline", "²⁰²⁰")
    assert errors.messages() == []
    assert arabic.body == engine.run_command("timeline", "2021").answer.body
    assert arabic.status is Status.ANSWERED
    assert superscript.status is Status.NO_ANSWER
    assert superscript.body == wording.GIVE_A_YEAR


def test_help_lists_every_command_and_three_questions_the_bot_answers() -> None:
    """/help names every registered command and offers three example questions, each of
    which the bot answers (so the examples never go stale)."""
    service = _service(rate_count=100)
    answer = service.command("c", "u", "help")
    assert answer.status is Status.ANSWERED and answer.title == wording.HELP_TITLE
    (commands,) = [f.value for f in answer.fields if f.name == wording.FIELD_COMMANDS]
    for spec in ALL_COMMANDS:
        assert f"/{spec.name}: {spec.description}" in commands
    assert len(answer.suggestions) == 3
    for number, question in enumerate(answer.suggestions):  # each pressed in a new chat
        assert service.ask(f"new-{number}", "u", question).status is Status.ANSWERED, question


def test_why_answers_in_words_with_the_sources_and_no_internals() -> None:
    """'why?' names the records the last answer rests on, in words, with their sources; the
    ids, score and file lines of the engine's explanation are not shown to the user."""
    service = _service(rate_count=100)
    service.ask("c", "u", "who is jared kushner?")
    why = service.ask("c", "u", "why?")
    assert why.status is Status.ANSWERED and why.intent == "explain"
    assert "Jared Kushner" in why.body and "sources listed below" in why.body
    for internal in ("people.yaml", "score", "intent", "kushner,"):
        assert internal not in why.body, internal
    assert why.sources and why.fact_ids == ("kushner",)  # --explain still shows the ids
    signers = service.ask("s", "u", "who signed for Bahrain?")
    why_signers = service.ask("s", "u", "why?")
    assert "stated:\n• " in why_signers.body and "Al Zayani" in why_signers.body
    assert why_signers.sources == signers.sources  # the sources shown, not the whole record's
    kb = facts_engine().kb
    about_itself = Answer("why?", Status.ANSWERED, "", "meta", fact_ids=("meta",), intent="explain")
    own = explain_in_words(about_itself, kb, ConversationState(fact_ids=("meta",)))
    assert "own replies" in own.body and "meta" not in own.body and not own.sources
    service.ask("d", "u", "what happened on 15 September 2020?")
    event_why = service.ask("d", "u", "why?")
    assert "the event of 15 September 2020" in event_why.body, event_why.body
    assert ".yaml" not in event_why.body
