"""Answers in the asker's language, rebuilt from the records with maintained templates."""

from __future__ import annotations

import logging

import pytest

from bot.answer import Status
from bot.engine import Engine
from bot.wording.bidi import FSI, PDI, isolate
from tests.multilingual.conftest import MultilingualEngine

# (language, question about when Morocco signed, the localized month of its signing)
_WHEN = [
    ("ar", "متى وقع المغرب؟", "ديسمبر"),
    ("he", "מתי חתמה מרוקו?", "בדצמבר"),
    ("ru", "Когда подписало Марокко?", "декабря"),
    ("kk", "Марокко қашан қол қойды?", "желтоқсан"),
    ("fr", "Quand le Maroc a-t-il signé ?", "décembre"),
    ("es", "¿Cuándo firmó Marruecos?", "diciembre"),
    ("de", "Wann hat Marokko unterzeichnet?", "Dezember"),
]


@pytest.mark.parametrize(("language", "question", "month"), _WHEN)
def test_member_date_in_the_askers_language(
    ml_engine: MultilingualEngine, language: str, question: str, month: str
) -> None:
    """The signing date comes back with the month in the asker's language (Babel, CLDR)."""
    answer = ml_engine.ask(question).answer
    assert answer.status is Status.ANSWERED
    assert "morocco" in answer.fact_ids
    assert month in answer.body and "22" in answer.body and "2020" in answer.body
    assert "December" not in answer.body


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("هل مصر عضو في اتفاقيات أبراهام؟", "لا."),
        ("האם מצרים חברה בהסכמי אברהם?", "לא."),
        ("Египет участник Авраамовых соглашений?", "Нет."),
        ("Мысыр мүше ме?", "Жоқ."),
        ("L'Égypte est-elle membre des accords d'Abraham ?", "Non."),
        ("¿Es Egipto miembro de los Acuerdos de Abraham?", "No."),
        ("Ist Ägypten Mitglied der Abraham-Abkommen?", "Nein."),
        ("Бахрейн участник Авраамовых соглашений?", "Да."),
    ],
)
def test_yes_no_membership_leads_in_the_askers_language(
    ml_engine: MultilingualEngine, question: str, lead: str
) -> None:
    """A membership question is answered yes or no first, in the question's language."""
    answer = ml_engine.ask(question).answer
    assert answer.status is Status.ANSWERED
    body = answer.body.replace(FSI, "").replace(PDI, "")
    assert body.startswith(lead), body


@pytest.mark.parametrize(
    "question",
    [
        "من وقع نيابة عن البحرين؟",
        "מי חתם בשם בחריין?",
        "Кто подписал за Бахрейн?",
        "Qui a signé pour Bahreïn ?",
        "¿Quién firmó por Baréin?",
        "Wer hat für Bahrain unterzeichnet?",
    ],
)
def test_signatories_in_the_askers_language(ml_engine: MultilingualEngine, question: str) -> None:
    """Signatories are listed under the language's own lead, names from the record."""
    answer = ml_engine.ask(question).answer
    assert answer.status is Status.ANSWERED
    assert answer.intent in ("member_signers", "claim:signatories")
    assert "Al Zayani" in answer.body
    assert not answer.body.replace(FSI, "").startswith("Signed on")


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("кто подписал соглашения авраама?", "Кто подписал"),
        ("qui a signé les accords d'Abraham ?", "Qui a signé"),
    ],
)
def test_who_signed_each_deal_in_the_askers_language(
    ml_engine: MultilingualEngine, question: str, title: str
) -> None:
    """ "Who signed?" with no state named lists each deal's signatories, not its dates, under a
    title in the language and no English heading."""
    answer = ml_engine.ask(question).answer
    assert answer.intent == "members:who"
    assert answer.title.startswith(title)
    assert "Mnuchin" in answer.body and "Al Zayani" in answer.body
    assert "Who signed" not in answer.text()


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("من هم أعضاء اتفاقيات أبراهام؟", "أعضاء اتفاقيات أبراهام"),
        ("מי החברות בהסכמי אברהם?", "החברות בהסכמי אברהם"),
        ("Кто участники Авраамовых соглашений?", "Участники Авраамовых соглашений"),
        ("Ибраһим келісімінің мүшелері кімдер?", "Ибраһим келісімдерінің мүшелері"),
        ("Quels sont les membres des accords d'Abraham ?", "Membres des accords d'Abraham"),
        ("¿Quiénes son los miembros de los Acuerdos de Abraham?", "Miembros de los Acuerdos"),
        ("Wer sind die Mitglieder der Abraham-Abkommen?", "Mitglieder der Abraham-Abkommen"),
    ],
)
def test_members_list_in_the_askers_language(
    ml_engine: MultilingualEngine, question: str, title: str
) -> None:
    """The members list: localized title, each member's localized name and status label."""
    answer = ml_engine.ask(question).answer
    assert answer.intent == "members"
    assert answer.title.startswith(title)
    assert len([line for line in answer.body.splitlines() if line.startswith("• ")]) == 5
    assert "In force" not in answer.body


def test_rtl_answers_isolate_latin_names_and_numbers(ml_engine: MultilingualEngine) -> None:
    """In Hebrew and Arabic, every Latin run and number sits inside U+2068 … U+2069."""
    for question in ("מי חתם בשם בחריין?", "من وقع نيابة عن البحرين؟"):
        answer = ml_engine.ask(question).answer
        assert f"{FSI}Abdullatif bin Rashid Al Zayani" in answer.body
        outside = "".join(part.split(PDI, 1)[-1] for part in answer.body.split(FSI))
        assert not any(ch.isascii() and ch.isalnum() for ch in outside), outside


def test_isolate_keeps_brackets_balanced() -> None:
    """A closing bracket whose opening one is outside the run stays outside the isolate."""
    assert isolate("נחתם (2020)") == f"נחתם ({FSI}2020{PDI})"
    assert isolate("(ceremony on the South Lawn)") == f"({FSI}ceremony on the South Lawn{PDI})"


def test_untranslated_free_text_says_so(ml_engine: MultilingualEngine) -> None:
    """A topic answer stays in English, with one line in the asker's language saying so."""
    answer = ml_engine.ask("Что такое Авраамовы соглашения?").answer
    assert answer.status is Status.ANSWERED
    assert "Ответ на английском: перевод этого текста не ведётся." in answer.notes
    assert "Abraham Accords" in answer.body


def test_fully_templated_answer_has_no_untranslated_line(ml_engine: MultilingualEngine) -> None:
    """The members list is all templates and names: no "answered in English" line."""
    answer = ml_engine.ask("Кто участники Авраамовых соглашений?").answer
    assert not any("на английском" in n for n in answer.notes)


def test_dont_know_and_suggestions_in_the_askers_language(ml_engine: MultilingualEngine) -> None:
    """An off-topic question is refused in its language, with suggestions in it too."""
    answer = ml_engine.ask("Какая погода в Москве?").answer
    assert answer.status is Status.NO_ANSWER
    assert answer.title == "Я этого не знаю"
    assert "Кто участники?" in answer.suggestions
    assert all(s.isascii() is False for s in answer.suggestions)


@pytest.mark.parametrize("question", ["Wie ist das Wetter?", "מה מזג האוויר היום?"])
def test_off_topic_in_another_language_is_refused(
    ml_engine: MultilingualEngine, question: str
) -> None:
    """The language layer never turns an off-topic question into an answer."""
    assert ml_engine.ask(question).answer.status is not Status.ANSWERED


@pytest.mark.parametrize("language", ["ar", "he", "ru", "kk", "fr", "es", "de"])
def test_localized_suggestions_are_understood(
    ml_engine: MultilingualEngine, language: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Every suggestion offered in a language is a question the bot answers in it."""
    pack = next(p for p in ml_engine.kb.languages if p.code == language)
    name = pack.names["morocco"]
    questions = [
        pack.template("ask_members"),
        pack.template("ask_member_when", name=name),
        pack.template("ask_member_is", name=name),
        pack.template("ask_member_status", name=name),
        pack.template("ask_member_overview", name=name),
        pack.template("ask_member_signers", name=name),
        pack.template("ask_accords"),
        pack.template("ask_critics"),
        pack.template("ask_year", year="2021"),
    ]
    with caplog.at_level(logging.ERROR):
        for question in questions:
            english, detected = ml_engine.multilingual.prepare(question)
            assert detected == language, (question, english)
            answer = ml_engine.ask(question).answer
            assert answer.status is Status.ANSWERED, (question, english, answer.body)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_follow_up_in_another_language_keeps_the_conversation(
    ml_engine: MultilingualEngine,
) -> None:
    """ "И Судан?" after a date question asks the same about Sudan, in Russian."""
    first = ml_engine.ask("Когда присоединился Бахрейн?")
    second = ml_engine.ask("А Судан?", first.state)
    assert second.answer.fact_ids[:1] == ("sudan",)
    assert "января" in second.answer.body or "октября" in second.answer.body


def test_a_date_filter_over_the_members_is_localized(ml_engine: MultilingualEngine) -> None:
    """ "Which joined before 2021" answers with a localized lead and rows, no English line."""
    answer = ml_engine.ask("Какие страны присоединились до 2021 года?").answer
    assert answer.intent == "members:joined"
    assert answer.body.startswith("Присоединились до 2021 года")
    assert {"uae", "bahrain", "morocco", "sudan"} <= set(answer.fact_ids)
    assert not any("на английском" in n for n in answer.notes)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Кто такой Токаев?", "Tokayev"),
        ("מי זה נתניהו?", "Netanyahu"),
        ("مين هو جاريد كوشنر؟", "Kushner"),
        ("ماذا قال بوريطة عن الاتفاق؟", "Bourita"),
        ("Кто такой Хамдук?", "Hamdok"),
        ("מי זה גדעון סער?", "Sa'ar"),
    ],
)
def test_people_named_in_their_own_script_are_found(
    ml_engine: MultilingualEngine, question: str, expected: str
) -> None:
    """A person's name written in Cyrillic, Hebrew or Arabic script is that person."""
    answer = ml_engine.ask(question).answer
    assert answer.status is Status.ANSWERED
    assert expected in answer.text()


@pytest.mark.parametrize(
    "question",
    ["Какое население Марокко?", "Wie ist das Wetter in Rabat?", "ما هو عدد سكان المغرب؟"],
)
def test_an_off_topic_question_naming_a_member_is_still_refused(
    ml_engine: MultilingualEngine, question: str
) -> None:
    """Morocco's population or Rabat's weather is not answered with Morocco's record."""
    assert ml_engine.ask(question).answer.status is not Status.ANSWERED


def test_both_parts_of_a_two_part_question_come_back_in_the_language(engine: Engine) -> None:
    """The first part rebuilt from Morocco's record in Russian keeps the second part (what the
    US gave) beside it, each part in the language on its own."""
    answer = engine.ask("когда подписали соглашение с марокко и что сша дали взамен?").answer
    assert answer.status is Status.ANSWERED
    assert "декабря 2020" in answer.body  # the first part, from the record, in Russian
    assert "Western Sahara" in answer.body  # the second part, kept


def test_whether_a_member_is_in_says_its_status_once_and_when_it_joined(engine: Engine) -> None:
    """The yes before it says the status: the answer goes on with when it joined, not with the
    status said again."""
    body = engine.ask("le Maroc est-il membre ?").answer.body
    assert body.startswith("Oui.") and "2020" in body
    assert "Statut" not in body
