"""The renderers' labels: one helper, the language files' words, English as the fallback."""

from __future__ import annotations

from bot import wording
from bot.answer import Answer, Status
from bot.answering.multilingual import Multilingual
from bot.knowledge.models import KnowledgeBase

RENDERER_LABELS = ("try", "sources", "sources_continued", "facts_as_of")


def test_every_language_file_has_the_renderers_labels(kb: KnowledgeBase) -> None:
    """Each file names the labels renderers use; English's are the renderers' own words."""
    for pack in kb.languages:
        assert set(RENDERER_LABELS) <= set(pack.labels), pack.code
    english = next(p for p in kb.languages if p.code == "en")
    assert {k: english.labels[k] for k in RENDERER_LABELS} == {
        "try": wording.TRY.rstrip(),
        "sources": wording.SOURCES,
        "sources_continued": wording.SOURCES_CONTINUED,
        "facts_as_of": wording.FACTS_AS_OF.rstrip(),
    }


def test_label_falls_back_to_english_and_isolates_only_right_to_left(kb: KnowledgeBase) -> None:
    """A served language gives its label, anything else English; only rtl text is isolated."""
    Multilingual(kb)
    assert wording.label("de", "sources") == "Quellen"
    assert wording.label("xx", "sources") == wording.label("en", "sources") == "Sources"
    assert wording.in_direction("he", "June 2026", whole=True) == "\u2068June 2026\u2069"
    assert wording.in_direction("he", "מקור 2026") == "מקור \u20682026\u2069"
    assert wording.in_direction("ru", "June 2026", whole=True) == "June 2026"


def test_answer_text_says_try_in_the_answers_language(kb: KnowledgeBase) -> None:
    """The plain text of an answer puts its suggestions behind "Try:" in its language."""
    Multilingual(kb)
    answer = Answer("q", Status.NO_ANSWER, "T", "B", suggestions=("a", "b"))
    assert wording.answer_text(answer) == answer.text() == "T\nB\nTry: a | b"
    fr = Answer("q", Status.NO_ANSWER, "", "", suggestions=("a",), language="fr")
    assert wording.answer_text(fr) == "Essayez : a"
