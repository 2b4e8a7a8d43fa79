"""The language packs: one per `knowledge/lang/*.yaml` file, as the pure layers see it.

A pack holds what the bot needs to read a question in that language and to answer in it:
its question, cue and function words (each mapped to the English words the reader already
understands), the accords' own names, the names of states in that language, and the templates
and labels of the structured answers. It holds no code and reads no file: the language loader
builds it, and the understanding and answering layers consume it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

ENGLISH = "en"


@dataclass(frozen=True, slots=True)
class LanguagePack:
    """Everything one language file says, checked."""

    code: str
    name: str
    rtl: bool
    script: str
    file: str = ""
    letters: frozenset[str] = frozenset()
    marks: frozenset[str] = frozenset()
    """Punctuation only this language uses ("¿" and "¡"): a question with one is in it."""
    stemmer: str | None = None
    fold: Mapping[str, str] = field(default_factory=dict)
    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    question_words: Mapping[str, str] = field(default_factory=dict)
    yesno_words: frozenset[str] = frozenset()
    cue_words: Mapping[str, str] = field(default_factory=dict)
    function_words: frozenset[str] = frozenset()
    accords: tuple[str, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict)
    templates: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    texts: Mapping[str, str] = field(default_factory=dict)
    commands: Mapping[str, str] = field(default_factory=dict)
    """Slash-command wording: "ask.name", "ask.description", "ask.question.name", …"""

    def template(self, key: str, **values: str) -> str:
        """Return the template `key` filled with `values`."""
        return self.templates[key].format(**values)

    def label(self, key: str) -> str:
        """Return the label `key`."""
        return self.labels[key]
