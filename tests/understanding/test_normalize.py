"""Normalising a question: chat spellings become the plain words the facts use."""

from __future__ import annotations

from bot.knowledge.normalize import normalize


def test_chat_spellings_become_plain_words() -> None:
    """Contractions typed without the apostrophe and numbered ordinals read as words, so a
    question is not taken to use words the facts do not know ("theyd", "2nd")."""
    assert normalize("who said they'd join?", slang=True) == "who said they would join"
    assert normalize("trump 2nd term", slang=True) == "trump second term"
    assert normalize("Trump 2nd term") == "trump 2nd term"  # slang only when asked for
    # fillers carry nothing the facts could lack
    assert normalize("who tf is witkoff tbh", slang=True) == "who is witkoff"
    assert normalize("kinda lost ngl", slang=True) == "kind of lost"
