"""Language detection and the rewrite into the reader's English words."""

from __future__ import annotations

import pytest

from bot.answering.multilingual import Multilingual
from bot.understanding.scripts import script_of


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("متى انضم المغرب؟", "ar"),
        ("מתי הצטרפה מרוקו?", "he"),
        ("Когда присоединился Бахрейн?", "ru"),
        ("Бахрейн қашан қосылды?", "kk"),
        ("Бахрейн мүше ме?", "kk"),
        ("Quand le Bahreïn a-t-il adhéré ?", "fr"),
        ("¿Cuándo se unió Baréin?", "es"),
        ("Wann ist Bahrain beigetreten?", "de"),
        ("When did Bahrain join?", "en"),
        ("was Bahrain the first to sign?", "en"),
        ("wen bahrain deal announced", "en"),  # English chat shorthand, German word
        ("Wen hat Trump angerufen?", "de"),
    ],
)
def test_detects_the_language_of_a_question(
    multilingual: Multilingual, question: str, language: str
) -> None:
    """Each language is told by its script, its own letters and its question words."""
    assert multilingual.prepare(question)[1] == language


def test_a_languages_own_punctuation_tells_it_when_its_words_are_too_few(
    multilingual: Multilingual,
) -> None:
    """ "¿Siria?" has no Spanish word at all, but only Spanish opens a question with "¿";
    an English question word still decides."""
    assert multilingual.prepare("Siria?")[1] == "en"
    assert multilingual.prepare("¿Siria?")[1] == "es"
    assert multilingual.prepare("¿Siria se va a unir?")[1] == "es"
    assert multilingual.prepare("¡Siria se va a unir!")[1] == "es"
    assert multilingual.prepare("¿when did morocco join?")[1] == "en"
    assert multilingual.prepare("¿Сирия присоединится?")[1] == "ru"


def test_kazakh_letters_tell_kazakh_from_russian(multilingual: Multilingual) -> None:
    """A Cyrillic question with ә ғ қ ң ө ұ ү һ і and no Russian question word is Kazakh."""
    assert multilingual.prepare("Қазақстан мүше ме?")[1] == "kk"
    assert multilingual.prepare("Казахстан участник?")[1] == "ru"


def test_a_mixed_question_takes_the_language_of_its_question_words(
    multilingual: Multilingual,
) -> None:
    """Russian question words with English names answer in Russian, and the reverse."""
    assert multilingual.prepare("Когда Morocco joined?")[1] == "ru"
    english, language = multilingual.prepare("When did Марокко join?")
    assert language == "en"
    assert "Morocco" in english


def test_rewrite_maps_question_cue_words_and_names_to_english(multilingual: Multilingual) -> None:
    """Question words, cue words, the accords' name and state names become English words."""
    english, _ = multilingual.prepare("Когда Судан подписал Авраамовы соглашения?")
    assert english.split()[:1] == ["when"]
    assert {"Sudan", "signed", "abraham", "accords"} <= set(english.replace("?", "").split())


def test_inflected_and_prefixed_forms_are_read(multilingual: Multilingual) -> None:
    """A Russian case ending, a Hebrew prefix and a Kazakh suffix do not hide a word."""
    assert "Kazakhstan" in multilingual.prepare("Когда объявили о вступлении Казахстана?")[0]
    assert "abraham accords" in multilingual.prepare("מה קרה בהסכמי אברהם?")[0]
    assert "abraham accords" in multilingual.prepare("Ибраһим келісіміне кім қосылды?")[0]


def test_a_misspelt_word_is_repaired_within_its_script(multilingual: Multilingual) -> None:
    """rapidfuzz repairs a typo against the language's own words and names."""
    english, language = multilingual.prepare("Когда присоеденился Бахреин?")
    assert language == "ru"
    assert {"when", "joined", "Bahrain"} <= set(english.replace("?", "").split())


def test_a_yes_no_question_without_question_word_reads_as_yes_no(
    multilingual: Multilingual,
) -> None:
    """A particle (ли, האם, هل) or a question mark alone makes an English yes/no question."""
    assert multilingual.prepare("Подписал ли Казахстан соглашение?")[0].startswith("did ")
    assert multilingual.prepare("האם מצרים חברה?")[0].startswith("is ")
    assert multilingual.prepare("¿Sudán ratificó el acuerdo?")[0].startswith("did ")


def test_english_questions_pass_through_unchanged(multilingual: Multilingual) -> None:
    """The English pipeline sees an English question exactly as it was asked."""
    question = "When did Morocco join the Abraham Accords?"
    assert multilingual.prepare(question) == (question, "en")


def test_hostile_bidi_controls_are_stripped(multilingual: Multilingual) -> None:
    """Right-to-left overrides and isolates in a question reach no reader."""
    english, language = multilingual.prepare("\u202eمتى\u202c انضم \u2067المغرب\u2069؟")
    assert language == "ar"
    assert not any(ch in english for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2069")
    assert english.startswith("when")


def test_script_of_a_word() -> None:
    """Scripts are read from the letters; digits say nothing."""
    assert script_of("2020") is None
    assert script_of("מתי") == "hebrew"
    assert script_of("متى") == "arabic"
    assert script_of("қашан") == "cyrillic"
    assert script_of("quand") == "latin"


@pytest.mark.parametrize(
    "question",
    [
        "wen did morroco join?",
        "abraham accords 2022",
        "tell me a joke",
        "is Oman a member?",
        "Tell me about Oman",  # Spanish "me" once outweighed an English frame with no "the"
        "can you tell me about Qatar",
    ],
)
def test_english_chat_is_not_taken_for_another_latin_language(
    multilingual: Multilingual, question: str
) -> None:
    """Slang, names and words shared with English are no evidence of French, Spanish, German."""
    assert multilingual.prepare(question) == (question, "en")


@pytest.mark.parametrize(
    "question",
    ["2021 жылға дейін қандай елдер қосылды?", "Какие страны присоединились до 2021 года?"],
)
def test_time_words_reach_the_reader_before_their_year(
    multilingual: Multilingual, question: str
) -> None:
    """ "before" comes out before the year, also where the language puts it after."""
    assert "before 2021" in multilingual.prepare(question)[0]


def test_a_question_in_one_script_with_an_english_frame_stays_english(
    multilingual: Multilingual,
) -> None:
    """ "is Қазақстан a member?" is English with a Kazakh name: answered in English."""
    english, language = multilingual.prepare("is Қазақстан a member?")
    assert language == "en"
    assert "Kazakhstan" in english


@pytest.mark.parametrize(
    ("question", "english"),
    [
        ("ماذا حدث في 15 سبتمبر 2020؟", "september"),  # month names from CLDR
        ("Что произошло в сентябре 2020?", "september"),
        ("מה קרה ב2021?", "2021"),  # a prefix written onto a year
        ("que recibio sudan a cambio", "Sudan"),  # accents left out
        ("مين هو جاريد كوشنر؟", "who"),  # a spoken question word
    ],
)
def test_months_spoken_forms_and_unaccented_words_are_read(
    multilingual: Multilingual, question: str, english: str
) -> None:
    """CLDR month names, spoken question words and words typed without accents are read."""
    assert english in multilingual.prepare(question)[0]


def test_unknown_words_are_left_out_only_when_something_of_the_base_is_named(
    multilingual: Multilingual,
) -> None:
    """A name keeps a question on topic; without one, unknown words still mark it off-topic."""
    named = multilingual.prepare("Саудовская Аравия участвует в соглашениях?")[0]
    assert "Saudi Arabia" in named and "участвует" not in named
    weather = multilingual.prepare("Какая погода сегодня?")[0]
    assert "погода" in weather


def test_an_unread_word_is_left_out_only_beside_something_understood(
    multilingual: Multilingual,
) -> None:
    """A name and a question word alone keep the unread word, so 'population' stays off-topic."""
    kept = multilingual.prepare("Quelle est la population du Maroc ?")[0]
    assert "population" in kept
    dropped = multilingual.prepare("Le Qatar fait partie des accords d'Abraham ?")[0]
    assert "Qatar" in dropped and "fait" not in dropped


def test_a_word_near_a_month_is_not_read_as_one(multilingual: Multilingual) -> None:
    """ "en nombre de Baréin" (on Bahrain's behalf) gives no November; a month as written,
    inflected or not, is still read."""
    english, _ = multilingual.prepare("¿quién firmó en nombre de Baréin en Washington?")
    assert "november" not in english
    assert "september" in multilingual.prepare("что произошло в сентябре 2020?")[0]
