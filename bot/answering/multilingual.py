"""The one entry point of the language layer around the English pipeline.

`prepare` turns a question in any language the fact base has a file for into the English
words the reader understands, and says which language to answer in; `localize` turns the
English answer back into that language. Built once per knowledge base, pure and synchronous;
a base without language files answers everything in English, unchanged.
"""

from __future__ import annotations

from bot.answer import Answer
from bot.answering.localize import Localizer
from bot.knowledge.langs import ENGLISH
from bot.knowledge.models import KnowledgeBase, Member, Person, Related
from bot.knowledge.normalize import normalize
from bot.understanding.language import Languages

MAX_QUESTION_CHARS = 4000


class Multilingual:
    """Read questions in the base's languages and answer in the asker's language."""

    def __init__(self, kb: KnowledgeBase) -> None:
        names: dict[str, str] = {}
        records: tuple[Member | Related | Person, ...] = (*kb.members, *kb.related, *kb.people)
        for rec in records:
            for alias in (rec.name, *rec.aliases):
                names.setdefault(normalize(alias), rec.name)
        self.languages = Languages(kb.languages, names)
        self.localizer = Localizer(kb, kb.languages)
        self.codes = tuple(p.code for p in kb.languages)
        self._commands = {p.code: p.commands for p in kb.languages if p.commands}
        self._labels = {p.code: p.labels for p in kb.languages}

    def prepare(self, question: str) -> tuple[str, str]:
        """Return the question in the reader's English words and the language to answer in."""
        if (
            not isinstance(question, str)
            or len(question) > MAX_QUESTION_CHARS
            or len(self.codes) < 2
        ):
            return question, ENGLISH
        prepared = self.languages.prepare(question)
        return prepared.english, prepared.language

    def localize(self, answer: Answer, language: str, question: str | None = None) -> Answer:
        """Return `answer` in `language`, echoing the asker's own `question` when given."""
        if language == ENGLISH:
            return answer
        return self.localizer.localize(answer, language, question)

    def labels_for(self, key: str) -> tuple[str, ...]:
        """Return the decoration `key` ("facts_as_of", …) in every served language, for reading
        a rendered answer back ("Факты на июнь 2026 г.")."""
        return tuple(dict.fromkeys(t[key] for t in self._labels.values() if key in t))

    def command_translations(self) -> dict[str, dict[str, str]]:
        """Return each slash-command text ("ask.name", …) by language code, for localization.

        Platforms map the codes to their own locales (Discord: es → es-ES, es-419).
        """
        out: dict[str, dict[str, str]] = {}
        for code, entries in self._commands.items():
            for key, text in entries.items():
                out.setdefault(key, {})[code] = text
        return out
