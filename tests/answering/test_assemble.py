"""The parts composed answers share: cutting a list to fit, citing statements, the whole record."""

from __future__ import annotations

from bot.answer import Answer, ShownClaim, Source, Status
from bot.answering.assemble import MAX_BODY, cited, clip, focused, one_note
from bot.engine import Engine
from bot.knowledge.models import Argument, Event, Member, Person, Related, Topic
from bot.service.more import record_answer


def _source(n: int) -> Source:
    return Source(f"Source {n}", f"https://example.org/{n}")


def test_a_list_too_long_is_cut_saying_how_many_lines_are_left_out() -> None:
    """Lines past the body's limit are dropped and counted; a short list is kept whole."""
    lines = [f"• line {i:04d} " + "x" * 90 for i in range(100)]
    body = clip(lines, "Ask about one year.").split("\n")
    kept = body[:-1]
    assert kept == lines[: len(kept)]
    assert sum(len(line) + 1 for line in kept) <= MAX_BODY
    assert body[-1] == f"… and {len(lines) - len(kept)} more. Ask about one year."
    assert clip(lines[:3], "hint") == "\n".join(lines[:3])


def test_each_statements_first_source_is_cited_before_any_second() -> None:
    """Three statements with two sources each cite their three first sources, not one's two."""
    claims = [ShownClaim(f"s{i}", f"f{i}", (_source(i), _source(10 + i))) for i in range(3)]
    assert cited(claims) == (_source(0), _source(1), _source(2))
    assert cited([claims[0], claims[0]], limit=5) == (_source(0), _source(10))


def test_the_newest_statement_is_always_among_the_sources() -> None:
    """Five dated statements cite three sources; the newest one's is among them, even last."""
    claims = [ShownClaim(f"s{i}", f"f{i}", (_source(i),), f"{2020 + i}-01-01") for i in range(5)]
    assert _source(4) in cited(claims)
    assert cited(claims)[:2] == (_source(0), _source(1))
    undated = [ShownClaim(f"s{i}", f"f{i}", (_source(i),)) for i in range(5)]
    assert cited(undated) == (_source(0), _source(1), _source(2))


def test_an_answer_shows_one_note_and_keeps_the_others_one_step_away() -> None:
    """The first statement's note stays; the others move to More, once each."""
    answer = Answer(
        "q",
        Status.ANSWERED,
        "T",
        "Body.",
        notes=("Note: first.", "Note: second.", "Note: third."),
        more="Record.\nNote: third.",
    )
    shown = one_note(answer)
    assert shown.notes == ("Note: first.",)
    assert shown.more == "Record.\nNote: third.\nNote: second."
    assert one_note(shown) == shown


def test_every_answered_reply_has_its_statements_and_more(answering_engine: Engine) -> None:
    """Lists, tables and each-state answers state their lines with sources and a More too."""
    for question in (
        "who joined first?",
        "which state was the latest to join?",
        "are oman and egypt members of the abraham accords?",
        "what happened in 2021?",
        "what do critics and supporters say?",
    ):
        answer = answering_engine.ask(question).answer
        assert answer.claims and answer.more, question
        assert all(c.sources for c in answer.claims), question


def test_the_latest_member_answer_cites_the_latest_members_source(
    answering_engine: Engine,
) -> None:
    answer = answering_engine.ask("which state was the latest to join?").answer
    kazakhstan = next(m for m in answering_engine.kb.members if m.id == "kazakhstan")
    assert set(answer.sources) & set(kazakhstan.provenance.sources)


def test_every_records_whole_text_gives_back_its_sources(answering_engine: Engine) -> None:
    """The More text ends in the shape the service reads: every record's sources come back."""
    kb = answering_engine.kb
    records: list[Member | Related | Person | Event | Topic | Argument] = [
        *kb.members,
        *kb.related,
        *kb.people,
        *kb.events,
        *kb.topics,
        *kb.arguments,
    ]
    for rec in records:
        answer = record_answer(answering_engine, f"more:{rec.id}", kb.content_hash)
        assert answer.sources == rec.provenance.sources, rec.id
        assert "Sources:" not in answer.body, rec.id


def test_a_long_text_shows_its_lead_and_the_sentences_nearest_the_question() -> None:
    """Of a long topic text, the lead and the sentences sharing the question's words are shown,
    in the text's order; a short text is shown whole."""
    text = (
        "The accords are a set of agreements. Trade grew after 2020. Flights began in 2020. "
        "The texts were written in English, Arabic and Hebrew. Embassies opened in 2021."
    )
    shown_text = focused(text, "which languages were the texts written in?", n=2)
    assert shown_text == (
        "The accords are a set of agreements. The texts were written in English, Arabic and Hebrew."
    )
    assert (
        focused("One sentence. Two sentences.", "anything", n=2) == "One sentence. Two sentences."
    )
