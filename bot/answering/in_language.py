"""The words of one answer in one language: templates, labels, names, dates and numbers.

A `Say` is made for each answer being localized. It fills the language file's templates, names
records and places in the forms the file gives (falling back to English), formats dates and
numbers with Babel from CLDR data, and remembers whether English free text had to be kept, so
the answer can say so in one line. It never writes a word of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

from bot.knowledge.langs import LanguagePack
from bot.knowledge.models import FuzzyDate, MemberStatus


@dataclass
class Say:
    """Wording in one language, and whether English free text had to be kept."""

    pack: LanguagePack
    english_names: Mapping[str, str] = field(default_factory=dict)
    """Each record's English name by id: the fallback when the language file gives none."""
    english_kept: bool = False
    notes: list[str] = field(default_factory=list)
    """Notes in the language that the answer gains (they replace English ones)."""

    def t(self, key: str, **values: str) -> str:
        """Return the template `key` filled with `values`."""
        # A locale's date may end in an abbreviation ("2020 г."): one full stop, not two.
        return self.pack.template(key, **values).replace("..", ".")

    def label(self, key: str) -> str:
        """Return the label `key`."""
        return self.pack.label(key)

    def status(self, status: MemberStatus) -> str:
        """Return the label of a member's `status`."""
        return self.pack.label(f"status_{status.value}")

    def date(self, date: FuzzyDate) -> str:
        """Return `date` in the locale's form: a day, a month or a year; "about" if approximate."""
        code = self.pack.code
        if date.month is None:
            text = str(date.year)
        elif date.day is None:
            text = format_skeleton("yMMMM", dt.date(date.year, date.month, 1), locale=code)
        else:
            text = format_date(dt.date(date.year, date.month, date.day), "long", locale=code)
        return self.t("approximately", date=text) if date.approximate else text

    def number(self, n: int) -> str:
        """Return `n` as the locale writes it."""
        return format_decimal(n, locale=self.pack.code)

    def free(self, text: str) -> str:
        """Return the maintained translation of `text`, or `text` itself, marked as English."""
        translated = self.pack.texts.get(text)
        if translated is not None:
            return translated
        if text.strip():
            self.english_kept = True
        return text

    def place(self, text: str) -> str:
        """Return a name of a place or document in this language, else as written."""
        return self.pack.texts.get(text, text)

    def name_of(self, entity: str) -> str:
        """Return the name of the record `entity` in this language, else its English name."""
        local = self.pack.names.get(entity)
        if local is not None:
            return local
        return self.english_names.get(entity, entity)
