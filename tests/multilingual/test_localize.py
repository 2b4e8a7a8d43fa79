"""The language layer's pure parts, tested directly: dates, periods, notes, fields, suggestions."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot import wording
from bot.answer import Answer, AnswerField, Status
from bot.answering.in_language import Say
from bot.answering.localize import Localizer
from bot.answering.localize_lists import period
from bot.answering.localize_members import lead_text
from bot.knowledge.langs import LanguagePack
from bot.knowledge.models import FuzzyDate, KnowledgeBase, MemberStatus
from bot.wording.bidi import FSI, PDI, isolated, without_bidi_controls


def _pack(kb: KnowledgeBase, code: str) -> LanguagePack:
    return next(p for p in kb.languages if p.code == code)


@pytest.fixture(scope="module")
def localizer(kb: KnowledgeBase) -> Localizer:
    """The language layer's localizer over the frozen facts and language files."""
    return Localizer(kb, kb.languages)


def test_dates_come_from_babel_at_the_precision_the_facts_have(kb: KnowledgeBase) -> None:
    """A day, a month and a year are each written as the locale writes them."""
    say = Say(_pack(kb, "de"))
    assert say.date(FuzzyDate(2020, 9, 15)) == "15. September 2020"
    assert say.date(FuzzyDate(2020, 9)) == "September 2020"
    assert say.date(FuzzyDate(2020)) == "2020"
    assert say.date(FuzzyDate(2020, 9, 15, approximate=True)) == "etwa 15. September 2020"


def test_a_period_is_read_from_the_events_the_title_lists(kb: KnowledgeBase) -> None:
    """A day, a month or a year in an English events title comes back in the locale's form."""
    say = Say(_pack(kb, "ru"))
    september = [e for e in kb.events if (e.date.year, e.date.month) == (2020, 9)]
    assert september
    month = wording.what_happened(f"{wording.month_name(9)} 2020", on_day=False)
    assert period(month, september, say) == "сентябрь 2020\u202fг."  # CLDR's narrow space
    assert period(wording.what_happened("2020", on_day=False), september, say) == "2020"
    day = next(e for e in september if e.date.day is not None and not e.date.approximate)
    on_day = wording.what_happened(day.date.human, on_day=True)
    assert period(on_day, [day], say) == Say(_pack(kb, "ru")).date(day.date)
    assert not say.english_kept


def test_caveats_get_the_languages_head_and_their_events_date(
    kb: KnowledgeBase, localizer: Localizer
) -> None:
    """ "Note:" and "Note (15 September 2020):" become the language's head and date."""
    event = next(e for e in kb.events if e.caveats and e.date.day is not None)
    english = Answer(
        "q",
        Status.ANSWERED,
        "T",
        "B",
        notes=(wording.note("A caveat."), wording.dated_note(event.date.human, event.caveats[0])),
    )
    notes = localizer.localize(english, "fr").notes
    assert notes[0] == "Remarque : A caveat."
    assert notes[1].startswith(f"Remarque ({Say(_pack(kb, 'fr')).date(event.date)}) : ")
    assert not any(n.startswith("Note") for n in notes)


def test_clarifying_questions_about_a_person_or_a_year_are_localized(
    localizer: Localizer,
) -> None:
    """Which person, which year: asked back in the asker's language, not in English."""
    for body, russian in (
        (wording.WHICH_PERSON, "Какого человека вы имеете в виду?"),
        (wording.WHICH_YEAR, "Какой год вы имеете в виду?"),
    ):
        answer = localizer.localize(Answer("q", Status.CLARIFY, "", body), "ru")
        assert answer.body == russian
        assert not any("английском" in n for n in answer.notes)


def test_field_labels_the_core_writes_are_relabelled(localizer: Localizer) -> None:
    """A field the rebuild left as the core wrote it still gets the language's label."""
    english = Answer(
        "q", Status.ANSWERED, "T", "B", fields=(AnswerField(wording.FIELD_RATIFICATION, "x"),)
    )
    (field,) = localizer.localize(english, "es").fields
    assert field.name == "Ratificación"


def test_the_as_of_date_is_written_in_the_locale(kb: KnowledgeBase, localizer: Localizer) -> None:
    """The served facts' as-of date comes back from Babel; another date is left alone."""
    english = Answer("q", Status.NO_ANSWER, "", "", as_of=kb.as_of)
    for code in ("ar", "he", "ru", "kk", "fr", "es", "de"):
        as_of = localizer.localize(english, code).as_of
        assert as_of == Say(_pack(kb, code)).date(kb.meta.as_of)
        assert "June" not in as_of or code == "en"
    other = Answer("q", Status.NO_ANSWER, "", "", as_of="1 May 1999")
    assert localizer.localize(other, "de").as_of == "1 May 1999"


def test_a_year_suggestion_is_asked_in_the_language(localizer: Localizer) -> None:
    """ "What happened in 2021?" as a suggestion becomes the language's own question."""
    english = Answer("q", Status.NO_ANSWER, "", "", suggestions=(wording.what_happened_in(2021),))
    assert localizer.localize(english, "de").suggestions == ("Was ist 2021 passiert?",)


def test_leads_and_isolation(kb: KnowledgeBase) -> None:
    """The yes/no lead names the state in the language; rtl answers isolate Latin runs."""
    say = Say(_pack(kb, "he"), {"egypt": "Egypt"})
    lead = lead_text("egypt", MemberStatus.NOT_MEMBER, say)
    assert lead.startswith("לא.") and "מצרים" in lead
    answer = isolated(Answer("q", Status.ANSWERED, "Al Zayani", "נחתם 2020", notes=("x",)))
    assert (answer.title, answer.body) == (f"{FSI}Al Zayani{PDI}", f"נחתם {FSI}2020{PDI}")
    assert without_bidi_controls("a\u202eb\u2066c") == "abc"


def test_an_answer_made_of_findings_is_titled_in_the_language(localizer: Localizer) -> None:
    """The kind of the findings titles the answer in the asker's language; the findings'
    English sentences are kept and said to be English, once."""
    english = Answer(
        "q",
        Status.ANSWERED,
        "Why, as reported: Morocco",
        "• Morocco wanted X.",
        intent="finding_reason",
    )
    russian = localizer.localize(english, "ru")
    assert russian.title == "Почему: что сообщалось"
    assert "Morocco wanted X." in russian.body
    german = localizer.localize(replace(english, intent="finding_effect"), "de")
    assert german.title == "Was sich geändert hat"
