"""The More press: a token becomes the whole record, composed from the engine serving now."""

from __future__ import annotations

from bot import wording
from bot.answer import Source, Status
from bot.answering.record_text import SOURCES_HEAD
from bot.engine import Engine
from bot.service.more import _split_sources, record_answer


def test_a_token_names_the_record_after_the_last_colon(engine: Engine) -> None:
    """An intent holding ':' still leaves the fact id; the record's name becomes the title."""
    morocco = next(m for m in engine.kb.members if m.id == "morocco")
    answer = record_answer(engine, "claim:member_when:morocco", "v7")
    assert answer.status is Status.ANSWERED
    assert answer.fact_ids == ("morocco",)
    assert answer.title == answer.question == wording.whole_record(morocco.name)
    assert answer.knowledge_version == "v7"
    assert answer.as_of == engine.kb.as_of
    assert answer.sources == morocco.provenance.sources
    whole = engine.record_more("morocco")
    assert whole.startswith(f"{morocco.name}\n{morocco.status_detail}\n")
    assert answer.body == whole.partition("\n")[2].partition(f"\n{SOURCES_HEAD}\n")[0]


def test_a_record_gone_after_a_reload_says_so_with_the_version(engine: Engine) -> None:
    """A token whose record is not in the facts (or has no id) answers RECORD_GONE, unsourced."""
    for token in ("member_overview:atlantis", "member_overview:", ""):
        answer = record_answer(engine, token, "v8")
        assert answer.status is Status.NO_ANSWER, token
        assert answer.body == wording.RECORD_GONE
        assert answer.sources == ()
        assert answer.knowledge_version == "v8"


def test_the_sources_at_the_end_are_split_from_the_text() -> None:
    """The "- TITLE: URL" lines after the last SOURCES_HEAD become sources; a title keeps ': '."""
    text = (
        f"Name\n{SOURCES_HEAD}\nSaid: this.\n{SOURCES_HEAD}\n"
        "- A: B: https://a.example/1\n- C: http://c.example"
    )
    said, sources = _split_sources(text)
    assert said == f"Name\n{SOURCES_HEAD}\nSaid: this."
    assert sources == (
        Source("A: B", "https://a.example/1"),
        Source("C", "http://c.example"),
    )


def test_text_that_does_not_read_as_sources_is_kept_whole() -> None:
    """A line after the head that is no "- TITLE: URL" keeps the whole text and cites nothing."""
    for tail in ("- A: ftp://a.example", "A: https://a.example", "- https://a.example"):
        text = f"Name\nSaid.\n{SOURCES_HEAD}\n{tail}"
        assert _split_sources(text) == (text, ())
    assert _split_sources("  Name\nNo sources.\n") == ("Name\nNo sources.", ())
