"""The renderers' labels: one helper, the language files' words, English as the fallback."""

from __future__ import annotations

from dataclasses import replace

from bot import wording
from bot.answer import Answer, Status
from bot.answering.multilingual import Multilingual
from bot.knowledge.models import KnowledgeBase

ENGLISH_LABELS = {
    "try": wording.TRY.rstrip(),
    "sources": wording.SOURCES,
    "sources_continued": wording.SOURCES_CONTINUED,
    "facts_as_of": wording.FACTS_AS_OF.rstrip(),
    "continued": wording.CONTINUED,
    "caveat": wording.CAVEAT,
    "caveats": wording.CAVEATS,
    "more_you_can_ask": wording.MORE_YOU_CAN_ASK,
    "contested": wording.CONTESTED,
    "shortened": wording.SHORTENED,
    "more": wording.MORE_LABEL,
    "share": wording.SHARE_LABEL,
    "report": wording.REPORT_LABEL,
}
"""The labels renderers use, and the words English answers have always shown for them."""


def test_every_language_file_has_the_renderers_labels(kb: KnowledgeBase) -> None:
    """Each file names the labels renderers use; English's are the renderers' own words."""
    for pack in kb.languages:
        assert set(ENGLISH_LABELS) <= set(pack.labels), pack.code
        if pack.code != "en":
            same = [k for k in ENGLISH_LABELS if pack.labels[k] == ENGLISH_LABELS[k]]
            # Only a word the language shares with English ("Sources" in French) may repeat.
            assert set(same) <= {"sources", "more"}, (pack.code, same)
    english = next(p for p in kb.languages if p.code == "en")
    assert {k: english.labels[k] for k in ENGLISH_LABELS} == ENGLISH_LABELS
    english_answer = Answer("q", Status.ANSWERED, "T", "B")
    assert {k: wording.label(english_answer, k) for k in ENGLISH_LABELS} == ENGLISH_LABELS


def test_the_english_templates_are_the_words_the_core_writes(kb: KnowledgeBase) -> None:
    """The English file's notes and clarifying questions are `bot.wording`'s, so a change to
    one is seen at once by the language layer that recognises it."""
    english = next(p for p in kb.languages if p.code == "en")
    assert english.template("note", text="T") == wording.note("T")
    assert english.template("note_dated", date="D", text="T") == wording.dated_note("D", "T")
    assert english.template("clarify_country") == wording.WHICH_COUNTRY
    assert english.template("clarify_which") == wording.WHICH_OF_THESE
    assert english.template("clarify_person") == wording.WHICH_PERSON
    assert english.template("clarify_year") == wording.WHICH_YEAR
    assert english.template("ask_year", year="2021") == wording.what_happened_in(2021)
    assert english.template("critics_head") == wording.side_says(critique=True) + ":"
    assert english.template("supporters_head") == wording.side_says(critique=False) + ":"
    assert english.template("no_side") == wording.NO_SIDE_TAKEN
    for kind, title in wording.FINDING_TITLES.items():
        assert english.template(f"finding_{kind}") == title, kind


def _in(kb: KnowledgeBase, code: str) -> Answer:
    """An answer as the language layer puts it in `code`, with that language's labels."""
    english = Answer("q", Status.ANSWERED, "T", "B", as_of="June 2026")
    return Multilingual(kb).localize(english, code)


def test_a_label_is_read_back_in_any_served_language(kb: KnowledgeBase) -> None:
    """What a renderer wrote after a label is found whichever served language labelled it."""
    served = Multilingual(kb).labels_for("facts_as_of")
    assert wording.labelled_as("facts_as_of", "Facts as of June 2026", served) == "June 2026"
    russian = "Факты на июнь 2026 г."
    assert wording.labelled_as("facts_as_of", russian, served) == "июнь 2026 г."
    assert wording.labelled_as("facts_as_of", russian) is None  # English alone
    hebrew = f"{wording.label(_in(kb, 'he'), 'facts_as_of')} \u2068יוני 2026\u2069"
    assert wording.labelled_as("facts_as_of", hebrew, served) == "יוני 2026"
    assert wording.labelled_as("facts_as_of", "Sources: x", served) is None


def test_label_falls_back_to_english_and_isolates_only_right_to_left(kb: KnowledgeBase) -> None:
    """An answer in a served language gives its label, any other English; only an answer in a
    right-to-left language isolates the Latin runs put into it."""
    english = Answer("q", Status.ANSWERED, "T", "B")
    assert wording.label(_in(kb, "de"), "sources") == "Quellen"
    assert wording.label(_in(kb, "xx"), "sources") == wording.label(english, "sources")
    assert wording.label(english, "sources") == "Sources"
    hebrew, russian = _in(kb, "he"), _in(kb, "ru")
    assert wording.in_direction(hebrew, "June 2026", whole=True) == "\u2068June 2026\u2069"
    assert wording.in_direction(hebrew, "מקור 2026") == "מקור \u20682026\u2069"
    assert wording.in_direction(russian, "June 2026", whole=True) == "June 2026"


def test_building_a_language_layer_relabels_no_other_answer(kb: KnowledgeBase) -> None:
    """Labels travel with each answer: building another engine's language layer (a reload, a
    test over an edited copy) changes nothing an existing answer shows."""
    german = _in(kb, "de")
    edited = replace(kb, languages=tuple(replace(p, labels={}) for p in kb.languages))
    Multilingual(edited)
    assert wording.label(german, "sources") == "Quellen"


def test_answer_text_says_try_in_the_answers_language(kb: KnowledgeBase) -> None:
    """The plain text of an answer puts its suggestions behind "Try:" in its language."""
    answer = Answer("q", Status.NO_ANSWER, "T", "B", suggestions=("a", "b"))
    assert wording.answer_text(answer) == answer.text() == "T\nB\nTry: a | b"
    fr = replace(_in(kb, "fr"), title="", body="", notes=(), suggestions=("a",))
    assert wording.answer_text(fr) == "Essayez : a"
